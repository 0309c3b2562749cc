package dev.trialstream.core.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trialstream.core.message.EventMessage;
import dev.trialstream.core.message.MessageCodec;
import dev.trialstream.core.message.MessageDecodeException;
import dev.trialstream.core.message.MessageSamples;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class MessageSerdeTest {

    private final MessageCodec codec = new MessageCodec();
    private final MessageSerde<EventMessage> serde = new MessageSerde<>(codec, EventMessage.class);

    @Test
    void shouldRoundTripThroughKafkaSerdes() {
        byte[] bytes = serde.serializer().serialize("trialstream.events", MessageSamples.epochReported());

        assertThat(bytes).isEqualTo(codec.encode(MessageSamples.epochReported()));
        assertThat(serde.deserializer().deserialize("trialstream.events", bytes))
                .isEqualTo(MessageSamples.epochReported());
    }

    @Test
    void shouldKeepTombstonesNull() {
        assertThat(serde.serializer().serialize("t", null)).isNull();
        assertThat(serde.deserializer().deserialize("t", null)).isNull();
    }

    @Test
    void shouldThrowTheDecodeExceptionForABadRecord() {
        byte[] trial = codec.encode(MessageSamples.trialRequested());

        assertThatThrownBy(() -> serde.deserializer().deserialize("t", trial))
                .isInstanceOf(MessageDecodeException.class)
                .hasMessageStartingWith("message type 'TrialRequested' does not belong to EventMessage");
        assertThatThrownBy(() -> serde.deserializer().deserialize("t", "{".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(MessageDecodeException.class)
                .hasMessageStartingWith("not JSON");
    }
}
