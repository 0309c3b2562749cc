package dev.trialstream.producer.cli;

import dev.trialstream.core.message.LeaderboardSnapshot;
import dev.trialstream.core.message.MessageCodec;
import dev.trialstream.core.message.SearchSubmitted;
import dev.trialstream.kafka.KeyedReader;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.AuthorizationException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code trialstream status}: one progress line per search an aggregator reports, one per search still waiting for one. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "List every search with its progress, and the searches submitted that no aggregator has reported yet.")
public final class StatusCommand implements Callable<Integer> {

    @Spec
    private picocli.CommandLine.Model.CommandSpec command;

    @Mixin
    private BrokerOptions kafka = new BrokerOptions();

    @Option(names = "--json", description = "print a JSON array of snapshots")
    private boolean json;

    @Override
    public Integer call() {
        MessageCodec codec = new MessageCodec();
        Map<String, LeaderboardSnapshot> all;
        Optional<List<SearchSubmitted>> unseen;
        try (KafkaConsumer<String, byte[]> consumer = kafka.consumer("trialstream-status")) {
            KeyedReader reader = new KeyedReader(consumer, codec, kafka.timeout());
            all = kafka.bounded(() -> reader.all(kafka.topics().leaderboard(), LeaderboardSnapshot.class));
            unseen = json ? Optional.empty() : kafka.bounded(() -> unseen(reader, all));
        }
        PrintWriter out = command.commandLine().getOut();
        if (json) {
            out.println(all.values().stream().map(codec::encodeToString)
                    .collect(java.util.stream.Collectors.joining(",", "[", "]")));
            return 0;
        }
        // "ended", not "done": a cancelled search has ended too, and its line says [cancelled].
        all.values().forEach(s -> out.println((s.done() ? "ended    " : "running  ") + LeaderboardText.progress(s)));
        unseen.orElse(List.of()).forEach(s -> out.println("waiting  " + s.searchId() + " " + s.spec().name()
                + " [submitted]  no aggregator has reported it yet: " + SilenceHint.NO_AGGREGATOR));
        if (all.isEmpty() && unseen.map(List::isEmpty).orElse(true)) {
            out.println(unseen.isPresent() ? "no searches yet"
                    : "no searches yet (a submitted search is listed once an aggregator has seen it)");
        }
        return 0;
    }

    /**
     * The searches submitted that no aggregator has reported yet, in submission order; empty if this
     * login may not read {@code searches} (the producer role's ACLs do not grant it).
     */
    private Optional<List<SearchSubmitted>> unseen(KeyedReader reader, Map<String, LeaderboardSnapshot> reported) {
        try {
            return Optional.of(reader.all(kafka.topics().searches(), SearchSubmitted.class).values().stream()
                    .filter(s -> !reported.containsKey(s.searchId())).toList());
        } catch (AuthorizationException e) {
            return Optional.empty();
        }
    }
}
