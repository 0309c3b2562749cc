package dev.trialstream.broker;

import java.util.Objects;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One {@link EmbeddedKafka} for a test class: started before its first test (and before the class's
 * own {@code @BeforeAll} methods), closed after its last (after its {@code @AfterAll} methods).
 * Register it on a static field:
 *
 * <pre>{@code
 * @RegisterExtension
 * static final EmbeddedKafkaExtension kafka = new EmbeddedKafkaExtension();
 * }</pre>
 */
public final class EmbeddedKafkaExtension implements BeforeAllCallback, AfterAllCallback {

    private final Supplier<EmbeddedKafka> starter;
    private EmbeddedKafka kafka;
    /** The class that started the broker: a nested class shares it and does not close it. */
    private String startedBy;

    /** A broker with the default settings ({@link EmbeddedKafka#start()}). */
    public EmbeddedKafkaExtension() {
        this(EmbeddedKafka::start);
    }

    /** A broker that {@code starter} starts, e.g. {@code () -> EmbeddedKafka.startSecured(...)}. */
    public EmbeddedKafkaExtension(Supplier<EmbeddedKafka> starter) {
        this.starter = Objects.requireNonNull(starter, "starter");
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        if (kafka == null) {
            kafka = starter.get();
            startedBy = context.getUniqueId();
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (kafka != null && context.getUniqueId().equals(startedBy)) {
            try {
                kafka.close();
            } finally {
                kafka = null;
                startedBy = null;
            }
        }
    }

    /** The running broker. */
    public EmbeddedKafka get() {
        if (kafka == null) {
            throw new IllegalStateException("no broker: register the extension on a static field with @RegisterExtension");
        }
        return kafka;
    }

    /** {@link EmbeddedKafka#bootstrapServers()} of the running broker. */
    public String bootstrapServers() {
        return get().bootstrapServers();
    }
}
