package dev.trialstream.core.kafka;

import dev.trialstream.core.message.Message;
import dev.trialstream.core.message.MessageCodec;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/** Serializer and deserializer of one message family together, as Kafka Streams wants them. */
public final class MessageSerde<T extends Message> implements Serde<T> {

    private final MessageSerializer<T> serializer;
    private final MessageDeserializer<T> deserializer;

    public MessageSerde(MessageCodec codec, Class<T> family) {
        this.serializer = new MessageSerializer<>(codec);
        this.deserializer = new MessageDeserializer<>(codec, family);
    }

    @Override
    public Serializer<T> serializer() {
        return serializer;
    }

    @Override
    public Deserializer<T> deserializer() {
        return deserializer;
    }
}
