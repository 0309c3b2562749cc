package dev.trialstream.kafka;

/** An admin step against Kafka failed or timed out; the message names the address and the step. */
public final class KafkaAdminException extends RuntimeException {

    public KafkaAdminException(String message, Throwable cause) {
        super(message, cause);
    }
}
