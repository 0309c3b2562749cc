package dev.trialstream.core.status;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trialstream.core.message.LeaderboardSnapshot;
import dev.trialstream.core.message.RunningTrial;
import dev.trialstream.core.message.StatusCounts;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class StallRuleTest {

    private static final long T0 = 1_800_000_000_000L;
    private static final long SECOND = 1000;
    private static final long MINUTE = 60 * SECOND;

    private final StallRule rule = new StallRule();

    /** A trial started at T0 whose epochs took {@code epochSeconds} each, its last reported at {@code lastAt}. */
    private static RunningTrial trained(int epochs, long epochSeconds) {
        long first = T0 + epochSeconds * SECOND;
        return new RunningTrial("s-1-t0003", "w-host-1", epochs, T0, first, first + (epochs - 1) * epochSeconds * SECOND);
    }

    private static RunningTrial unstarted() {
        return new RunningTrial("s-1-t0003", "w-host-1", 0, T0, 0, 0);
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                // trial, the search's first epochs (ms), silence since it last moved, stuck?
                Arguments.of("fast epochs, silent for less than the floor", trained(5, 2), 0L, 119 * SECOND, false),
                Arguments.of("fast epochs, silent for the floor", trained(5, 2), 0L, 2 * MINUTE, true),
                Arguments.of("30 s epochs, silent for 4 min", trained(5, 30), 0L, 4 * MINUTE, false),
                Arguments.of("30 s epochs, silent for 10 of them", trained(5, 30), 0L, 5 * MINUTE, true),
                Arguments.of("one epoch of 20 s, silent for 3 min", trained(1, 20), 0L, 3 * MINUTE, false),
                Arguments.of("one epoch of 20 s, silent for 200 s", trained(1, 20), 0L, 200 * SECOND, true),
                Arguments.of("no epoch, others' first took 1 s, silent 2 min", unstarted(), SECOND, 2 * MINUTE, true),
                Arguments.of("no epoch, others' first took 1 min, silent 9 min", unstarted(), MINUTE, 9 * MINUTE, false),
                Arguments.of("no epoch, others' first took 1 min, silent 10 min", unstarted(), MINUTE, 10 * MINUTE, true),
                Arguments.of("no epoch anywhere, silent 14 min", unstarted(), 0L, 14 * MINUTE, false),
                Arguments.of("no epoch anywhere, silent 15 min", unstarted(), 0L, 15 * MINUTE, true),
                Arguments.of("its own epochs count, not the search's", trained(3, 60), 1L, 5 * MINUTE, false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void stalled_byItsUsualEpochs(String name, RunningTrial trial, long firstEpochMillis, long silentMillis,
                                  boolean stuck) {
        Optional<TrialStall> stall = rule.stalled(trial, firstEpochMillis, trial.lastMoveAt() + silentMillis);

        assertThat(stall.isPresent()).isEqualTo(stuck);
        stall.ifPresent(s -> assertThat(s.silent()).isEqualTo(Duration.ofMillis(silentMillis)));
    }

    @Test
    void stalled_saysWhatItComparedWith() {
        TrialStall stall = rule.stalled(trained(4, 2), 0, trained(4, 2).lastEpochAt() + 4 * MINUTE).orElseThrow();

        assertThat(stall).isEqualTo(new TrialStall("s-1-t0003", "w-host-1", 4, Duration.ofMinutes(4),
                Duration.ofSeconds(2)));
    }

    @Test
    void stalled_aSnapshot_listsOnlyItsStuckTrials_measuredAtItsTime() {
        RunningTrial stuck = trained(4, 2);
        RunningTrial moving = new RunningTrial("s-1-t0004", "w-host-2", 2, T0, T0 + 2 * SECOND,
                stuck.lastEpochAt() + 3 * MINUTE);
        LeaderboardSnapshot snapshot = new LeaderboardSnapshot("s-1", "search", new StatusCounts(0, 2, 0, 0, 0),
                List.of(), List.of(), 6, 40, null, SearchStatus.RUNNING, stuck.lastEpochAt() + 3 * MINUTE, null, 0,
                List.of(stuck, moving), 2 * SECOND);

        assertThat(rule.stalled(snapshot)).extracting(TrialStall::trialId).containsExactly("s-1-t0003");
    }

    @Test
    void stalled_aShorterFloor_callsAFastTrialStuckSooner() {
        StallRule shortFloor = new StallRule(Duration.ofSeconds(3));

        assertThat(shortFloor.stalled(trained(5, 0), 0, trained(5, 0).lastEpochAt() + 3 * SECOND)).isPresent();
        assertThat(rule.stalled(trained(5, 0), 0, trained(5, 0).lastEpochAt() + 3 * SECOND)).isEmpty();
    }
}
