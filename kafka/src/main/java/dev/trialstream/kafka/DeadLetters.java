package dev.trialstream.kafka;

import dev.trialstream.core.message.DeadLetter;
import dev.trialstream.core.message.MessageDecodeException;
import java.time.Clock;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** Turns a record that could not be processed into a {@link DeadLetter}, so nothing is dropped silently. */
public final class DeadLetters {

    private final Topics topics;
    private final Clock clock;

    public DeadLetters(Topics topics, Clock clock) {
        if (topics == null || clock == null) {
            throw new IllegalArgumentException("topics and clock must be set");
        }
        this.topics = topics;
        this.clock = clock;
    }

    /** For a consumer that reads raw bytes and decodes (or processes) them itself. */
    public DeadLetter of(ConsumerRecord<String, byte[]> record, Exception error) {
        return new DeadLetter(record.topic(), record.partition(), record.offset(), record.key(), record.value(),
                describe(error), clock.millis());
    }

    private static String describe(Throwable error) {
        if (error instanceof MessageDecodeException) {
            return error.getMessage();
        }
        return error.getClass().getSimpleName() + ": " + error.getMessage();
    }
}
