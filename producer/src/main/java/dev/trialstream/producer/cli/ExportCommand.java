package dev.trialstream.producer.cli;

import dev.trialstream.core.bundle.BundleInfo;
import dev.trialstream.core.bundle.ModelBundle;
import dev.trialstream.core.message.LeaderboardSnapshot;
import dev.trialstream.core.message.MessageCodec;
import dev.trialstream.core.message.ModelPublished;
import dev.trialstream.core.status.SearchStatus;
import dev.trialstream.core.text.Figures;
import dev.trialstream.producer.kafka.ModelFetcher;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code trialstream export SEARCH_ID --out model.zip}: the winner's model bundle. */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = "Write a finished search's model bundle (DL4J model + preprocessing + metrics) to a file.")
public final class ExportCommand extends SearchCommand {

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "where to write the bundle zip")
    private Path out;

    @Override
    public Integer call() throws Exception {
        String searchId = searchId();
        OutputFile.requireWritable("--out", out); // before the download, not after it
        MessageCodec codec = new MessageCodec();
        try (KafkaConsumer<String, byte[]> consumer = kafka.consumer("trialstream-export")) {
            ModelFetcher fetcher = new ModelFetcher(consumer, kafka.topics(), codec, kafka.timeout());
            ModelPublished published = kafka.bounded(() -> fetcher.published(searchId)).orElseThrow(
                    () -> new IllegalArgumentException(MissingModel.why(knownSearch("trialstream-export", codec),
                            kafka.topics().models())));
            // A final fit abandoned by `cancel --abandon-final-fit` may still have answered: its model is on
            // the topic, but the search ended cancelled without one.
            java.util.Optional<LeaderboardSnapshot> search = kafka.latestLeaderboard("trialstream-export", searchId, codec);
            if (search.isPresent() && search.get().status() == SearchStatus.CANCELLED) {
                throw new IllegalArgumentException(MissingModel.why(search.get(), kafka.topics().models()));
            }
            byte[] bytes = kafka.bounded(() -> fetcher.bundleBytes(published));
            try {
                Files.write(out, bytes);
            } catch (IOException e) {
                throw OutputFile.cannotWrite("--out", out, e); // the bundle stays on the models topic
            }
            // The winner's CV score is the aggregator's to know: its leaderboard ranks the winner first.
            String cvMse = search.flatMap(LeaderboardSnapshot::best)
                    .filter(best -> best.trialId().equals(published.trialId()))
                    .map(best -> Figures.number(best.cvMse(), 4)).orElse("-");
            BundleInfo info = ModelBundle.fromBytes(out.toString(), bytes).info();
            command.commandLine().getOut().printf(Locale.ROOT, "%s: %s, test mae %s -> %s (%d bytes)%n", searchId,
                    model(info.members().size(), published.trialId(), cvMse), Figures.number(published.test().mae(), 4), out,
                    bytes.length);
            command.commandLine().getOut().print(LeaderboardText.members(info));
        }
        return 0;
    }

    /**
     * What the bundle is: the best trial alone, or an ensemble of which it is the best member. The
     * test MAE printed after it is the bundle's: said of the best trial alone when the model is an
     * ensemble, it read as that trial's score (each member's own is on the lines below).
     */
    static String model(int members, String bestTrial, String cvMse) {
        String best = "trial " + bestTrial + ", cv_mse " + cvMse;
        return members < 2 ? best : "ensemble of " + members + " trials (best " + best + ")";
    }
}
