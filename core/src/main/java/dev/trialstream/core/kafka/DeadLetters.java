package dev.trialstream.core.kafka;

import dev.trialstream.core.message.DeadLetter;
import dev.trialstream.core.message.Message;
import dev.trialstream.core.message.MessageDecodeException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordDeserializationException;

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

    /**
     * For a consumer using {@link MessageDeserializer}, whose {@code poll} threw: the exception
     * carries the raw key and value. The caller must still {@code seek} past {@code e.offset()}.
     */
    public DeadLetter of(RecordDeserializationException e) {
        ByteBuffer key = e.keyBuffer();
        String keyText = key == null ? null : StandardCharsets.UTF_8.decode(key.duplicate()).toString();
        return new DeadLetter(e.topicPartition().topic(), e.topicPartition().partition(), e.offset(), keyText,
                bytes(e.valueBuffer()), describe(e.getCause() == null ? e : e.getCause()), clock.millis());
    }

    /** The record to send: to the dead-letter topic, under the original key. */
    public ProducerRecord<String, Message> toRecord(DeadLetter letter) {
        return new ProducerRecord<>(topics.deadLetters(), letter.key(), letter);
    }

    private static String describe(Throwable error) {
        if (error instanceof MessageDecodeException) {
            return error.getMessage();
        }
        return error.getClass().getSimpleName() + ": " + error.getMessage();
    }

    private static byte[] bytes(ByteBuffer buffer) {
        if (buffer == null) {
            return null;
        }
        ByteBuffer copy = buffer.duplicate();
        byte[] bytes = new byte[copy.remaining()];
        copy.get(bytes);
        return bytes;
    }
}
