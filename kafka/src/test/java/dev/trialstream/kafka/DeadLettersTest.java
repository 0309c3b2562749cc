package dev.trialstream.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.trialstream.core.message.DeadLetter;
import dev.trialstream.core.message.Message;
import dev.trialstream.core.message.MessageCodec;
import dev.trialstream.core.message.MessageDecodeException;
import dev.trialstream.core.message.TrialMessage;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RecordDeserializationException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

class DeadLettersTest {

    private static final long NOW = 1_700_000_000_123L;

    private final MessageCodec codec = new MessageCodec();
    private final DeadLetters letters =
            new DeadLetters(Topics.withDefaultPrefix(), Clock.fixed(Instant.ofEpochMilli(NOW), ZoneOffset.UTC));
    private final byte[] garbage = "{\"type\":\"Nope\"}".getBytes(StandardCharsets.UTF_8);

    @Test
    void shouldKeepTheRawRecordAndTheDecodeError() {
        ConsumerRecord<String, byte[]> record = new ConsumerRecord<>("trialstream.trials", 3, 812, "t-9", garbage);
        MessageDecodeException error = catchThrowableOfType(MessageDecodeException.class,
                () -> codec.decode(record.value(), TrialMessage.class));

        DeadLetter letter = letters.of(record, error);

        assertThat(letter).isEqualTo(new DeadLetter("trialstream.trials", 3, 812, "t-9", garbage,
                "unknown message type 'Nope'; TrialMessage accepts [FinalFitRequested, TrialRequested]", NOW));
        assertThat(codec.decode(codec.encode(letter), DeadLetter.class)).isEqualTo(letter);
    }

    @Test
    void shouldNameTheExceptionClassOfOtherFailures() {
        ConsumerRecord<String, byte[]> record = new ConsumerRecord<>("trialstream.trials", 0, 1, null, null);

        DeadLetter letter = letters.of(record, new IllegalStateException("no such dataset"));

        assertThat(letter.error()).isEqualTo("IllegalStateException: no such dataset");
        assertThat(letter.key()).isNull();
        assertThat(letter.value()).isNull();
    }
}
