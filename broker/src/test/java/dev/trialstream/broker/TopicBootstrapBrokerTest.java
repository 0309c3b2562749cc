package dev.trialstream.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.trialstream.kafka.BootstrapResult;
import dev.trialstream.kafka.BoundedAdmin;
import dev.trialstream.kafka.KafkaAdminException;
import dev.trialstream.kafka.TopicBootstrap;
import dev.trialstream.kafka.TopicLayout;
import dev.trialstream.kafka.Topics;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class TopicBootstrapBrokerTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final TopicLayout ONE_NODE = new TopicLayout(2, 3, (short) 1);

    @RegisterExtension
    static final EmbeddedKafkaExtension kafka = new EmbeddedKafkaExtension();

    private static TopicBootstrap bootstrap(Topics topics, TopicLayout layout) {
        return new TopicBootstrap(kafka.bootstrapServers(), topics, layout, TIMEOUT);
    }

    @Test
    void shouldCreateEveryTopicWithItsCleanupPolicyAndSize() throws Exception {
        Topics topics = new Topics("create.");

        try (TopicBootstrap bootstrap = bootstrap(topics, ONE_NODE)) {
            BootstrapResult result = bootstrap.ensureTopics();

            assertThat(result.created()).containsExactlyElementsOf(topics.all());
            assertThat(result.existing()).isEmpty();
            assertThat(result.warnings()).isEmpty();
            assertThat(result.trialPartitions()).isEqualTo(3);
            assertThat(bootstrap.cleanupPolicies(topics.all())).isEqualTo(Map.of(
                    "create.searches", "compact", "create.datasets", "compact", "create.trials", "delete",
                    "create.events", "delete", "create.control", "delete", "create.leaderboard", "compact",
                    "create.models", "compact", "create.dead-letters", "delete",
                    "create.aggregator-schedule", "delete", "create.aggregator-grants", "delete"));
            assertThat(bootstrap.partitions(topics.events())).isEqualTo(2);
            assertThat(bootstrap.partitions(topics.trials())).isEqualTo(3);
        }
        Map<String, String> maxBytes = maxMessageBytes(topics.datasets(), topics.models(), topics.events());
        assertThat(maxBytes).containsEntry("create.datasets", "2097152").containsEntry("create.models", "2097152");
        assertThat(maxBytes.get("create.events")).isNotEqualTo("2097152");
    }

    @Test
    void shouldLeaveExistingTopicsAloneWhenRunAgain() {
        Topics topics = new Topics("again.");
        try (TopicBootstrap bootstrap = bootstrap(topics, ONE_NODE)) {
            bootstrap.ensureTopics();

            BootstrapResult second = bootstrap.ensureTopics();

            assertThat(second.created()).isEmpty();
            assertThat(second.existing()).containsExactlyElementsOf(topics.all());
            assertThat(second.warnings()).isEmpty();
            assertThat(second.trialPartitions()).isEqualTo(3);
        }
    }

    @Test
    void shouldRaiseTrialPartitionsButNeverLowerThem() {
        Topics topics = new Topics("raise.");
        try (TopicBootstrap small = bootstrap(topics, ONE_NODE.withPartitions(1).withTrialPartitions(2))) {
            assertThat(small.ensureTopics().trialPartitions()).isEqualTo(2);
        }

        try (TopicBootstrap larger = bootstrap(topics, ONE_NODE.withPartitions(4).withTrialPartitions(5))) {
            BootstrapResult result = larger.ensureTopics();

            assertThat(result.trialPartitions()).isEqualTo(5);
            assertThat(larger.partitions(topics.trials())).isEqualTo(5);
            // Keyed by search: raising these would move a search's records mid-stream.
            assertThat(larger.partitions(topics.events())).isEqualTo(1);
            assertThat(larger.raiseTrialPartitions(3)).isEqualTo(5);
            assertThat(larger.partitions(topics.trials())).isEqualTo(5);
            assertThat(larger.raiseTrialPartitions(7)).isEqualTo(7);
        }
    }

    /**
     * A command with no layout of its own ({@code submit}, or a worker started without
     * {@code --trial-partitions}) leaves the operator's count alone: raising it to the default 8
     * stalled trials for 5 min while the workers had not yet seen the new partitions.
     */
    @Test
    void theDefaultLayout_createsEightTrialPartitions_butNeverRaisesAnExistingTopic() {
        Topics topics = new Topics("defaults.");
        try (TopicBootstrap operator = bootstrap(topics, ONE_NODE.withTrialPartitions(2))) {
            assertThat(operator.ensureTopics().trialPartitions()).isEqualTo(2);
        }
        TopicLayout defaults = new TopicLayout(1, TopicLayout.DEFAULT_TRIAL_PARTITIONS, (short) 1, false);
        try (TopicBootstrap later = bootstrap(topics, defaults)) {
            assertThat(later.ensureTopics().trialPartitions()).isEqualTo(2);
            assertThat(later.partitions(topics.trials())).isEqualTo(2);
        }
        Topics fresh = new Topics("fresh.");
        try (TopicBootstrap first = bootstrap(fresh, defaults)) {
            assertThat(first.ensureTopics().trialPartitions()).isEqualTo(8);
        }
    }

    @Test
    void shouldWarnAboutAnExistingStateTopicThatIsNotCompacted() throws Exception {
        Topics topics = new Topics("warn.");
        try (Admin admin = BoundedAdmin.create(kafka.bootstrapServers(), TIMEOUT, "test")) {
            admin.createTopics(List.of(new NewTopic(topics.searches(), 1, (short) 1))).all().get(10, TimeUnit.SECONDS);
        }

        try (TopicBootstrap bootstrap = bootstrap(topics, ONE_NODE)) {
            BootstrapResult result = bootstrap.ensureTopics();

            assertThat(result.existing()).containsExactly("warn.searches");
            assertThat(result.warnings()).containsExactly("warn.searches has cleanup.policy=delete, expected compact "
                    + "(left unchanged; fix it with kafka-configs --alter)");
        }
    }

    @Test
    void shouldNameTheBrokerAndTopicWhenARequestIsRefused() {
        Topics topics = new Topics("refused.");
        try (TopicBootstrap bootstrap = bootstrap(topics, ONE_NODE.withReplicationFactor((short) 3))) {
            KafkaAdminException e = catchThrowableOfType(KafkaAdminException.class, bootstrap::ensureTopics);

            assertThat(e).hasMessageStartingWith("Kafka at " + kafka.bootstrapServers()
                    + " could not create refused.searches: InvalidReplicationFactorException: ");
        }
    }

    private static Map<String, String> maxMessageBytes(String... names) throws Exception {
        try (Admin admin = BoundedAdmin.create(kafka.bootstrapServers(), TIMEOUT, "test")) {
            List<ConfigResource> resources = java.util.Arrays.stream(names)
                    .map(name -> new ConfigResource(ConfigResource.Type.TOPIC, name)).toList();
            Map<ConfigResource, Config> configs = admin.describeConfigs(resources).all().get(10, TimeUnit.SECONDS);
            Map<String, String> values = new java.util.HashMap<>();
            configs.forEach((resource, config) -> values.put(resource.name(), config.get("max.message.bytes").value()));
            return values;
        }
    }
}
