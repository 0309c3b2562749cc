package dev.trialstream.core.message;

import java.util.Optional;

/**
 * Bytes that are not a message this reader accepts. Unchecked so that it can cross Kafka's
 * {@code Deserializer} interface; a consumer catches it and dead-letters the record.
 */
public final class MessageDecodeException extends RuntimeException {

    private final String type;
    private final String field;

    MessageDecodeException(String message, String type, String field, Throwable cause) {
        super(message, cause);
        this.type = type;
        this.field = field;
    }

    /** The {@code type} the message claimed, when it got that far. */
    public Optional<String> type() {
        return Optional.ofNullable(type);
    }

    /** The path of the field at fault ({@code params.dropout}, {@code foldMse[2]}), when known. */
    public Optional<String> field() {
        return Optional.ofNullable(field);
    }
}
