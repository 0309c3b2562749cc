package dev.trialstream.launcher.cli;

import dev.trialstream.aggregator.streams.AggregatorApp;
import dev.trialstream.aggregator.streams.AggregatorConfig;
import dev.trialstream.kafka.KafkaConnection;
import dev.trialstream.kafka.MemberId;
import dev.trialstream.kafka.Topics;
import dev.trialstream.launcher.metrics.Observability;
import dev.trialstream.producer.cli.BrokerOptions;
import dev.trialstream.producer.cli.VerboseOption;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code trialstream aggregator}: the Kafka Streams app that keeps leaderboards, until SIGTERM. */
@Command(name = "aggregator", mixinStandardHelpOptions = true,
        description = {"Run the aggregator, the Kafka Streams app that keeps the leaderboards, until stopped.",
                "Per-search state (exactly-once), leaderboards, pruning decisions and final-fit requests; "
                        + "serves the search page at http://HOST:PORT/ and leaderboards as JSON at "
                        + "http://HOST:PORT/searches[/ID]."})
public final class AggregatorCommand implements Callable<Integer> {

    /** The most {@code --fleet-slots} (here and in bench-load): far beyond any fleet, below an overflow. */
    public static final int MAX_FLEET_SLOTS = 100_000;

    @Mixin
    private BrokerOptions broker = new BrokerOptions();

    @Option(names = "--state-dir", defaultValue = "aggregator-state", paramLabel = "DIR",
            description = "local state (RocksDB); safe to lose, it is restored from Kafka (default ${DEFAULT-VALUE})")
    private Path stateDir;

    private int httpPort;

    @Option(names = "--http-port", defaultValue = "8081", paramLabel = "PORT",
            description = "/ (the search page), /searches (leaderboards), /metrics, /health/live, /health/ready; -1 = none (default ${DEFAULT-VALUE})")
    void httpPort(int value) {
        httpPort = dev.trialstream.producer.cli.OptionChecks.port(command, "--http-port", value);
    }

    @Option(names = "--http-address", defaultValue = "0.0.0.0", paramLabel = "ADDRESS",
            description = "the interface the endpoint binds to; 127.0.0.1 keeps the search page on this machine"
                    + " (default ${DEFAULT-VALUE}: every interface; the page has no login)")
    private String httpAddress;

    private int top;

    @Option(names = "--top", defaultValue = "20", paramLabel = "N", description = "trials ranked per leaderboard, 1-1000 (default ${DEFAULT-VALUE})")
    void top(int value) {
        top = dev.trialstream.producer.cli.OptionChecks.between(command, "--top", value, 1, 1000);
    }

    @Mixin
    private TopicOptions topicOptions = new TopicOptions();

    @Option(names = "--instance-id", paramLabel = "ID",
            description = "stable id of this aggregator across restarts (in Kubernetes the pod name): static group"
                    + " membership, so a restarted aggregator takes its partitions back at once (default: none)")
    void instanceId(String value) {
        instanceId = dev.trialstream.producer.cli.OptionChecks.check(command, "--instance-id", () -> MemberId.check(value));
    }

    private String instanceId;

    @Mixin
    private BrokerWaitOption brokerWait = new BrokerWaitOption();

    @Mixin
    private VerboseOption verbose = new VerboseOption();

    @picocli.CommandLine.Spec
    private picocli.CommandLine.Model.CommandSpec command;

    private Integer fleetSlots;

    @Option(names = "--retain-finished", defaultValue = "168", paramLabel = "HOURS",
            description = "keep a finished search's state (its page, /searches/ID) this long after it ended; then "
                    + "it is deleted, its last leaderboard stays on the leaderboard topic (default ${DEFAULT-VALUE})")
    void retainFinishedHours(int value) {
        retainFinishedHours = dev.trialstream.producer.cli.OptionChecks.between(command, "--retain-finished", value, 0,
                Integer.MAX_VALUE);
    }

    private int retainFinishedHours;

    @Option(names = "--fleet-slots", paramLabel = "N",
            description = "worker slots the searches share: the most trials queued or running at once, all searches "
                    + "together (default: the slots the live workers announce; give the most the fleet can grow to "
                    + "when an autoscaler sizes the fleet on the trials lag, as KEDA does)")
    void fleetSlots(int value) {
        fleetSlots = dev.trialstream.producer.cli.OptionChecks.between(command, "--fleet-slots", value, 1, MAX_FLEET_SLOTS);
    }

    @Override
    public Integer call() throws InterruptedException {
        dev.trialstream.producer.cli.OutputFile.requireWritableDirectory("--state-dir", stateDir);
        Topics topics = broker.topics();
        KafkaConnection kafka = broker.connection();
        AggregatorConfig config = new AggregatorConfig(kafka, topics, stateDir, top, Duration.ofMinutes(5), instanceId,
                fleetSlots != null ? fleetSlots : AggregatorConfig.ANNOUNCED_FLEET)
                .withRetainFinished(Duration.ofHours(retainFinishedHours));
        Observability observability = new Observability("aggregator");
        AggregatorApp app = new AggregatorApp(config, Clock.systemUTC(), observability.registry());
        UntilShutdown shutdown = UntilShutdown.closing("aggregator-shutdown", app::close, observability::close);
        // Served before the broker is reached: live from the start (waiting for the broker,
        // restoring the store); ready, and /searches answered, once the app runs and has caught up
        // with its inputs ({"status":"restoring"} until then, never a stale leaderboard).
        observability.serve(httpAddress, httpPort, app::live, app::ready, app.httpRoutes());
        BrokerWait.until("aggregator", brokerWait.duration(),
                () -> broker.ensureTopics(topicOptions.layout()));
        app.start();
        return shutdown.exitCode("aggregator " + config.applicationId(), app::failure);
    }
}
