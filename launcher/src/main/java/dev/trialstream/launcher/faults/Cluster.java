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
 * formatted KRaft log dir) or several (each a combined broker and controller of one KRaft quorum,
 * every partition replicated on all of them, as a production cluster keeps it), the aggregator and
 * the workers, each a child JVM of the same build, on ports picked free so that several suites can
 * share a machine.
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

    private final List<Integer> brokerPorts = new ArrayList<>();
    private final List<Child> brokers = new ArrayList<>();
    private final int aggregatorPort = EmbeddedKafka.freePort();
    private Child aggregator;
    private int aggregatorStates;
    private final Map<String, Child> workers = new LinkedHashMap<>();

    Cluster(Launch launch, Path dir) {
        this(launch, dir, 1, Map.of());
    }

    /** @param brokerOverrides broker properties that replace or add to the single-node defaults */
    Cluster(Launch launch, Path dir, Map<String, String> brokerOverrides) {
        this(launch, dir, 1, brokerOverrides);
    }

    /**
     * @param brokerCount     1, or the nodes of a replicated cluster (3: one may be down while the
     *                        others keep a quorum and an in-sync majority of every partition)
     * @param brokerOverrides broker properties that replace or add to the defaults
     */
    Cluster(Launch launch, Path dir, int brokerCount, Map<String, String> brokerOverrides) {
        if (brokerCount < 1) {
            throw new IllegalArgumentException("at least one broker, found " + brokerCount);
        }
        this.launch = launch;
        this.dir = dir;
        List<Integer> ports = EmbeddedKafka.freePorts(2 * brokerCount);
        brokerPorts.addAll(ports.subList(0, brokerCount));
        List<Integer> controllerPorts = ports.subList(brokerCount, 2 * brokerCount);
        String clusterId = org.apache.kafka.common.Uuid.randomUuid().toString();
        for (int i = 0; i < brokerCount; i++) {
            String name = brokerCount == 1 ? "broker" : "broker-" + (i + 1);
            Path config = dir.resolve(brokerCount == 1 ? "server.properties" : name + ".properties");
            Properties props = new Properties();
            props.putAll(EmbeddedKafka.properties(brokerPorts.get(i), controllerPorts.get(i),
                    dir.resolve(brokerCount == 1 ? "kafka-logs" : name + "-logs")));
            if (brokerCount > 1) {
                props.putAll(replicated(i + 1, controllerPorts));
            }
            props.putAll(brokerOverrides);
            try (OutputStream out = Files.newOutputStream(config)) {
                props.store(out, "fault suite " + name);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + config, e);
            }
            EmbeddedKafka.format(config, clusterId);
            brokers.add(new Child(name, launch.command("768m", BROKER_LOGS, "kafka.Kafka", List.of(config.toString())),
                    dir.resolve(name + ".log"), -1));
        }
    }

    /**
     * Node {@code nodeId} of a quorum of {@code controllerPorts.size()} combined nodes: internal
     * topics and the suite's own replicated on every node, writes acknowledged by a majority.
     */
    private static Map<String, String> replicated(int nodeId, List<Integer> controllerPorts) {
        int n = controllerPorts.size();
        String majority = Integer.toString(n / 2 + 1);
        List<String> voters = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            voters.add((i + 1) + "@127.0.0.1:" + controllerPorts.get(i));
        }
        Map<String, String> p = new LinkedHashMap<>();
        p.put("node.id", Integer.toString(nodeId));
        p.put("controller.quorum.voters", String.join(",", voters));
        p.put("offsets.topic.replication.factor", Integer.toString(n));
        p.put("transaction.state.log.replication.factor", Integer.toString(n));
        p.put("transaction.state.log.min.isr", majority);
        p.put("share.coordinator.state.topic.replication.factor", Integer.toString(n));
        p.put("share.coordinator.state.topic.min.isr", majority);
        p.put("default.replication.factor", Integer.toString(n));
        p.put("min.insync.replicas", majority);
        return p;
    }

    String bootstrap() {
        return String.join(",", brokerPorts.stream().map(port -> "127.0.0.1:" + port).toList());
    }

    /** Several brokers, every partition on each (one may die), rather than one. */
    boolean replicated() {
        return brokers.size() > 1;
    }

    /** The brokers, node 1 first. */
    List<Child> brokers() {
        return List.copyOf(brokers);
    }

    /** The broker of KRaft node {@code nodeId} (1 for the first). */
    Child broker(int nodeId) {
        return brokers.get(nodeId - 1);
    }

    /** Starts every broker process and waits until each accepts connections. */
    void startBrokers(Duration timeout) throws InterruptedException {
        brokers.forEach(Child::start);
        for (Child broker : brokers) {
            awaitBroker(broker, timeout);
        }
    }

    /** Starts one broker process (killed before) and waits until it accepts connections. */
    void startBroker(Child broker, Duration timeout) throws InterruptedException {
        broker.start();
        awaitBroker(broker, timeout);
    }

    private void awaitBroker(Child broker, Duration timeout) throws InterruptedException {
        int port = brokerPorts.get(brokers.indexOf(broker));
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!listening(port)) {
            if (System.nanoTime() > deadline || !broker.alive()) {
                throw new IllegalStateException(broker.name() + " is not listening on 127.0.0.1:" + port + " after "
                        + timeout.toSeconds() + " s (see " + broker.log() + ")");
            }
            Thread.sleep(100);
        }
    }

    private static boolean listening(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    void createTopics() {
        try (TopicBootstrap bootstrap = new TopicBootstrap(bootstrap(), TOPICS,
                new TopicLayout(3, TRIAL_PARTITIONS, (short) brokers.size()), Duration.ofSeconds(60))) {
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
            int port = EmbeddedKafka.freePort();
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
        for (Child broker : brokers) {
            if (broker.alive()) {
                broker.kill();
            }
        }
    }
}
