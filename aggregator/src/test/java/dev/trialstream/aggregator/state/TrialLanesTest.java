package dev.trialstream.aggregator.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

class TrialLanesTest {

    @Test
    void next_isTheFirstFreeLane_afterTheLaneThatReleasedLast() {
        // 4 lanes, trials 0-3 out, then 4 and 5 in lanes 1 and 3 (lane 3 released last): lanes are
        // tried from lane 0 round.
        int[] last = {0, 4, 2, 5};
        Set<Integer> busy = Set.of(0, 3);
        assertThat(TrialLanes.next(last, busy::contains)).hasValue(1);
        assertThat(TrialLanes.next(last, lane -> lane != 2)).hasValue(2);
        assertThat(TrialLanes.next(new int[] {4, 5, 2, 3}, lane -> false)).as("after lane 1, which released 5")
                .hasValue(2);
    }

    @Test
    void next_startsWithLanesThatReleasedNothing() {
        int[] last = {0, 1, TrialLanes.NONE, TrialLanes.NONE};
        assertThat(TrialLanes.next(last, lane -> true)).as("a lane that released nothing is free").hasValue(2);
    }

    @Test
    void next_withNoFreeLane_isTheOneWhoseLastTrialIsOldest_andEmptyWithoutLanes() {
        assertThat(TrialLanes.next(new int[] {6, 4, 7, 5}, lane -> true)).hasValue(1);
        assertThat(TrialLanes.next(new int[0], lane -> false)).isEmpty();
    }
}
