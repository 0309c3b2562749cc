package dev.trialstream.launcher.faults;

import dev.trialstream.broker.EmbeddedKafka;
import dev.trialstream.kafka.TopicBootstrap;
import dev.trialstream.kafka.TopicLayout;
import dev.trialstream.kafka.Topics;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The processes under test: a standalone broker ({@code kafka.Kafka server.properties} on a
 * formatted KRaft log dir), the aggregator and the workers, each a child JVM of the same build,
 * on ports picked free so that several suites can share a machine.
 */
final class Cluster implements AutoCloseable {

    static final Topics TOPICS = new Topics("faults.");
    /** Partitions of trials (submit's default): more than the slots, so a dead worker's partitions have somewhere to go. */
    static final int TRIAL_PARTITIONS = 8;

    private final Launch launch;
    private final Path dir;
    /**
     * What a failed fault leaves to diagnose it with: the broker's coordinators (transactions,
     * groups, the log on restart) at INFO, where the launcher's defaults keep the broker quiet.
     */
    private static final Map<String, String> BROKER_LOGS = Map.of("kafka", "info", "org.apache.kafka", "info",
            "org.apache.kafka.controller", "warn", "org.apache.kafka.raft", "warn", "kafka.server.metadata", "warn");
    /** The aggregator's transactions, offset fetches and task life cycle at INFO. */
    private static final Map<String, String> AGGREGATOR_LOGS = Map.of(
            "org.apache.kafka.streams.processor.internals", "info",
            "org.apache.kafka.clients.producer.internals.TransactionManager", "info",
            "org.apache.kafka.clients.consumer.internals", "info");

    private final int brokerPort = Launch.freePort();
    private final int controllerPort = Launch.freePort();
    private final Child broker;
    private final int aggregatorPort = Launch.freePort();
    private Child aggregator;
    private int aggregatorStates;
    private final Map<String, Child> workers = new LinkedHashMap<>();

    Cluster(Launch launch, Path dir) {
        this(launch, dir, Map.of());
    }

    /** @param brokerOverrides broker properties that replace or add to the single-node defaults */
    Cluster(Launch launch, Path dir, Map<String, String> brokerOverrides) {
        this.launch = launch;
        this.dir = dir;
        Path config = dir.resolve("server.properties");
        Properties props = new Properties();
        props.putAll(EmbeddedKafka.properties(brokerPort, controllerPort, dir.resolve("kafka-logs")));
        props.putAll(brokerOverrides);
        try (OutputStream out = Files.newOutputStream(config)) {
            props.store(out, "fault suite broker");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + config, e);
        }
        EmbeddedKafka.format(config);
        broker = new Child("broker", launch.command("768m", BROKER_LOGS, "kafka.Kafka",
                List.of(config.toString())),
                dir.resolve("broker.log"), -1);
    }

    String bootstrap() {
        return "127.0.0.1:" + brokerPort;
    }

    Child broker() {
        return broker;
    }

    /** Starts the broker process and waits until it accepts connections. */
    void startBroker(Duration timeout) throws InterruptedException {
        broker.start();
        awaitBroker(timeout);
    }

    void awaitBroker(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!listening()) {
            if (System.nanoTime() > deadline || !broker.alive()) {
                throw new IllegalStateException("the broker is not listening on " + bootstrap() + " after "
                        + timeout.toSeconds() + " s (see " + broker.log() + ")");
            }
            Thread.sleep(100);
        }
    }

    private boolean listening() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", brokerPort), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    void createTopics() {
        try (TopicBootstrap bootstrap = new TopicBootstrap(bootstrap(), TOPICS,
                new TopicLayout(3, TRIAL_PARTITIONS, (short) 1), Duration.ofSeconds(60))) {
            bootstrap.ensureTopics();
        }
    }

    /** A new aggregator process on a fresh state dir (not started). */
    Child newAggregator() {
        aggregatorStates++;
        return aggregator(dir.resolve("aggregator-state-" + aggregatorStates));
    }

    /** An aggregator process on the same state dir as the last one (not started). */
    Child sameAggregator() {
        return aggregator(dir.resolve("aggregator-state-" + aggregatorStates));
    }

    private Child aggregator(Path stateDir) {
        aggregator = new Child("aggregator", launch.command("512m", AGGREGATOR_LOGS, "dev.trialstream.launcher.Main", List.of(
                "aggregator", "--bootstrap", bootstrap(), "--topic-prefix", TOPICS.prefix(),
                "--state-dir", stateDir.toString(), "--http-port", Integer.toString(aggregatorPort),
                "--instance-id", "aggregator-0", "--partitions", "3",
                "--trial-partitions", Integer.toString(TRIAL_PARTITIONS))), dir.resolve("aggregator.log"), aggregatorPort);
        return aggregator;
    }

    Child aggregator() {
        return aggregator;
    }

    /** The worker with this id: the same command every time, so a restart rejoins as the same static member. */
    Child worker(String id) {
        return workers.computeIfAbsent(id, key -> {
            int port = Launch.freePort();
            return new Child(key, launch.command("768m", "dev.trialstream.launcher.Main", List.of(
                    "worker", "--bootstrap", bootstrap(), "--topic-prefix", TOPICS.prefix(), "--slots", "1",
                    "--worker-id", key, "--http-port", Integer.toString(port), "--partitions", "3",
                    "--trial-partitions", Integer.toString(TRIAL_PARTITIONS))), dir.resolve(key + ".log"), port);
        });
    }

    List<Child> workers() {
        return new ArrayList<>(workers.values());
    }

    /** Every process that should be running now. */
    List<Child> running() {
        List<Child> all = new ArrayList<>();
        if (aggregator != null && aggregator.alive()) {
            all.add(aggregator);
        }
        workers.values().stream().filter(Child::alive).forEach(all::add);
        return all;
    }

    Launch launch() {
        return launch;
    }

    Path dir() {
        return dir;
    }

    @Override
    public void close() throws InterruptedException {
        for (Child worker : workers.values()) {
            if (worker.alive()) {
                worker.kill();
            }
        }
        if (aggregator != null && aggregator.alive()) {
            aggregator.kill();
        }
        if (broker.alive()) {
            broker.kill();
        }
    }
}
