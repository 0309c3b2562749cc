package dev.trialstream.core.kafka;

import dev.trialstream.core.message.Message;
import dev.trialstream.core.message.MessageCodec;
import dev.trialstream.core.message.MessageDecodeException;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Kafka value deserializer for one message family; a null value (tombstone) stays null.
 *
 * <p>A bad record throws {@link MessageDecodeException}, which {@code KafkaConsumer.poll} wraps in a
 * {@code RecordDeserializationException} carrying the raw bytes and the offset:
 * {@link DeadLetters#of(org.apache.kafka.common.errors.RecordDeserializationException)} turns that
 * into a dead letter, and the consumer must then seek past the offset. Consumers that would rather
 * not handle exceptions from {@code poll} read bytes ({@code ByteArrayDeserializer}) and call
 * {@link MessageCodec#decode} themselves, dead-lettering with
 * {@link DeadLetters#of(org.apache.kafka.clients.consumer.ConsumerRecord, Exception)}.
 */
public final class MessageDeserializer<T extends Message> implements Deserializer<T> {

    private final MessageCodec codec;
    private final Class<T> family;

    public MessageDeserializer(MessageCodec codec, Class<T> family) {
        if (codec == null || family == null) {
            throw new IllegalArgumentException("codec and family must be set");
        }
        this.codec = codec;
        this.family = family;
    }

    @Override
    public T deserialize(String topic, byte[] bytes) {
        return bytes == null ? null : codec.decode(bytes, family);
    }
}
