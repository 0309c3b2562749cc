package dev.trialstream.broker;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Stream;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A single-node Kafka broker (KRaft, combined broker + controller) running in this JVM, on free
 * loopback ports, with a temporary log directory that {@link #close()} deletes. Settings suit one
 * node: every internal topic has one replica, so transactions (exactly-once) work, and a consumer
 * group's first rebalance is not delayed. Several can run in one JVM, one after another or at once.
 *
 * <p>{@link #startSecured} gives a broker whose client listener speaks SASL_SSL (SCRAM-SHA-512,
 * a self-signed certificate made for it) and enforces ACLs, for security tests.
 */
public final class EmbeddedKafka implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafka.class);

    /** Free ports are picked then released, so another process may take one first: try again. */
    private static final int START_ATTEMPTS = 3;

    private final Path directory;
    private final String bootstrapServers;
    /** The secured broker's open listener, or null. */
    private final String openBootstrapServers;
    private final TlsStores tls;
    private final Map<String, String> properties;
    private KafkaRaftServer server;
    private final Duration startupTime;
    private boolean closed;

    private EmbeddedKafka(Path directory, int port, Integer openPort, Map<String, String> properties, TlsStores tls,
                          List<String> formatArgs, long startNanos) {
        this.directory = directory;
        this.bootstrapServers = "127.0.0.1:" + port;
        this.openBootstrapServers = openPort == null ? null : "127.0.0.1:" + openPort;
        this.tls = tls;
        this.properties = Map.copyOf(properties);
        Path config = directory.resolve("server.properties");
        writeProperties(config, properties);
        format(config, Uuid.randomUuid().toString(), formatArgs);
        long formatted = System.nanoTime();
        KafkaRaftServer started = new KafkaRaftServer(new KafkaConfig(properties), Time.SYSTEM);
        try {
            started.startup();
        } catch (RuntimeException e) {
            stop(started);
            throw e;
        }
        this.server = started;
        this.startupTime = Duration.ofNanos(System.nanoTime() - startNanos);
        LOG.info("Embedded Kafka on {} started in {} ms (format {} ms; log dir {})", bootstrapServers,
                startupTime.toMillis(), Duration.ofNanos(formatted - startNanos).toMillis(), directory);
    }

    /** Starts a broker with the default settings. */
    public static EmbeddedKafka start() {
        return start(Map.of());
    }

    /**
     * Starts a broker.
     *
     * @param overrides broker properties that replace or add to the defaults (not ports or log dirs)
     * @throws IllegalStateException when the broker cannot start, with the reason
     */
    public static EmbeddedKafka start(Map<String, String> overrides) {
        return start(overrides, null);
    }

    /**
     * Starts a broker whose only client listener is SASL_SSL with SCRAM-SHA-512 and whose
     * {@code StandardAuthorizer} denies what no ACL allows. Clients connect with
     * {@link #clientProperties}.
     */
    public static EmbeddedKafka startSecured(SaslSsl security) {
        return startSecured(security, Map.of());
    }

    /** As {@link #startSecured(SaslSsl)}, with broker properties that replace or add to the defaults. */
    public static EmbeddedKafka startSecured(SaslSsl security, Map<String, String> overrides) {
        return start(overrides, security);
    }

    private static EmbeddedKafka start(Map<String, String> overrides, SaslSsl security) {
        RuntimeException last = null;
        for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
            long startNanos = System.nanoTime();
            Path directory = createDirectory();
            boolean open = security != null && security.openListener();
            List<Integer> ports = freePorts(open ? 3 : 2);
            int port = ports.get(0);
            int controllerPort = ports.get(1);
            Integer openPort = open ? ports.get(2) : null;
            Map<String, String> properties = properties(port, controllerPort, directory.resolve("data"));
            TlsStores tls = null;
            List<String> formatArgs = new ArrayList<>();
            if (security != null) {
                tls = TlsStores.generate(directory);
                String brokerPassword = tls.password();
                properties.putAll(securedProperties(port, controllerPort, tls, brokerPassword, security.superUsers()));
                if (openPort != null) {
                    openListener(properties, openPort);
                }
                formatArgs.addAll(scramArgs(SaslSsl.BROKER_USER, brokerPassword));
                security.users().forEach((user, password) -> formatArgs.addAll(scramArgs(user, password)));
            }
            properties.putAll(overrides);
            try {
                return new EmbeddedKafka(directory, port, openPort, properties, tls, formatArgs, startNanos);
            } catch (RuntimeException e) {
                deleteRecursively(directory);
                if (!causedByBind(e)) {
                    throw new IllegalStateException("embedded Kafka did not start on 127.0.0.1:" + port + ": "
                            + e.getMessage(), e);
                }
                LOG.warn("Port {} or {} was taken before the broker bound it (attempt {} of {})", port,
                        controllerPort, attempt, START_ATTEMPTS);
                last = e;
            }
        }
        throw new IllegalStateException("embedded Kafka could not bind free ports in " + START_ATTEMPTS
                + " attempts", last);
    }

    /** {@code 127.0.0.1:<port>}, for {@code bootstrap.servers}. */
    public String bootstrapServers() {
        return bootstrapServers;
    }

    /**
     * {@code 127.0.0.1:<port>} of a secured broker's open listener ({@link SaslSsl#openListener()}):
     * PLAINTEXT, and every client a super user.
     */
    public String openBootstrapServers() {
        if (openBootstrapServers == null) {
            throw new IllegalStateException("this broker has no open listener: start it with SaslSsl.withOpenListener()");
        }
        return openBootstrapServers;
    }

    /**
     * What a client of a {@link #startSecured secured} broker needs: SASL_SSL, SCRAM-SHA-512 with
     * these credentials, and the trust store holding the broker's certificate.
     */
    public Map<String, String> clientProperties(String user, String password) {
        if (tls == null) {
            throw new IllegalStateException("this broker is not secured: it needs no client properties");
        }
        Map<String, String> p = new LinkedHashMap<>();
        p.put("security.protocol", "SASL_SSL");
        p.put("sasl.mechanism", "SCRAM-SHA-512");
        p.put("sasl.jaas.config", jaas(user, password));
        p.put("ssl.truststore.type", "PKCS12");
        p.put("ssl.truststore.location", tls.trustStore().toString());
        p.put("ssl.truststore.password", tls.password());
        return p;
    }

    /** From picking ports to a started broker, formatting included. */
    public Duration startupTime() {
        return startupTime;
    }

    /** The temporary directory holding the configuration and the logs; gone after {@link #close()}. */
    public Path directory() {
        return directory;
    }

    /**
     * Deletes the directory without stopping the broker: for a JVM that ends before
     * {@link #close()} ran (a shutdown hook after a second Ctrl-C or a kill), when what the broker
     * holds is scratch.
     */
    public void deleteDirectoryAtExit() {
        deleteRecursively(directory);
    }

    /**
     * Stops the broker but keeps its log dir and ports, as an outage would: clients see it gone
     * until {@link #restart()}. For tests of what survives a broker outage.
     */
    public synchronized void stop() {
        if (closed || server == null) {
            throw new IllegalStateException("the broker on " + bootstrapServers + " is not running");
        }
        stop(server);
        server = null;
        LOG.info("Embedded Kafka on {} stopped (log dir kept for a restart)", bootstrapServers);
    }

    /** Starts a {@link #stop() stopped} broker again on the same ports and log dir. */
    public synchronized void restart() {
        if (closed || server != null) {
            throw new IllegalStateException("the broker on " + bootstrapServers + " is " + (closed ? "closed" : "running"));
        }
        KafkaRaftServer restarted = new KafkaRaftServer(new KafkaConfig(properties), Time.SYSTEM);
        try {
            restarted.startup();
        } catch (RuntimeException e) {
            stop(restarted);
            throw new IllegalStateException("embedded Kafka did not restart on " + bootstrapServers + ": "
                    + e.getMessage(), e);
        }
        server = restarted;
        LOG.info("Embedded Kafka on {} restarted", bootstrapServers);
    }

    /** Stops the broker and deletes its directory; calling it again does nothing. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        long start = System.nanoTime();
        try {
            if (server != null) {
                stop(server);
            }
        } finally {
            deleteRecursively(directory);
        }
        LOG.info("Embedded Kafka on {} stopped in {} ms", bootstrapServers,
                Duration.ofNanos(System.nanoTime() - start).toMillis());
    }

    /** The single-node settings; each non-default says why. Also what the fault suite's broker process runs with. */
    public static Map<String, String> properties(int port, int controllerPort, Path logDir) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("process.roles", "broker,controller");
        p.put("node.id", "1");
        p.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        p.put("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
        p.put("controller.listener.names", "CONTROLLER");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("log.dirs", logDir.toString());
        // One node: every internal topic can have only one replica, or groups and transactions never start.
        p.put("offsets.topic.replication.factor", "1");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("default.replication.factor", "1");
        // Fewer internal partitions (default 50): the first group and first transaction start faster.
        p.put("offsets.topic.num.partitions", "5");
        p.put("transaction.state.log.num.partitions", "5");
        // Nobody else will join: do not wait 3 s before the first rebalance.
        p.put("group.initial.rebalance.delay.ms", "0");
        // Every trial commits its offset inside a transaction; on one local node, waiting to batch
        // coordinator writes only adds latency (measured: ~35 ms per sendOffsetsToTransaction).
        p.put("group.coordinator.append.linger.ms", "0");
        // A misspelt topic must be an error, not a new topic without our compaction settings.
        p.put("auto.create.topics.enable", "false");
        // The log cleaner's buffer lives on the heap this JVM shares with training (default 128 MiB).
        p.put("log.cleaner.dedupe.buffer.size", Integer.toString(16 * 1024 * 1024));
        return p;
    }

    /**
     * The client listener becomes SASL_SSL, also for the broker's own inter-broker traffic. The
     * controller listener stays PLAINTEXT on loopback (KRaft cannot use SCRAM there: the
     * credentials live in the metadata it serves), so its principal, ANONYMOUS, must be a super user.
     */
    static Map<String, String> securedProperties(int port, int controllerPort, TlsStores tls, String brokerPassword,
                                                 Set<String> superUsers) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("listeners", "SASL_SSL://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.put("advertised.listeners", "SASL_SSL://127.0.0.1:" + port);
        p.put("inter.broker.listener.name", "SASL_SSL");
        p.put("listener.security.protocol.map", "SASL_SSL:SASL_SSL,CONTROLLER:PLAINTEXT");
        p.put("sasl.enabled.mechanisms", "SCRAM-SHA-512");
        p.put("sasl.mechanism.inter.broker.protocol", "SCRAM-SHA-512");
        p.put("listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config", jaas(SaslSsl.BROKER_USER, brokerPassword));
        p.put("ssl.keystore.type", "PKCS12");
        p.put("ssl.keystore.location", tls.keyStore().toString());
        p.put("ssl.keystore.password", tls.password());
        p.put("ssl.key.password", tls.password());
        // The broker is its own inter-broker client: it must trust its own certificate.
        p.put("ssl.truststore.type", "PKCS12");
        p.put("ssl.truststore.location", tls.trustStore().toString());
        p.put("ssl.truststore.password", tls.password());
        p.put("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
        StringBuilder supers = new StringBuilder("User:" + SaslSsl.BROKER_USER + ";User:ANONYMOUS");
        superUsers.stream().sorted().forEach(user -> supers.append(";User:").append(user));
        p.put("super.users", supers.toString());
        return p;
    }

    /** Adds the OPEN listener: PLAINTEXT on loopback, its principal ANONYMOUS, a super user already. */
    private static void openListener(Map<String, String> p, int openPort) {
        p.put("listeners", p.get("listeners") + ",OPEN://127.0.0.1:" + openPort);
        p.put("advertised.listeners", p.get("advertised.listeners") + ",OPEN://127.0.0.1:" + openPort);
        p.put("listener.security.protocol.map", p.get("listener.security.protocol.map") + ",OPEN:PLAINTEXT");
    }

    private static List<String> scramArgs(String user, String password) {
        return List.of("--add-scram", "SCRAM-SHA-512=[name=" + user + ",password=" + password + "]");
    }

    private static String jaas(String user, String password) {
        return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + user
                + "\" password=\"" + password + "\";";
    }

    private static void writeProperties(Path file, Map<String, String> properties) {
        Properties props = new Properties();
        props.putAll(properties);
        try (OutputStream out = Files.newOutputStream(file)) {
            props.store(out, "embedded trialstream broker");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /** Formats the KRaft log dir named in {@code config} (a server.properties file) with a fresh cluster id. */
    public static void format(Path config) {
        format(config, Uuid.randomUuid().toString());
    }

    /** Formats the KRaft log dir named in {@code config} as a node of the cluster {@code clusterId}. */
    public static void format(Path config, String clusterId) {
        format(config, clusterId, List.of());
    }

    private static void format(Path config, String clusterId, List<String> extraArgs) {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        int status;
        List<String> args = new ArrayList<>(List.of("format", "-t", clusterId, "-c", config.toString()));
        args.addAll(extraArgs);
        try (PrintStream out = new PrintStream(output, true, StandardCharsets.UTF_8)) {
            status = StorageTool.execute(args.toArray(String[]::new), out);
        }
        if (status != 0) {
            throw new IllegalStateException("formatting the KRaft log dir failed (status " + status + "): "
                    + output.toString(StandardCharsets.UTF_8).trim());
        }
    }

    private static void stop(KafkaRaftServer server) {
        server.shutdown();
        server.awaitShutdown();
    }

    private static boolean causedByBind(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof BindException || String.valueOf(t.getMessage()).contains("Address already in use")) {
                return true;
            }
        }
        return false;
    }

    /**
     * {@code count} free loopback ports, all different: the OS may hand back a port just released,
     * and two listeners on one port is a config error, not a bind one (which the start retries).
     */
    public static List<Integer> freePorts(int count) {
        Set<Integer> ports = new LinkedHashSet<>();
        while (ports.size() < count) {
            ports.add(freePort());
        }
        return List.copyOf(ports);
    }

    /** A free loopback port. */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free loopback port", e);
        }
    }

    private static Path createDirectory() {
        try {
            return Files.createTempDirectory("trialstream-kafka-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary directory for the embedded broker", e);
        }
    }

    private static void deleteRecursively(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException e) {
                    LOG.warn("Could not delete {}: {}", path, e.toString());
                }
            });
        } catch (IOException e) {
            LOG.warn("Could not delete {}: {}", root, e.toString());
        }
    }
}
