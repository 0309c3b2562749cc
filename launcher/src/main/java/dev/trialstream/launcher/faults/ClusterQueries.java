package dev.trialstream.launcher.faults;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListTopicsOptions;

/** What the fault suite asks the brokers (through an admin client per question): who coordinates, who is in sync. */
final class ClusterQueries {

    private static final String WORKERS_GROUP = Cluster.TOPICS.prefix() + "workers";
    private static final long ANSWER_SECONDS = 10;

    private final String bootstrap;

    ClusterQueries(String bootstrap) {
        this.bootstrap = bootstrap;
    }

    /** The KRaft node id of the broker coordinating the workers' group. */
    int workersCoordinator() throws Exception {
        try (Admin admin = admin()) {
            return admin.describeConsumerGroups(List.of(WORKERS_GROUP)).all().get(ANSWER_SECONDS, TimeUnit.SECONDS)
                    .get(WORKERS_GROUP).coordinator().id();
        }
    }

    /** The KRaft node id of the quorum's leader, the active controller. */
    int activeController() throws Exception {
        try (Admin admin = admin()) {
            return admin.describeMetadataQuorum().quorumInfo().get(ANSWER_SECONDS, TimeUnit.SECONDS).leaderId();
        }
    }

    /** Waits until none of the worker's slots is a member of the workers' group; returns when (wall clock, ms). */
    long awaitLeft(String workerId, Duration timeout) throws Exception {
        try (Admin admin = admin()) {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline) {
                boolean member = admin.describeConsumerGroups(List.of(WORKERS_GROUP)).all()
                        .get(ANSWER_SECONDS, TimeUnit.SECONDS).get(WORKERS_GROUP).members().stream()
                        .anyMatch(m -> m.groupInstanceId().orElse("").startsWith(workerId + "-slot-"));
                if (!member) {
                    return System.currentTimeMillis();
                }
                Thread.sleep(100);
            }
        }
        throw new IllegalStateException(workerId + " still in group " + WORKERS_GROUP + " after " + timeout.toSeconds() + " s");
    }

    /**
     * When every partition (internal topics too) had all its replicas in sync again (wall clock, ms),
     * and the partitions that had not at the first look, each as {@code topic-partition isr/replicas}.
     */
    record InSync(long millis, List<String> laggingAtFirst) {
    }

    /** Waits until every partition (internal topics too) has all its replicas in sync. */
    InSync awaitInSync(Duration timeout) throws Exception {
        try (Admin admin = admin()) {
            long deadline = System.nanoTime() + timeout.toNanos();
            List<String> laggingAtFirst = null;
            while (System.nanoTime() < deadline) {
                Set<String> topics = admin.listTopics(new ListTopicsOptions().listInternal(true)).names()
                        .get(ANSWER_SECONDS, TimeUnit.SECONDS);
                List<String> lagging = admin.describeTopics(topics).allTopicNames().get(ANSWER_SECONDS, TimeUnit.SECONDS)
                        .values().stream().flatMap(topic -> topic.partitions().stream()
                                .filter(p -> p.isr().size() != p.replicas().size())
                                .map(p -> topic.name() + "-" + p.partition() + " " + p.isr().size() + "/" + p.replicas().size()))
                        .sorted().toList();
                if (laggingAtFirst == null) {
                    laggingAtFirst = lagging;
                }
                if (lagging.isEmpty()) {
                    return new InSync(System.currentTimeMillis(), laggingAtFirst);
                }
                Thread.sleep(200);
            }
        }
        throw new IllegalStateException("a partition still has a replica out of sync after " + timeout.toSeconds() + " s");
    }

    private Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
    }
}
