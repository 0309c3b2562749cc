package dev.trialstream.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class TopicBootstrapUnreachableTest {

    /** A port that was free a moment ago: nothing listens there, so connections are refused. */
    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @Test
    void shouldFailWithinTheTimeoutNamingTheAddressWhenNoBrokerListens() throws IOException {
        String address = "127.0.0.1:" + closedPort();
        long start = System.nanoTime();

        KafkaAdminException e;
        try (TopicBootstrap bootstrap = new TopicBootstrap(address, Topics.withDefaultPrefix(), TopicLayout.DEFAULTS,
                TopicBootstrap.DEFAULT_TIMEOUT)) {
            e = catchThrowableOfType(KafkaAdminException.class, bootstrap::ensureTopics);
        }
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);

        assertThat(e).hasMessage("Kafka at " + address + " did not answer within 10 s (trying to list topics): "
                + "is a broker running there, and is bootstrap.servers right?");
        assertThat(elapsed).isLessThan(Duration.ofSeconds(15));
        System.out.printf("unreachable broker reported after %d ms%n", elapsed.toMillis());
    }

    @Test
    void shouldHonourAShorterTimeout() throws IOException {
        String address = "127.0.0.1:" + closedPort();
        long start = System.nanoTime();

        KafkaAdminException e;
        try (TopicBootstrap bootstrap = new TopicBootstrap(address, Topics.withDefaultPrefix(), TopicLayout.DEFAULTS,
                Duration.ofMillis(1500))) {
            e = catchThrowableOfType(KafkaAdminException.class, bootstrap::ensureTopics);
        }

        assertThat(e).hasMessageStartingWith("Kafka at " + address + " did not answer within 1500 ms");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void shouldNameTheSettingTheAddressCameFrom() throws IOException {
        String address = "127.0.0.1:" + closedPort();

        KafkaAdminException e;
        try (TopicBootstrap bootstrap = new TopicBootstrap(KafkaConnection.of(address), Topics.withDefaultPrefix(),
                TopicLayout.DEFAULTS, Duration.ofMillis(1500), "--bootstrap")) {
            e = catchThrowableOfType(KafkaAdminException.class, bootstrap::ensureTopics);
        }

        assertThat(e).hasMessage("Kafka at " + address + " did not answer within 1500 ms (trying to list topics): "
                + "is a broker running there, and is --bootstrap right?");
    }

    @Test
    void shouldNameAnUnresolvableAddress() {
        String address = "no-such-host.invalid:9092";
        long start = System.nanoTime();

        KafkaAdminException e = catchThrowableOfType(KafkaAdminException.class, () -> {
            try (TopicBootstrap bootstrap = new TopicBootstrap(address, Topics.withDefaultPrefix(),
                    TopicLayout.DEFAULTS, Duration.ofSeconds(3))) {
                bootstrap.ensureTopics();
            }
        });

        assertThat(e).isNotNull();
        assertThat(e.getMessage()).contains(address);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(8));
        System.out.println("unresolvable address: " + e.getMessage());
    }
}
