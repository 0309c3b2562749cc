package dev.trialstream.producer.cli;

import dev.trialstream.core.text.Plural;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trialstream.core.message.LeaderboardSnapshot;
import dev.trialstream.core.message.MessageCodec;
import dev.trialstream.kafka.TopicLayout;
import dev.trialstream.producer.kafka.FleetPresence;
import dev.trialstream.producer.kafka.LeaderboardFollower;
import dev.trialstream.producer.kafka.SearchSubmitter;
import dev.trialstream.producer.kafka.SubmittedSearch;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code trialstream submit SPEC --bootstrap HOST:PORT}: publish a search. */
@Command(name = "submit", mixinStandardHelpOptions = true,
        description = {"Publish a search to Kafka and print its id.",
                "Validates the spec and its data before connecting, uploads the data once, then publishes the "
                        + "search and its first trials (the aggregator releases the rest as the fleet has room). With --wait, follows the search to the end and prints the leaderboard."})
public final class SubmitCommand implements Callable<Integer> {

    @Spec
    private picocli.CommandLine.Model.CommandSpec command;

    @Parameters(index = "0", paramLabel = "SPEC", description = "the search spec (YAML)")
    private Path specFile;

    @Mixin
    private BrokerOptions kafka = new BrokerOptions();

    @Mixin
    private SpecOptions overrides = new SpecOptions();

    @Mixin
    private TrainingOptions training = new TrainingOptions();

    @Option(names = "--wait", description = "follow the search until it is done, then print the leaderboard")
    private boolean wait;

    @Mixin
    private WaitOptions waitOptions = new WaitOptions();

    @Option(names = "--json", description = "print JSON (the submitted search, or the final leaderboard with --wait)")
    private boolean json;

    @Override
    public Integer call() throws Exception {
        // Everything that can be wrong with the input is found here, before any connection.
        PreparedSearch search = PreparedSearch.of(specFile, new DataOptions(), overrides.toOverrides(training));
        search.notes().forEach(note -> command.commandLine().getErr().println("note: " + note));
        kafka.ensureTopics(TopicLayout.DEFAULTS);
        MessageCodec codec = new MessageCodec();
        SubmittedSearch submitted;
        try (KafkaProducer<String, byte[]> producer = SearchSubmitter.transactionalProducer(kafka.connection(),
                kafka.topics())) {
            SearchSubmitter submitter = new SearchSubmitter(producer, kafka.topics(), codec, Clock.systemUTC(),
                    SearchSubmitter.randomIds());
            submitted = kafka.bounded(() -> submitter.submit(search.spec(), search.strategy(), search.source()));
        }
        PrintWriter out = command.commandLine().getOut();
        PrintWriter err = command.commandLine().getErr();
        if (!wait) {
            if (json) {
                out.println(new ObjectMapper().writeValueAsString(java.util.Map.of(
                        "search_id", submitted.searchId(), "trials", submitted.search().trialBudget(),
                        "queued", submitted.trials().size())));
            } else {
                out.println(submitted.searchId());
            }
            return 0;
        }
        err.printf("submitted %s: %s, %d at a time%n", submitted.searchId(),
                Plural.of(submitted.search().trialBudget(), "trial"), submitted.search().parallelism());
        ProgressDisplay display = ProgressDisplay.forConsole(err);
        try (KafkaConsumer<String, byte[]> consumer = kafka.consumer("trialstream-submit-wait");
             KafkaConsumer<String, byte[]> fleetConsumer = kafka.consumer("trialstream-submit-wait-fleet");
             GoesOnWithout notice = GoesOnWithout.whileFollowing(err, "submit", submitted.searchId())) {
            LeaderboardFollower follower = SilenceHint.afterSubmit(new LeaderboardFollower(consumer, codec,
                    kafka.topics().leaderboard(), kafka.timeout()), display.notes(err))
                    .watchingFleet(kafka.bounded(() -> new FleetPresence(fleetConsumer, codec,
                            kafka.topics().schedule(), kafka.timeout(), Clock.systemUTC())))
                    .judgingStallsBy(waitOptions.stallRule());
            LeaderboardSnapshot last;
            try {
                last = kafka.bounded(() -> follower.follow(submitted.searchId(), waitOptions.waitTimeout(),
                        display::offer));
            } catch (LeaderboardFollower.SearchTimeoutException e) {
                throw GoesOnWithout.timedOut(e, submitted.searchId());
            }
            out.print(json ? codec.encodeToString(last) + "\n" : LeaderboardText.table(last));
        }
        return 0;
    }
}
