package dev.trialstream.core.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The architecture rule: {@code core} is the domain only. Transport (Kafka), serving (HTTP) and
 * the training engine (DL4J/ND4J) live in their own modules, so nothing in core may import them.
 */
class CoreIsPureTest {

    private static final Pattern FORBIDDEN = Pattern.compile(
            "^import\\s+(static\\s+)?(org\\.apache\\.kafka|com\\.sun\\.net\\.httpserver|org\\.deeplearning4j|org\\.nd4j)\\b.*",
            Pattern.MULTILINE);

    @Test
    void core_importsNoKafkaHttpOrDl4j() throws IOException {
        Path sources = Path.of("src/main/java");
        assertThat(sources).isDirectory();
        List<String> offenders;
        try (Stream<Path> files = Files.walk(sources)) {
            offenders = files.filter(f -> f.toString().endsWith(".java"))
                    .flatMap(CoreIsPureTest::forbiddenImports)
                    .toList();
        }
        assertThat(offenders).as("imports that do not belong in core").isEmpty();
    }

    @Test
    void core_hasNoKafkaClientOnItsClasspath() {
        assertThat(getClass().getClassLoader().getResource("org/apache/kafka/clients/producer/KafkaProducer.class"))
                .as("kafka-clients must not be a dependency of core").isNull();
    }

    private static Stream<String> forbiddenImports(Path file) {
        try {
            return FORBIDDEN.matcher(Files.readString(file)).results()
                    .map(m -> file + ": " + m.group().strip());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
