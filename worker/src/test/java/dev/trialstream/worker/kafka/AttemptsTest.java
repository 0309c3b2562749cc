package dev.trialstream.worker.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.LongStream;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class AttemptsTest {

    @Test
    void starts_areCarriedByTheCommittedOffset_fromItOn() {
        Attempts attempts = Attempts.NONE.start(List.of(10L, 11L, 12L, 13L)).start(List.of(10L));

        OffsetAndMetadata committed = attempts.at(11);

        assertThat(committed.offset()).isEqualTo(11);
        assertThat(committed.metadata()).isEqualTo("started:11-13=1");
        assertThat(attempts.at(10).metadata()).isEqualTo("started:10=2,11-13=1");
        Attempts read = Attempts.of(attempts.at(10));
        assertThat(read.of(10)).isEqualTo(2);
        assertThat(read.of(13)).isEqualTo(1);
        assertThat(read.of(14)).isZero();
    }

    @Test
    void aHandBack_takesThatStartOff_andNoneLeftIsNoEntry() {
        Attempts attempts = Attempts.NONE.start(List.of(4L, 5L)).start(List.of(4L));

        Attempts back = attempts.handBack(List.of(4L, 5L));

        assertThat(back.of(4)).isEqualTo(1);
        assertThat(back.of(5)).isZero();
        assertThat(back.at(4).metadata()).isEqualTo("started:4=1");
        assertThat(Attempts.NONE.at(7)).isEqualTo(new OffsetAndMetadata(7, ""));
    }

    /** Metadata that is not ours (none, an older worker's, garbled) counts no starts. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "''", "something else", "started:", "started:x=1", "started:5", "started:5=0", "started:5-x=2"})
    void metadataNotOurs_countsNothing(String metadata) {
        assertThat(Attempts.of(new OffsetAndMetadata(5, metadata)).of(5)).isZero();
        assertThat(Attempts.of(null).of(5)).isZero();
    }

    @Test
    void aHugeTake_staysWithinTheBrokersMetadataLimit_byDroppingTheFarthest() {
        // Every other offset: no runs to merge (a trial in each transaction leaves a marker between).
        Attempts attempts = Attempts.NONE.start(LongStream.range(0, 20_000).filter(o -> o % 2 == 0).boxed().toList());

        String metadata = attempts.at(0).metadata();

        assertThat(metadata.length()).isLessThanOrEqualTo(1000);
        assertThat(Attempts.of(attempts.at(0)).of(0)).isEqualTo(1);
        assertThat(Attempts.of(attempts.at(0)).of(19_998)).isZero();
    }
}
