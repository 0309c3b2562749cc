package dev.trialstream.launcher.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.trialstream.aggregator.streams.AggregatorApp;
import dev.trialstream.aggregator.streams.AggregatorConfig;
import dev.trialstream.broker.EmbeddedKafkaExtension;
import dev.trialstream.core.message.LeaderboardSnapshot;
import dev.trialstream.core.message.MessageCodec;
import dev.trialstream.core.message.StatusCounts;
import dev.trialstream.core.message.WorkerSlots;
import dev.trialstream.core.status.SearchStatus;
import dev.trialstream.kafka.ClientConfigs;
import dev.trialstream.kafka.Topics;
import dev.trialstream.launcher.cli.Cli;
import dev.trialstream.producer.kafka.FleetPresence;
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
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every worker gone while a search has trials to go: the aggregator still republishes the search
 * every heartbeat, so the "no aggregator" hint does not fire, and {@code watch} and
 * {@code submit --wait} showed the same numbers with no word. Now they say that no worker has
 * been in the fleet (from the workers' own announcements on the schedule topic), and when one is
 * back. Real broker, real aggregator; the worker's announcements are sent as a worker sends them.
 */
class WorkerAbsenceTest {

    @RegisterExtension
    static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension();

    private static final Duration SILENT_AFTER = Duration.ofSeconds(3);

    @TempDir
    Path dir;

    private final MessageCodec codec = new MessageCodec();
    private final List<String> hints = new CopyOnWriteArrayList<>();

    @Test
    void watch_aSearchWithTrialsQueuedAndNoWorker_saysNoWorkerIsInTheFleet() throws Exception {
        String bootstrap = KAFKA.get().bootstrapServers();
        Cli submit = Cli.run("submit", TinySearch.write(dir, "no-worker", 6, 2).toString(), "--bootstrap", bootstrap,
                "--topic-prefix", "nw.", "--parallelism", "2");
        assertThat(submit.exitCode()).as(submit.err()).isZero();
        String id = submit.out().strip();
        AggregatorConfig config = new AggregatorConfig(bootstrap, new Topics("nw."), dir.resolve("aggregator"), 20,
                Duration.ofMinutes(2)).withHeartbeat(Duration.ofMillis(500));

        Cli watch;
        try (AggregatorApp aggregator = new AggregatorApp(config, Clock.systemUTC()).start()) {
            watch = Cli.run("watch", id, "--plain", "--bootstrap", bootstrap, "--topic-prefix", "nw.",
                    "--wait-timeout", "36");
        }

        assertThat(watch.exitCode()).isEqualTo(1);
        assertThat(watch.err()).as("the aggregator reports all along: not taken for a missing one")
                .doesNotContain("no aggregator has reported")
                .contains("trialstream watch: no worker has been in the fleet for ")
                .contains(" s: 6 trials of search " + id + " wait for one (start one: `trialstream worker"
                        + " --bootstrap HOST:PORT`, with the same --topic-prefix). Still waiting.")
                .contains("did not finish within 36 s (no worker is in the fleet: start one");
    }

    @Test
    void follower_theOnlyWorkerLeavingMidSearch_isSaid_andSoIsItsReturn() throws Exception {
        String bootstrap = KAFKA.get().bootstrapServers();
        Topics topics = new Topics("wl.");
        Cli submit = Cli.run("submit", TinySearch.write(dir, "worker-leaves", 4, 2).toString(), "--bootstrap",
                bootstrap, "--topic-prefix", "wl.");
        assertThat(submit.exitCode()).as(submit.err()).isZero();
        String id = submit.out().strip();
        AggregatorConfig config = new AggregatorConfig(bootstrap, topics, dir.resolve("aggregator"), 20,
                Duration.ofMinutes(2)).withHeartbeat(Duration.ofMillis(500));

        try (AggregatorApp aggregator = new AggregatorApp(config, Clock.systemUTC()).start();
             KafkaProducer<String, byte[]> worker = new KafkaProducer<>(ClientConfigs.producer(bootstrap, "w1"));
             KafkaConsumer<String, byte[]> consumer = consumer("leaderboard");
             KafkaConsumer<String, byte[]> fleetConsumer = consumer("fleet")) {
            announce(worker, topics, 2, Duration.ofMinutes(1)); // in the fleet for 3 minutes unless it says it leaves
            LeaderboardFollower follower = new LeaderboardFollower(consumer, codec, topics.leaderboard(),
                    Duration.ofSeconds(30)).hintingWhenSilent(SILENT_AFTER, listener())
                    .watchingFleet(new FleetPresence(fleetConsumer, codec, topics.schedule(), Duration.ofSeconds(30),
                            Clock.systemUTC()));
            CompletableFuture<LeaderboardSnapshot> following = CompletableFuture.supplyAsync(() -> follower.follow(id,
                    Duration.ofSeconds(90), snapshot -> { }, snapshot -> hints.contains("worker again")));

            Thread.sleep(SILENT_AFTER.multipliedBy(2).toMillis());
            assertThat(hints).as("a worker in the fleet, none of whose slots took a trial")
                    .containsExactly(id + " NO_TRIAL_STARTED");

            announce(worker, topics, 0, Duration.ofMinutes(1)); // it stops
            await().atMost(SILENT_AFTER.multipliedBy(4)).until(() -> hints.size() == 2);
            assertThat(hints.get(1)).as("every worker gone").isEqualTo(id + " no worker, 4 waiting");

            announce(worker, topics, 2, Duration.ofMinutes(1)); // back
            following.get(30, TimeUnit.SECONDS);
        }
        assertThat(hints).containsExactly(id + " NO_TRIAL_STARTED", id + " no worker, 4 waiting", "worker again");
    }

    /**
     * Every trial has ended and the final fit waits for a worker, with none in the fleet: the search
     * would never end, and the follower said nothing (it counted only trials queued or running).
     * The snapshots are published as an aggregator's heartbeat publishes them.
     */
    @Test
    void follower_aFinalFitWaitingWithNoWorker_isSaid() throws Exception {
        String bootstrap = KAFKA.get().bootstrapServers();
        Topics topics = new Topics("ff.");
        Cli created = Cli.run("topics", "--bootstrap", bootstrap, "--topic-prefix", "ff.");
        assertThat(created.exitCode()).as(created.err()).isZero();
        String id = "s-finalfit";
        LeaderboardSnapshot inFinalFit = new LeaderboardSnapshot(id, "final-fit", new StatusCounts(0, 0, 2, 0, 0),
                List.of(), List.of(), 40, 40, null, SearchStatus.FINAL_FIT, System.currentTimeMillis());

        try (KafkaProducer<String, byte[]> aggregator = new KafkaProducer<>(ClientConfigs.producer(bootstrap, "ag"));
             KafkaConsumer<String, byte[]> consumer = consumer("ff-leaderboard");
             KafkaConsumer<String, byte[]> fleetConsumer = consumer("ff-fleet")) {
            LeaderboardFollower follower = new LeaderboardFollower(consumer, codec, topics.leaderboard(),
                    Duration.ofSeconds(30)).hintingWhenSilent(SILENT_AFTER, listener())
                    .watchingFleet(new FleetPresence(fleetConsumer, codec, topics.schedule(), Duration.ofSeconds(30),
                            Clock.systemUTC()));
            CompletableFuture<LeaderboardSnapshot> following = CompletableFuture.supplyAsync(() -> follower.follow(id,
                    Duration.ofSeconds(30), snapshot -> { }, snapshot -> hints.contains(id + " no worker, 0 waiting")));
            while (!following.isDone()) {
                aggregator.send(new ProducerRecord<>(topics.leaderboard(), id, codec.encode(inFinalFit))).get();
                Thread.sleep(300);
            }
            following.get();
        }
        assertThat(hints).contains(id + " no worker, 0 waiting").doesNotContain(id + " NO_REPORT");
    }

    private void announce(KafkaProducer<String, byte[]> worker, Topics topics, int slots, Duration every)
            throws Exception {
        WorkerSlots announcement = new WorkerSlots("w1", slots, every.toMillis(), System.currentTimeMillis());
        worker.send(new ProducerRecord<>(topics.schedule(), announcement.key(), codec.encode(announcement))).get();
    }

    private LeaderboardFollower.SilenceListener listener() {
        return new LeaderboardFollower.SilenceListener() {
            @Override
            public void silent(String searchId, Silence silence) {
                hints.add(searchId + " " + silence);
            }

            @Override
            public void noWorker(String searchId, Duration lasted, int waiting) {
                assertThat(lasted).isGreaterThanOrEqualTo(SILENT_AFTER);
                hints.add(searchId + " no worker, " + waiting + " waiting");
            }

            @Override
            public void workerAgain(String searchId) {
                hints.add("worker again");
            }
        };
    }

    private static KafkaConsumer<String, byte[]> consumer(String name) {
        return new KafkaConsumer<>(ClientConfigs.consumer(KAFKA.get().bootstrapServers(), "absence-" + name, null));
    }
}
