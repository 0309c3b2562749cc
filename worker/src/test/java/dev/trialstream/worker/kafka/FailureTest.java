package dev.trialstream.worker.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.FencedInstanceIdException;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.NotCoordinatorException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.TransactionAbortableException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class FailureTest {

    static Stream<Arguments> errors() {
        return Stream.of(
                // The error of issue 15: a committed-offset lookup while the broker restarted.
                Arguments.of(new TimeoutException("Timeout of 15000ms expired before the last committed offset for "
                        + "partitions [trialstream.trials-7] could be determined"), Failure.RETRIABLE),
                Arguments.of(new NotCoordinatorException("moved"), Failure.RETRIABLE),
                Arguments.of(new TransactionAbortableException("aborted by the coordinator"), Failure.RETRIABLE),
                Arguments.of(new InvalidProducerEpochException("transaction timed out"), Failure.RETRIABLE),
                Arguments.of(new KafkaException("wrapped", new TimeoutException("inner")), Failure.RETRIABLE),
                Arguments.of(new CommitFailedException("generation moved on"), Failure.REBALANCED),
                Arguments.of(new ProducerFencedException("another instance"), Failure.FATAL),
                Arguments.of(new FencedInstanceIdException("same worker id twice"), Failure.FATAL),
                Arguments.of(new TopicAuthorizationException("no ACL"), Failure.FATAL),
                Arguments.of(new RecordTooLargeException("1 GB bundle"), Failure.POISON));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("errors")
    void of_sortsKafkaErrors(Exception error, Failure expected) {
        assertThat(Failure.of(error)).isEqualTo(expected);
    }
}
