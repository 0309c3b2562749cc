package dev.trialstream.producer.cli;

import dev.trialstream.core.message.LeaderboardSnapshot;
import dev.trialstream.core.message.MessageCodec;
import dev.trialstream.kafka.KeyedReader;
import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code trialstream status}: one progress line per known search. */
@Command(name = "status", mixinStandardHelpOptions = true, description = "List every search with its progress.")
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
        try (KafkaConsumer<String, byte[]> consumer = kafka.consumer("trialstream-status")) {
            all = kafka.bounded(() -> new KeyedReader(consumer, codec, kafka.timeout())
                    .all(kafka.topics().leaderboard(), LeaderboardSnapshot.class));
        }
        PrintWriter out = command.commandLine().getOut();
        if (json) {
            out.println(all.values().stream().map(codec::encodeToString)
                    .collect(java.util.stream.Collectors.joining(",", "[", "]")));
        } else if (all.isEmpty()) {
            out.println("no searches yet (a submitted search is listed once an aggregator has seen it)");
        } else {
            all.values().forEach(s -> out.println((s.done() ? "done     " : "running  ") + LeaderboardText.progress(s)));
        }
        return 0;
    }
}
