package dev.trialstream.worker.kafka;

import dev.trialstream.kafka.KafkaConnection;
import dev.trialstream.kafka.MemberId;
import dev.trialstream.kafka.Topics;
import java.time.Duration;

/**
 * How one worker process runs.
 *
 * @param kafka         the broker and the client properties (security) of every client of the worker
 * @param workerId      stable across restarts of the same worker if you want its slots to fence
 *                      their own zombies (it names the transactional ids)
 * @param slots         trials trained at once; each slot is one consumer, one thread
 * @param pollInterval  how long one poll waits; also how quickly a finished trial is committed
 * @param fetchTimeout  how long fetching a dataset from Kafka may take
 * @param handBackWait  on close, how long to wait for an in-flight trial to reach an epoch boundary
 * @param pack          how many trials a slot takes at once (trained in packs, committed in one transaction)
 * @param announceEvery how often the worker announces its slots to the aggregator's scheduler
 *                      ({@link dev.trialstream.core.message.WorkerSlots})
 */
public record WorkerConfig(KafkaConnection kafka, Topics topics, String workerId, int slots, Duration pollInterval,
                           Duration fetchTimeout, Duration handBackWait, PackBudget pack, Duration announceEvery) {

    /** The most slots one worker process runs ({@code worker --slots}, {@code local --workers}). */
    public static final int MAX_SLOTS = 256;

    /** A worker silent for three of these has left the fleet. */
    public static final Duration DEFAULT_ANNOUNCE_EVERY = Duration.ofSeconds(10);

    public WorkerConfig(KafkaConnection kafka, Topics topics, String workerId, int slots, Duration pollInterval,
                        Duration fetchTimeout, Duration handBackWait, PackBudget pack) {
        this(kafka, topics, workerId, slots, pollInterval, fetchTimeout, handBackWait, pack, DEFAULT_ANNOUNCE_EVERY);
    }

    public WorkerConfig {
        if (kafka == null) {
            throw new IllegalArgumentException("kafka must be set");
        }
        if (topics == null) {
            throw new IllegalArgumentException("topics must be set");
        }
        try {
            MemberId.check(workerId);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("workerId " + e.getMessage(), e);
        }
        if (slots < 1 || slots > MAX_SLOTS) {
            throw new IllegalArgumentException("slots must be in [1, " + MAX_SLOTS + "], found " + slots);
        }
        positive(pollInterval, "pollInterval");
        positive(fetchTimeout, "fetchTimeout");
        positive(handBackWait, "handBackWait");
        if (pack == null) {
            throw new IllegalArgumentException("pack must be set");
        }
        positive(announceEvery, "announceEvery");
    }

    /** A worker on a broker that needs no client properties. */
    public WorkerConfig(String bootstrap, Topics topics, String workerId, int slots, Duration pollInterval,
                        Duration fetchTimeout, Duration handBackWait) {
        this(KafkaConnection.of(bootstrap), topics, workerId, slots, pollInterval, fetchTimeout, handBackWait,
                PackBudget.DEFAULT);
    }

    /** The same worker with another pack budget. */
    public WorkerConfig withPack(PackBudget budget) {
        return new WorkerConfig(kafka, topics, workerId, slots, pollInterval, fetchTimeout, handBackWait, budget,
                announceEvery);
    }

    /** The same worker announcing its slots this often. */
    public WorkerConfig withAnnounceEvery(Duration every) {
        return new WorkerConfig(kafka, topics, workerId, slots, pollInterval, fetchTimeout, handBackWait, pack, every);
    }

    public static WorkerConfig of(String bootstrap, Topics topics, String workerId, int slots) {
        return of(KafkaConnection.of(bootstrap), topics, workerId, slots);
    }

    public static WorkerConfig of(KafkaConnection kafka, Topics topics, String workerId, int slots) {
        return new WorkerConfig(kafka, topics, workerId, slots, Duration.ofMillis(100), Duration.ofSeconds(60),
                Duration.ofSeconds(60), PackBudget.DEFAULT);
    }

    public String bootstrap() {
        return kafka.bootstrap();
    }

    /** A fresh id like {@code host-4f2a9c}: unique enough that two workers never share transactional ids. */
    public static String generateWorkerId() {
        String host;
        try {
            host = java.net.InetAddress.getLocalHost().getHostName().replaceAll("[^A-Za-z0-9.-]", "-");
        } catch (java.net.UnknownHostException e) {
            host = "worker";
        }
        if (host.length() > 60) {
            host = host.substring(0, 60);
        }
        return host + "-" + Long.toHexString(new java.security.SecureRandom().nextLong() & 0xffffffL);
    }

    /** The consumer group every worker of one installation joins. */
    public String groupId() {
        return topics.prefix() + "workers";
    }

    private static void positive(Duration duration, String name) {
        if (duration == null || duration.isZero() || duration.isNegative()) {
            throw new IllegalArgumentException(name + " must be positive, found " + duration);
        }
    }
}
