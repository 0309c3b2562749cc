package dev.trialstream.launcher.cli;

import dev.trialstream.core.text.Plural;
import dev.trialstream.kafka.KafkaConnection;
import dev.trialstream.kafka.MemberId;
import dev.trialstream.kafka.Topics;
import dev.trialstream.launcher.metrics.Observability;
import dev.trialstream.producer.cli.BrokerOptions;
import dev.trialstream.producer.cli.VerboseOption;
import dev.trialstream.worker.dl4j.Backend;
import dev.trialstream.worker.dl4j.Dl4jTrainer;
import dev.trialstream.worker.kafka.TrialWorker;
import dev.trialstream.worker.kafka.WorkerConfig;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code trialstream worker}: trains trials from Kafka until SIGTERM. */
@Command(name = "worker", mixinStandardHelpOptions = true,
        description = {"Train trials from Kafka (k folds in lockstep) until stopped.",
                "Joins the worker group on the trials topic. SIGTERM hands any in-flight trial back (another "
                        + "worker redoes it) and exits with status 143, the JVM's for SIGTERM; 1 when a slot cannot go on."})
public final class WorkerCommand implements Callable<Integer> {

    @Mixin
    private BrokerOptions broker = new BrokerOptions();

    @picocli.CommandLine.Spec
    private picocli.CommandLine.Model.CommandSpec command;

    private Integer slots;

    @Option(names = "--slots", paramLabel = "N",
            description = "trials trained at once, 1-256 (default: 1 per GPU on CUDA, else the CPU count)")
    void slots(int value) {
        slots = dev.trialstream.producer.cli.OptionChecks.between(command, "--slots", value, 1,
                dev.trialstream.worker.kafka.WorkerConfig.MAX_SLOTS);
    }

    private int finalFitThreads = 1;

    @Option(names = "--final-fit-threads", paramLabel = "N",
            description = "threads a search's final fit spreads its networks over, 1-256 (default 1: the other"
                    + " slots go on training other searches' trials; more fits sooner on a worker that is otherwise idle)")
    void finalFitThreads(int value) {
        finalFitThreads = dev.trialstream.producer.cli.OptionChecks.between(command, "--final-fit-threads", value, 1, 256);
    }

    private String workerId;

    @Option(names = "--worker-id", paramLabel = "ID",
            description = "stable id (names the transactional ids; default: host name + random suffix)")
    void workerId(String value) {
        workerId = dev.trialstream.producer.cli.OptionChecks.check(command, "--worker-id", () -> MemberId.check(value));
    }

    @Mixin
    private PackOptions pack = new PackOptions();

    @Mixin
    private TopicOptions topicOptions = new TopicOptions();

    @Mixin
    private VerboseOption verbose = new VerboseOption();

    private int httpPort;

    @Option(names = "--http-port", defaultValue = "8080", paramLabel = "PORT",
            description = "/metrics, /health/live and /health/ready; -1 = none (default ${DEFAULT-VALUE})")
    void httpPort(int value) {
        httpPort = dev.trialstream.producer.cli.OptionChecks.port(command, "--http-port", value);
    }

    @Mixin
    private BrokerWaitOption brokerWait = new BrokerWaitOption();

    @Override
    public Integer call() throws InterruptedException {
        Topics topics = broker.topics();
        KafkaConnection kafka = broker.connection();
        int n = slots != null ? slots : defaultSlots();
        WorkerConfig config = WorkerConfig.of(kafka, topics, workerId != null ? workerId : WorkerConfig.generateWorkerId(), n)
                .withPack(pack.budget());
        Observability observability = new Observability("worker");
        // Probes answer from the start: live while waiting for the broker, ready once working.
        AtomicReference<TrialWorker> started = new AtomicReference<>();
        observability.serve(httpPort, () -> started.get() == null || started.get().live(),
                () -> started.get() != null && started.get().ready(), Map.of());
        BrokerWait.until("worker " + config.workerId(), brokerWait.duration(),
                () -> broker.ensureTopics(topicOptions.layout()));
        TrialWorker worker = new TrialWorker(config, new Dl4jTrainer(finalFitThreads), Clock.systemUTC(),
                observability.registry());
        UntilShutdown shutdown = UntilShutdown.closing("worker-shutdown", worker::close, observability::close);
        worker.start();
        started.set(worker);
        Logger log = LoggerFactory.getLogger(WorkerCommand.class);
        log.info("backend {}, {}, {}", Backend.describe(), Plural.of(n, "slot"), PackOptions.describe(config.pack()));
        return shutdown.exitCode("worker " + config.workerId(), worker::failure);
    }

    /** One slot per GPU on the CUDA backend; one per core on the CPU (each trial uses one thread). */
    static int defaultSlots() {
        int gpus = Backend.gpuCount();
        return gpus > 0 ? gpus : Runtime.getRuntime().availableProcessors();
    }
}
