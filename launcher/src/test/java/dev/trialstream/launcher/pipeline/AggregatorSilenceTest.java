package dev.trialstream.launcher.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.trialstream.aggregator.streams.AggregatorApp;
import dev.trialstream.aggregator.streams.AggregatorConfig;
import dev.trialstream.broker.EmbeddedKafkaExtension;
import dev.trialstream.core.message.LeaderboardSnapshot;
import dev.trialstream.core.message.MessageCodec;
import dev.trialstream.kafka.ClientConfigs;
import dev.trialstream.kafka.Topics;
import dev.trialstream.launcher.cli.Cli;
import dev.trialstream.producer.kafka.LeaderboardFollower;
import dev.trialstream.producer.kafka.LeaderboardFollower.Silence;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code watch} and {@code submit --wait} follow a search's snapshots: with the aggregator stopped
 * they showed its last one, frozen, and said nothing. Now a follower says that no aggregator
 * reports, and when one does again; a quiet search (no worker, so every trial queued) with an
 * aggregator running is not taken for one without: the aggregator republishes it every heartbeat.
 */
class AggregatorSilenceTest {

    @RegisterExtension
    static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension();

    private static final Duration SILENT_AFTER = Duration.ofSeconds(3);

    @TempDir
    Path dir;

    private final MessageCodec codec = new MessageCodec();
    private final List<String> hints = new CopyOnWriteArrayList<>();

    @Test
    void follower_saysNoAggregatorReportsWhileNoneRuns_andWhenOneIsBack_butNotOfAQuietSearch() throws Exception {
        String bootstrap = KAFKA.get().bootstrapServers();
        Topics topics = new Topics("as.");
        Cli submit = Cli.run("submit", TinySearch.write(dir, "silence", 2, 2).toString(), "--bootstrap", bootstrap,
                "--topic-prefix", "as.");
        assertThat(submit.exitCode()).as(submit.err()).isZero();
        String id = submit.out().strip();
        AggregatorConfig config = new AggregatorConfig(bootstrap, topics, dir.resolve("aggregator"), 20,
                Duration.ofMinutes(2)).withHeartbeat(Duration.ofMillis(500));

        try (AggregatorApp aggregator = new AggregatorApp(config, Clock.systemUTC()).start();
             KafkaConsumer<String, byte[]> consumer = consumer()) {
            LeaderboardFollower follower = follower(consumer, topics);
            follower.follow(id, Duration.ofMinutes(2), snapshot -> { }, snapshot -> true); // its first snapshot
            // Running, with no worker: nothing changes, and no trial starts.
            assertThatThrownBy(() -> follower.follow(id, SILENT_AFTER.multipliedBy(3), snapshot -> { },
                    snapshot -> false)).isInstanceOf(LeaderboardFollower.SearchTimeoutException.class)
                    .hasMessageContaining("no trial of it has started");
        }
        assertThat(hints).as("with an aggregator running, a quiet search").containsExactly(id + " NO_TRIAL_STARTED");
        hints.clear();

        try (KafkaConsumer<String, byte[]> consumer = consumer()) {
            LeaderboardFollower follower = follower(consumer, topics);
            CompletableFuture<LeaderboardSnapshot> following = CompletableFuture.supplyAsync(() -> follower.follow(id,
                    Duration.ofSeconds(90), snapshot -> { }, snapshot -> hints.contains(id + " reporting again")));
            await().atMost(SILENT_AFTER.multipliedBy(4)).until(() -> !hints.isEmpty());
            assertThat(hints).as("the aggregator stopped").containsExactly(id + " NO_REPORT");

            try (AggregatorApp restarted = new AggregatorApp(config, Clock.systemUTC()).start()) {
                following.get(2, TimeUnit.MINUTES);
            }
        }
        assertThat(hints).as("the aggregator back").containsExactly(id + " NO_REPORT", id + " reporting again");
    }

    private LeaderboardFollower follower(KafkaConsumer<String, byte[]> consumer, Topics topics) {
        return new LeaderboardFollower(consumer, codec, topics.leaderboard(), Duration.ofSeconds(30))
                .hintingWhenSilent(SILENT_AFTER, new LeaderboardFollower.SilenceListener() {
                    @Override
                    public void silent(String searchId, Silence silence) {
                        hints.add(searchId + " " + silence);
                    }

                    @Override
                    public void reportingAgain(String searchId, Duration lasted) {
                        hints.add(searchId + " reporting again");
                    }
                });
    }

    private static KafkaConsumer<String, byte[]> consumer() {
        return new KafkaConsumer<>(ClientConfigs.consumer(KAFKA.get().bootstrapServers(), "silence-reader", null));
    }
}
