package dev.trialstream.core.kafka;

import dev.trialstream.core.message.Message;
import dev.trialstream.core.message.MessageCodec;
import org.apache.kafka.common.serialization.Serializer;

/** Kafka value serializer for messages; a null message is a tombstone (null value). */
public final class MessageSerializer<T extends Message> implements Serializer<T> {

    private final MessageCodec codec;

    public MessageSerializer(MessageCodec codec) {
        if (codec == null) {
            throw new IllegalArgumentException("codec must be set");
        }
        this.codec = codec;
    }

    @Override
    public byte[] serialize(String topic, T message) {
        return message == null ? null : codec.encode(message);
    }
}
