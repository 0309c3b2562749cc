package dev.trialstream.launcher.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trialstream.broker.EmbeddedKafka;
import dev.trialstream.broker.EmbeddedKafkaExtension;
import dev.trialstream.launcher.cli.Cli;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * On a broker with Kafka's default {@code auto.create.topics.enable=true}, the commands that only
 * read ({@code status}, {@code leaderboard}) make no topic: they made {@code searches} and
 * {@code leaderboard} with the broker's defaults (delete, not compact), and the first
 * {@code submit} then found them there and left them so ("cleanup.policy=delete, expected compact").
 */
class ReadingCreatesNoTopicTest {

    @RegisterExtension
    static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension(
            () -> EmbeddedKafka.start(Map.of("auto.create.topics.enable", "true")));

    @TempDir
    Path dir;

    @Test
    void readingBeforeTheFirstSubmit_makesNoTopic_andSubmitThenMakesThemAsItShould() throws Exception {
        String bootstrap = KAFKA.get().bootstrapServers();

        Cli status = Cli.run("status", "--bootstrap", bootstrap, "--topic-prefix", "nt.");
        Cli leaderboard = Cli.run("leaderboard", "s-1", "--bootstrap", bootstrap, "--topic-prefix", "nt.");

        assertThat(status.exitCode()).as(status.err()).isZero();
        assertThat(status.out()).contains("no searches yet");
        assertThat(leaderboard.exitCode()).isEqualTo(2);
        assertThat(leaderboard.err()).contains("no topic nt.leaderboard on this broker: nothing was submitted there");
        try (Admin admin = Admin.create(Map.<String, Object>of("bootstrap.servers", bootstrap))) {
            Set<String> names = admin.listTopics().names().get();
            assertThat(names).noneMatch(name -> name.startsWith("nt."));

            Path spec = TinySearch.write(dir, "no-topic-test", 1, 1);
            Cli submit = Cli.run("submit", spec.toString(), "--bootstrap", bootstrap, "--topic-prefix", "nt.");

            assertThat(submit.exitCode()).as(submit.err()).isZero();
            assertThat(submit.err()).doesNotContain("expected compact");
            ConfigResource board = new ConfigResource(ConfigResource.Type.TOPIC, "nt.leaderboard");
            Config config = admin.describeConfigs(List.of(board)).all().get().get(board);
            assertThat(config.get("cleanup.policy").value()).isEqualTo("compact");
        }
    }
}
