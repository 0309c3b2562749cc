package dev.trialstream.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class TrialPartitionsTest {

    @Test
    void of_consecutiveTrialsOfASearchGoRoundThePartitionsFromItsOwnStart() {
        int start = TrialPartitions.start("s-1a2b3c4d", 4);
        assertThat(IntStream.range(0, 6).map(i -> TrialPartitions.of("s-1a2b3c4d", i, 4)))
                .containsExactly(start, (start + 1) % 4, (start + 2) % 4, (start + 3) % 4, start, (start + 1) % 4);
    }

    @Test
    void of_searchesStartAtDifferentPartitions() {
        // Twenty searches' first trials on eight partitions: every partition gets some, not all
        // twenty on partition 0 (where i mod partitions put every search's first batch).
        Set<Integer> firsts = IntStream.range(0, 20).mapToObj(i -> String.format("s-r01-%03d", i))
                .map(id -> TrialPartitions.of(id, 0, 8)).collect(Collectors.toSet());
        assertThat(firsts).hasSizeGreaterThanOrEqualTo(6);
    }

    @Test
    void of_badPartitions() {
        assertThatThrownBy(() -> TrialPartitions.of("s-1", 0, 0))
                .hasMessage("partitions must be positive, found 0");
        assertThatThrownBy(() -> TrialPartitions.of("s-1", -1, 3))
                .hasMessage("trial index must not be negative, found -1");
    }
}
