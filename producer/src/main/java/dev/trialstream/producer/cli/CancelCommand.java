package dev.trialstream.producer.cli;

import dev.trialstream.core.message.LeaderboardSnapshot;
import dev.trialstream.core.message.MessageCodec;
import dev.trialstream.producer.kafka.SearchCanceller;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.producer.KafkaProducer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code trialstream cancel SEARCH_ID}: stop a search. */
@Command(name = "cancel", mixinStandardHelpOptions = true,
        description = {"Cancel a search; no final model is fitted.",
                "Running trials stop at their next epoch, queued ones are skipped (recorded as pruned)."})
public final class CancelCommand implements Callable<Integer> {

    @Spec
    private picocli.CommandLine.Model.CommandSpec command;

    @Parameters(index = "0", paramLabel = "SEARCH_ID", description = "the id submit printed, e.g. s-1a2b3c4d")
    private String searchId;

    @Mixin
    private BrokerOptions kafka = new BrokerOptions();

    @Option(names = "--reason", defaultValue = "cancelled by the user", paramLabel = "TEXT", description = "recorded on every stopped trial")
    private String reason;

    @Override
    public Integer call() {
        MessageCodec codec = new MessageCodec();
        Optional<LeaderboardSnapshot> known = kafka.latestLeaderboard("trialstream-cancel", searchId, codec);
        if (known.isEmpty()) {
            throw new IllegalArgumentException("no search " + searchId + " in " + kafka.topics().leaderboard());
        }
        if (known.get().done()) {
            command.commandLine().getOut().printf("%s is already %s; nothing to cancel%n", searchId, known.get().status().wireName());
            return 0;
        }
        try (KafkaProducer<String, byte[]> producer = kafka.producer("trialstream-cancel")) {
            kafka.bounded(() -> {
                new SearchCanceller(producer, kafka.topics(), codec, Clock.systemUTC()).cancel(searchId, reason);
                return null;
            });
        }
        command.commandLine().getOut().printf("%s: cancel sent (%s)%n", searchId, reason);
        return 0;
    }
}
