package dev.trialstream.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TopicsTest {

    @Test
    void shouldPrefixEveryTopicWithTheDefaultPrefix() {
        Topics topics = Topics.withDefaultPrefix();

        assertThat(topics.all()).containsExactly("trialstream.searches", "trialstream.datasets", "trialstream.trials",
                "trialstream.events", "trialstream.control", "trialstream.leaderboard", "trialstream.models",
                "trialstream.dead-letters", "trialstream.aggregator-schedule", "trialstream.aggregator-grants");
        assertThat(topics.deadLetters()).isEqualTo("trialstream.dead-letters");
        assertThat(topics.trials()).isEqualTo("trialstream.trials");
    }

    @Test
    void shouldUseACustomPrefix() {
        Topics topics = new Topics("ci-42_");

        assertThat(topics.events()).isEqualTo("ci-42_events");
        assertThat(topics.topicOf("ci-42_models")).contains(Topic.MODELS);
        assertThat(topics.topicOf("trialstream.models")).isEmpty();
    }

    @Test
    void topics_illegalPrefix() {
        assertThatThrownBy(() -> new Topics("team a/"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("topic prefix may contain only letters, digits, '.', '_' and '-', found \"team a/\"");
    }

    @Test
    void topics_prefixTooLong() {
        assertThatThrownBy(() -> new Topics("x".repeat(231)))
                .hasMessage("topic prefix must be at most 230 characters, found 231");
    }

    @Test
    void shouldCompactOnlyTheStateTopics() {
        assertThat(Arrays.stream(Topic.values()).filter(Topic::compacted))
                .containsExactly(Topic.SEARCHES, Topic.DATASETS, Topic.LEADERBOARD, Topic.MODELS);
        assertThat(Topic.LEADERBOARD.configs()).isEqualTo(Map.of("cleanup.policy", "compact"));
        assertThat(Topic.EVENTS.configs()).isEqualTo(Map.of("cleanup.policy", "delete"));
        assertThat(Topic.MODELS.configs())
                .isEqualTo(Map.of("cleanup.policy", "compact", "max.message.bytes", "2097152"));
        assertThat(Topic.DATASETS.configs()).containsEntry("max.message.bytes", "2097152");
    }

    @Test
    void layout_partitionsPerTopic() {
        TopicLayout layout = TopicLayout.DEFAULTS.withPartitions(2).withTrialPartitions(12);

        assertThat(layout.partitionsOf(Topic.TRIALS)).isEqualTo(12);
        assertThat(layout.partitionsOf(Topic.EVENTS)).isEqualTo(2);
        assertThat(layout.partitionsOf(Topic.GRANTS)).isEqualTo(2);
        assertThat(layout.partitionsOf(Topic.SCHEDULE)).isEqualTo(1);
        assertThat(layout.replicationFactor()).isEqualTo(TopicLayout.BROKER_DEFAULT_REPLICATION);
    }

    @Test
    void layout_zeroTrialPartitions() {
        assertThatThrownBy(() -> TopicLayout.DEFAULTS.withTrialPartitions(0))
                .hasMessage("trialPartitions must be positive, found 0");
    }

    @Test
    void layout_zeroReplication() {
        assertThatThrownBy(() -> TopicLayout.DEFAULTS.withReplicationFactor((short) 0))
                .hasMessage("replicationFactor must be positive (or -1 for the broker default), found 0");
    }
}
