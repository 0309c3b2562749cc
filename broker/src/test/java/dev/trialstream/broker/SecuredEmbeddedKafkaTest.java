package dev.trialstream.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.trialstream.kafka.KafkaAdminException;
import dev.trialstream.kafka.KafkaConnection;
import dev.trialstream.kafka.TopicBootstrap;
import dev.trialstream.kafka.TopicLayout;
import dev.trialstream.kafka.Topics;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The SASL_SSL broker authenticates with SCRAM and enforces ACLs; our admin calls say which. */
class SecuredEmbeddedKafkaTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @RegisterExtension
    static final EmbeddedKafkaExtension kafka = new EmbeddedKafkaExtension(() -> EmbeddedKafka.startSecured(
            new SaslSsl(Map.of("admin", "admin-secret", "alice", "alice-secret"), Set.of("admin"))));

    private static KafkaConnection as(String user, String password) {
        return new KafkaConnection(kafka.bootstrapServers(), kafka.get().clientProperties(user, password));
    }

    @Test
    void superUser_createsTopics() {
        try (TopicBootstrap bootstrap = new TopicBootstrap(as("admin", "admin-secret"), new Topics("super."),
                new TopicLayout(1, 1, (short) 1), TIMEOUT)) {
            assertThat(bootstrap.ensureTopics().created()).hasSize(10);
        }
    }

    /** As docs/kubernetes.md has it: the CA as a PEM file, no trust store password (what KEDA reads too). */
    @Test
    void pemTrustStore_isEnoughForAClient() {
        Map<String, String> properties = new java.util.HashMap<>(kafka.get().clientProperties("admin", "admin-secret"));
        properties.remove("ssl.truststore.password");
        properties.put("ssl.truststore.type", "PEM");
        properties.put("ssl.truststore.location", kafka.get().directory().resolve("broker.pem").toString());
        try (TopicBootstrap bootstrap = new TopicBootstrap(new KafkaConnection(kafka.bootstrapServers(), properties),
                new Topics("pem."), new TopicLayout(1, 1, (short) 1), TIMEOUT)) {
            assertThat(bootstrap.ensureTopics().created()).contains("pem.trials");
        }
    }

    @Test
    void wrongPassword_failsSayingAuthenticationFailed() {
        long start = System.nanoTime();
        KafkaAdminException e;
        try (TopicBootstrap bootstrap = new TopicBootstrap(as("alice", "wrong"), Topics.withDefaultPrefix(),
                TopicLayout.DEFAULTS, TIMEOUT)) {
            e = catchThrowableOfType(KafkaAdminException.class, bootstrap::ensureTopics);
        }
        assertThat(e).hasMessageStartingWith("Kafka at " + kafka.bootstrapServers() + ": authentication failed")
                .hasMessageContaining("(trying to list topics)")
                .hasMessageNotContaining("wrong");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(TIMEOUT);
    }

    @Test
    void plaintextClient_cannotTalkToTheSecuredListener() {
        KafkaAdminException e;
        try (TopicBootstrap bootstrap = new TopicBootstrap(kafka.bootstrapServers(), Topics.withDefaultPrefix(),
                TopicLayout.DEFAULTS, Duration.ofSeconds(3))) {
            e = catchThrowableOfType(KafkaAdminException.class, bootstrap::ensureTopics);
        }
        // A plaintext client gets no answer it understands from a TLS listener: it times out.
        assertThat(e).hasMessageStartingWith("Kafka at " + kafka.bootstrapServers() + " did not answer within 3 s");
    }

    @Test
    void userWithoutAcls_isNotAuthorizedToCreateTopics() {
        KafkaAdminException e;
        try (TopicBootstrap bootstrap = new TopicBootstrap(as("alice", "alice-secret"), new Topics("alice."),
                new TopicLayout(1, 1, (short) 1), TIMEOUT)) {
            e = catchThrowableOfType(KafkaAdminException.class, bootstrap::ensureTopics);
        }
        assertThat(e).hasMessageContaining("not authorized").hasMessageContaining("alice.searches");
    }
}
