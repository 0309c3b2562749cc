package dev.trialstream.core.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class RowShuffleTest {

    @Test
    void shouldPermuteEveryRowOnce() {
        int[] order = RowShuffle.permutation(100, 5);

        assertThat(Arrays.stream(order).sorted().toArray()).isEqualTo(IntStream.range(0, 100).toArray());
        assertThat(order).isNotEqualTo(IntStream.range(0, 100).toArray());
    }

    @Test
    void shouldRepeatForTheSameSeed() {
        assertThat(RowShuffle.permutation(50, 42)).isEqualTo(RowShuffle.permutation(50, 42));
        assertThat(RowShuffle.permutation(50, 42)).isNotEqualTo(RowShuffle.permutation(50, 43));
    }

    @Test
    void permutation_negativeSize() {
        assertThatThrownBy(() -> RowShuffle.permutation(-1, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("n must be >= 0, found -1");
    }
}
