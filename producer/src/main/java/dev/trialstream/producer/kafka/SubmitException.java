package dev.trialstream.producer.kafka;

/** A submit that Kafka refused or that failed on the way; the message says what, never a client property. */
public final class SubmitException extends RuntimeException {

    public SubmitException(String message, Throwable cause) {
        super(message, cause);
    }
}
