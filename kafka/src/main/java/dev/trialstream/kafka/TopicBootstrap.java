package dev.trialstream.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.CreatePartitionsOptions;
import org.apache.kafka.clients.admin.CreateTopicsOptions;
import org.apache.kafka.clients.admin.DescribeConfigsOptions;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.InvalidPartitionsException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the trialstream topics that are missing and leaves existing ones alone (safe to run on
 * every start), except that it raises the partition count of {@code trials} when the layout asks
 * for more worker slots ({@link TopicLayout#raiseTrials()}: only a layout someone asked for, never
 * the defaults). Kafka can never lower a partition count; a smaller request keeps the
 * current count and says so. Only {@code trials} is ever raised: its records are independent, while
 * the other topics are keyed by search and a new partition count would move a search's records to
 * another partition mid-stream (breaking per-search order and the aggregator's state partitioning).
 *
 * <p>Every call gives up after the timeout with an error naming the bootstrap address.
 */
public final class TopicBootstrap implements AutoCloseable {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    private static final Logger LOG = LoggerFactory.getLogger(TopicBootstrap.class);

    /** Our own future deadline trails the client's, so the client's clearer error wins the race. */
    private static final long GRACE_MILLIS = 2_000;

    private static final long READY_POLL_MILLIS = 50;

    private final String bootstrapServers;
    private final String addressSetting;
    private final Topics topics;
    private final TopicLayout layout;
    private final Duration timeout;
    private final Admin admin;

    /**
     * @throws KafkaAdminException when the address cannot be resolved
     */
    public TopicBootstrap(String bootstrapServers, Topics topics, TopicLayout layout, Duration timeout) {
        this(KafkaConnection.of(bootstrapServers), topics, layout, timeout);
    }

    /**
     * @throws KafkaAdminException when the address cannot be resolved
     */
    public TopicBootstrap(KafkaConnection connection, Topics topics, TopicLayout layout, Duration timeout) {
        this(connection, topics, layout, timeout, "bootstrap.servers");
    }

    /**
     * @param addressSetting what the user set the address with, named when nothing answers there: a
     *                       command's flag ({@code --bootstrap}); {@code bootstrap.servers} otherwise
     * @throws KafkaAdminException when the address cannot be resolved
     */
    public TopicBootstrap(KafkaConnection connection, Topics topics, TopicLayout layout, Duration timeout,
                          String addressSetting) {
        if (topics == null || layout == null || addressSetting == null) {
            throw new IllegalArgumentException("topics, layout and addressSetting must be set");
        }
        this.addressSetting = addressSetting;
        this.bootstrapServers = connection.bootstrap();
        this.topics = topics;
        this.layout = layout;
        this.timeout = timeout;
        this.admin = BoundedAdmin.create(connection, timeout, "trialstream-topic-bootstrap");
    }

    /**
     * Creates missing topics, raises {@code trials} to the layout's count if it has fewer and the
     * layout asks for that, and
     * reports existing topics whose cleanup policy differs from ours.
     *
     * @throws KafkaAdminException naming the address and the step that failed or timed out
     */
    public BootstrapResult ensureTopics() {
        Set<String> present = await(admin.listTopics(new ListTopicsOptions().timeoutMs(millis())).names(),
                "list topics");
        List<NewTopic> missing = new ArrayList<>();
        List<String> existing = new ArrayList<>();
        for (Topic topic : Topic.values()) {
            String name = topics.name(topic);
            if (present.contains(name)) {
                existing.add(name);
            } else {
                missing.add(newTopic(topic));
            }
        }
        List<String> created = create(missing, existing);
        awaitReady(created, 1);
        List<String> warnings = checkCleanupPolicies(existing);
        int trialPartitions = layout.raiseTrials() ? raiseTrialPartitions(layout.trialPartitions())
                : partitions(topics.trials());
        LOG.info("Topics on {}: created {}, already there {}, {} has {} partitions",
                bootstrapServers, created, existing, topics.trials(), trialPartitions);
        return new BootstrapResult(created, existing, trialPartitions, warnings);
    }

    /**
     * Raises the partition count of {@code trials} to {@code wanted}. Never lowers it: Kafka cannot,
     * so a smaller {@code wanted} keeps the current count (and logs a warning).
     *
     * @return the partition count afterwards
     */
    public int raiseTrialPartitions(int wanted) {
        if (wanted < 1) {
            throw new IllegalArgumentException("wanted must be positive, found " + wanted);
        }
        String name = topics.trials();
        int current = partitions(name);
        if (wanted < current) {
            LOG.warn("{} has {} partitions; asked for {}, but Kafka cannot lower a partition count: keeping {}",
                    name, current, wanted, current);
            return current;
        }
        if (wanted == current) {
            return current;
        }
        try {
            await(admin.createPartitions(Map.of(name, NewPartitions.increaseTo(wanted)),
                    new CreatePartitionsOptions().timeoutMs(millis())).all(), "raise " + name + " to " + wanted + " partitions");
        } catch (KafkaAdminException e) {
            // Another process raised it first: what counts is the count now.
            if (!(e.getCause() instanceof InvalidPartitionsException)) {
                throw e;
            }
        }
        awaitReady(List.of(name), wanted);
        int now = partitions(name);
        LOG.info("Raised {} from {} to {} partitions", name, current, now);
        return now;
    }

    /** The partition count of a topic. */
    public int partitions(String topic) {
        Map<String, TopicDescription> descriptions = await(admin.describeTopics(List.of(topic),
                new DescribeTopicsOptions().timeoutMs(millis())).allTopicNames(), "describe " + topic);
        return descriptions.get(topic).partitions().size();
    }

    /** The cleanup.policy of each topic, as the broker reports it. */
    public Map<String, String> cleanupPolicies(Collection<String> names) {
        Map<ConfigResource, Config> configs = describeConfigs(names);
        Map<String, String> policies = new TreeMap<>();
        configs.forEach((resource, config) -> policies.put(resource.name(),
                Optional.ofNullable(config.get(TopicConfig.CLEANUP_POLICY_CONFIG)).map(ConfigEntry::value).orElse("")));
        return policies;
    }

    private NewTopic newTopic(Topic topic) {
        Optional<Short> replication = layout.replicationFactor() == TopicLayout.BROKER_DEFAULT_REPLICATION
                ? Optional.empty() : Optional.of(layout.replicationFactor());
        return new NewTopic(topics.name(topic), Optional.of(layout.partitionsOf(topic)), replication)
                .configs(topic.configs());
    }

    private List<String> create(List<NewTopic> missing, List<String> existing) {
        List<String> created = new ArrayList<>();
        if (missing.isEmpty()) {
            return created;
        }
        Map<String, KafkaFuture<Void>> results =
                admin.createTopics(missing, new CreateTopicsOptions().timeoutMs(millis())).values();
        for (NewTopic topic : missing) {
            try {
                await(results.get(topic.name()), "create " + topic.name());
                created.add(topic.name());
            } catch (KafkaAdminException e) {
                // Another process created it between our listing and our request: fine.
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
                existing.add(topic.name());
            }
        }
        return created;
    }

    /**
     * Waits until the leader of every partition of the topics serves requests. The controller
     * acknowledges a creation before the leader has opened the partition; a producer in that gap
     * gets NOT_LEADER_OR_FOLLOWER for its first batch, and an idempotent producer whose later batch
     * lands first then loses the first one after {@code delivery.timeout.ms} (KAFKA-15591, seen
     * here with 4.4.0). Metadata alone is not enough: it names the leader before the partition is
     * open, so this also asks each leader for its end offset, which takes the same path as a produce.
     */
    private void awaitReady(List<String> names, int minPartitions) {
        if (names.isEmpty()) {
            return;
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        String step = "describe " + names;
        while (true) {
            try {
                Map<String, TopicDescription> descriptions = await(admin.describeTopics(names,
                        new DescribeTopicsOptions().timeoutMs(millis())).allTopicNames(), step);
                if (descriptions.values().stream().allMatch(d -> ready(d, minPartitions))) {
                    await(admin.listOffsets(latestOffsetsOf(descriptions.values()),
                            new ListOffsetsOptions().timeoutMs(millis())).all(), "read end offsets of " + names);
                    return;
                }
            } catch (KafkaAdminException e) {
                if (!(e.getCause() instanceof RetriableException)) {
                    throw e;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new KafkaAdminException("Kafka at " + bootstrapServers + " accepted " + names
                        + " but their partition leaders did not serve requests within " + readable(timeout), null);
            }
            pause();
        }
    }

    private static Map<TopicPartition, OffsetSpec> latestOffsetsOf(Collection<TopicDescription> descriptions) {
        Map<TopicPartition, OffsetSpec> specs = new HashMap<>();
        for (TopicDescription description : descriptions) {
            for (TopicPartitionInfo partition : description.partitions()) {
                specs.put(new TopicPartition(description.name(), partition.partition()), OffsetSpec.latest());
            }
        }
        return specs;
    }

    private static boolean ready(TopicDescription description, int minPartitions) {
        return description.partitions().size() >= minPartitions
                && description.partitions().stream().allMatch(p -> p.leader() != null && !p.leader().isEmpty());
    }

    private void pause() {
        try {
            Thread.sleep(READY_POLL_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaAdminException("interrupted while waiting for topics on Kafka at " + bootstrapServers, e);
        }
    }

    private List<String> checkCleanupPolicies(List<String> existing) {
        List<String> warnings = new ArrayList<>();
        if (existing.isEmpty()) {
            return warnings;
        }
        Map<String, String> policies = cleanupPolicies(existing);
        for (String name : existing) {
            Topic topic = topics.topicOf(name).orElseThrow();
            String actual = policies.getOrDefault(name, "");
            if (!actual.equals(topic.cleanupPolicy())) {
                String warning = name + " has cleanup.policy=" + actual + ", expected " + topic.cleanupPolicy()
                        + " (left unchanged; fix it with kafka-configs --alter)";
                LOG.warn(warning);
                warnings.add(warning);
            }
        }
        return warnings;
    }

    private Map<ConfigResource, Config> describeConfigs(Collection<String> names) {
        List<ConfigResource> resources = names.stream()
                .map(name -> new ConfigResource(ConfigResource.Type.TOPIC, name)).toList();
        return await(admin.describeConfigs(resources, new DescribeConfigsOptions().timeoutMs(millis())).all(),
                "describe configs of " + names);
    }

    private <T> T await(KafkaFuture<T> future, String step) {
        try {
            return future.get(timeout.toMillis() + GRACE_MILLIS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaAdminException("interrupted while trying to " + step + " on Kafka at " + bootstrapServers, e);
        } catch (java.util.concurrent.TimeoutException e) {
            throw unreachable(step, e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof TimeoutException) {
                throw unreachable(step, cause);
            }
            if (cause instanceof AuthenticationException || cause instanceof AuthorizationException) {
                throw new KafkaAdminException(KafkaErrors.describe(cause, bootstrapServers, "access")
                        + " (trying to " + step + ")", cause);
            }
            throw new KafkaAdminException("Kafka at " + bootstrapServers + " could not " + step + ": "
                    + cause.getClass().getSimpleName() + ": " + cause.getMessage(), cause);
        }
    }

    private KafkaAdminException unreachable(String step, Throwable cause) {
        return new KafkaAdminException("Kafka at " + bootstrapServers + " did not answer within "
                + readable(timeout) + " (trying to " + step + "): is a broker running there, and is "
                + addressSetting + " right?", cause);
    }

    private static String readable(Duration duration) {
        long millis = duration.toMillis();
        return millis % 1000 == 0 ? millis / 1000 + " s" : millis + " ms";
    }

    private int millis() {
        return (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
    }

    /** Closes the admin client this bootstrap created. */
    @Override
    public void close() {
        admin.close(Duration.ofSeconds(2));
    }
}
