package dev.trialstream.broker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trialstream.kafka.BoundedAdmin;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;

class EmbeddedKafkaTest {

    @Test
    void shouldStartTwiceInOneJvmAndDeleteItsDirectoryOnClose() throws Exception {
        Path firstDirectory;
        String firstAddress;
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            System.out.printf("embedded Kafka #1 started in %d ms on %s%n", kafka.startupTime().toMillis(),
                    kafka.bootstrapServers());
            firstDirectory = kafka.directory();
            firstAddress = kafka.bootstrapServers();
            assertThat(createAndList(kafka.bootstrapServers(), "first")).contains("first");
        }
        assertThat(Files.exists(firstDirectory)).isFalse();

        long start = System.nanoTime();
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            System.out.printf("embedded Kafka #2 started in %d ms on %s%n", kafka.startupTime().toMillis(),
                    kafka.bootstrapServers());
            assertThat(kafka.directory()).isNotEqualTo(firstDirectory);
            assertThat(kafka.bootstrapServers()).isNotEqualTo(firstAddress);
            assertThat(createAndList(kafka.bootstrapServers(), "second")).containsExactly("second");
        }
        System.out.printf("second start, use and close took %d ms%n",
                Duration.ofNanos(System.nanoTime() - start).toMillis());
    }

    @Test
    void closeTwice_isHarmless() {
        EmbeddedKafka kafka = EmbeddedKafka.start();
        kafka.close();
        kafka.close();

        assertThat(Files.exists(kafka.directory())).isFalse();
    }

    private static List<String> createAndList(String bootstrap, String topic) throws Exception {
        try (Admin admin = BoundedAdmin.create(bootstrap, Duration.ofSeconds(10), "embedded-kafka-test")) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get(10, TimeUnit.SECONDS);
            // The controller has committed the topic; the broker's metadata may be a moment behind.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            List<String> names;
            do {
                names = admin.listTopics().names().get(10, TimeUnit.SECONDS).stream().sorted().toList();
            } while (!names.contains(topic) && System.nanoTime() < deadline && sleep(50));
            return names;
        }
    }

    private static boolean sleep(long millis) throws InterruptedException {
        Thread.sleep(millis);
        return true;
    }
}
