package dev.trialstream.producer.kafka;

import dev.trialstream.kafka.KafkaAdminException;
import dev.trialstream.kafka.KafkaErrors;
import java.util.function.Supplier;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.TimeoutException;

/**
 * Turns a client timeout into an error that says which broker did not answer, and a refused
 * login or a missing ACL into one that says which ("authentication failed", "not authorized to
 * read T").
 */
public final class KafkaCalls {

    private KafkaCalls() {
    }

    public static <T> T bounded(dev.trialstream.producer.cli.KafkaOptions kafka, Supplier<T> call) {
        try {
            return call.get();
        } catch (TimeoutException e) {
            throw new KafkaAdminException("Kafka at " + kafka.bootstrap() + " did not answer within "
                    + kafka.timeout().toSeconds() + " s: is a broker running there, and is --bootstrap right?", e);
        } catch (AuthenticationException | AuthorizationException e) {
            throw new KafkaAdminException(KafkaErrors.describe(e, kafka.bootstrap(), "read"), e);
        }
    }
}
