package dev.trialstream.producer.cli;

import dev.trialstream.core.message.LeaderboardSnapshot;
import dev.trialstream.core.message.MessageCodec;
import dev.trialstream.producer.kafka.SearchControls;
import java.time.Clock;
import java.util.Optional;
import org.apache.kafka.clients.producer.KafkaProducer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code trialstream cancel SEARCH_ID}: stop a search. */
@Command(name = "cancel", mixinStandardHelpOptions = true,
        description = {"Cancel a search; no final model is fitted.",
                "Running trials stop at their next epoch, queued ones are skipped (recorded as pruned)."})
public final class CancelCommand extends SearchCommand {

    @Option(names = "--reason", defaultValue = "cancelled by the user", paramLabel = "TEXT", description = "recorded on every stopped trial")
    private String reason;

    @Override
    public Integer call() {
        String searchId = searchId();
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
                new SearchControls(producer, kafka.topics(), codec, Clock.systemUTC()).cancel(searchId, reason);
                return null;
            });
        }
        command.commandLine().getOut().printf("%s: cancel sent (%s)%n", searchId, reason);
        return 0;
    }
}
