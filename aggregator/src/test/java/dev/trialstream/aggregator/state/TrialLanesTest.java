package dev.trialstream.aggregator.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

class TrialLanesTest {

    @Test
    void next_isTheLaneThatFreedUp_notTheNextIndex() {
        // 4 lanes, trials 0-3 out; trial 1 ended: its lane releases trial 5 (not trial 4).
        int[] releases = {1, 1, 1, 1};
        assertThat(TrialLanes.next(releases, 12, lane -> lane != 1)).hasValue(1);
        assertThat(TrialLanes.index(4, 1, releases[1])).isEqualTo(5);
    }

    @Test
    void next_amongFreeLanes_isTheOneWithTheLowestNextTrial() {
        int[] releases = {3, 1, 1, 2};   // next trials: 12, 5, 6, 11
        Set<Integer> free = Set.of(0, 3);
        assertThat(TrialLanes.next(releases, 20, lane -> !free.contains(lane))).hasValue(3);
    }

    @Test
    void next_withNoFreeLane_isTheLowestNextTrial_andLanesStartFree() {
        assertThat(TrialLanes.next(new int[] {2, 1, 1, 1}, 20, lane -> true)).hasValue(1);
        assertThat(TrialLanes.next(new int[] {1, 1, 0, 0}, 20, lane -> true)).as("a lane that released nothing is free")
                .hasValue(2);
    }

    @Test
    void next_skipsLanesPastTheBudget_andIsEmptyWhenAllAre() {
        // Budget 6 on 4 lanes: lane 1's next trial is 5, lane 2's would be 6.
        int[] releases = {2, 1, 1, 1};
        assertThat(TrialLanes.next(releases, 6, lane -> lane == 1)).as("the busy lane 1 is the only one left").hasValue(1);
        assertThat(TrialLanes.next(new int[] {2, 2, 1, 1}, 6, lane -> false)).isEmpty();
    }
}
