package dev.trialstream.worker.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class TakeSizerTest {

    private final TakeSizer sizer = new TakeSizer(new PackBudget(64, Duration.ofSeconds(5)));

    /** How many trials of {@code search} the next take holds, of as many as the budget's maximum offered. */
    private int next(String search) {
        TakeSizer.Take take = sizer.take();
        int n = 0;
        while (n < 100 && take.add(search)) {
            n++;
        }
        return n;
    }

    private void took(int trials, Duration wall) {
        sizer.took(java.util.Collections.nCopies(trials, "s-a"), wall);
    }

    @Test
    void next_beforeAnythingIsKnown_takesOneTrial() {
        assertThat(next("s-a")).isEqualTo(1);
    }

    @Test
    void next_cheapTrials_fillTheBudgetsMaximum() {
        took(1, Duration.ofMillis(3));

        assertThat(next("s-a")).isEqualTo(64);
    }

    @Test
    void next_expensiveTrials_asManyAsFitTheTargetTime() {
        took(1, Duration.ofSeconds(1));
        assertThat(next("s-a")).isEqualTo(5);

        took(2, Duration.ofSeconds(20));
        // Half the old estimate (1 s), half the new (10 s): 5.5 s per trial, more than the target.
        assertThat(next("s-a")).isEqualTo(1);
    }

    @Test
    void next_stackedTrials_getCheaperAndTheTakesBigger() {
        took(1, Duration.ofSeconds(1));
        took(5, Duration.ofMillis(750)); // five trials stacked: 0.15 s each

        // (1 + 0.15) / 2 = 0.575 s per trial: 8 in 5 s.
        assertThat(next("s-a")).isEqualTo(8);
    }

    @Test
    void next_anotherSearchsTrials_goAloneUntilTheirCostIsKnown_andCostWhatTheyCost() {
        took(4, Duration.ofMillis(4)); // s-a: 1 ms a trial

        assertThat(next("s-b")).isEqualTo(1); // it took all 64 before: s-a's cost, not its own
        sizer.took(List.of("s-b"), Duration.ofSeconds(2));
        assertThat(next("s-b")).isEqualTo(2);
        assertThat(next("s-a")).isEqualTo(64);
        // A take of both: s-a's cheap trials fill what s-b's two leave.
        TakeSizer.Take mixed = sizer.take();
        assertThat(mixed.add("s-b")).isTrue();
        assertThat(mixed.add("s-b")).isTrue();
        assertThat(mixed.add("s-b")).isFalse();
        assertThat(mixed.add("s-a")).isTrue();
        assertThat(mixed.add("s-c")).as("unknown: leads a take of its own").isFalse();
    }

    @Test
    void next_afterAFailedTake_goesOneByOnePastItsRecords() {
        took(1, Duration.ofMillis(1));
        sizer.failed(3);

        assertThat(next("s-a")).isEqualTo(1);
        took(1, Duration.ofMillis(1));
        took(1, Duration.ofMillis(1));
        assertThat(next("s-a")).isEqualTo(1);
        took(1, Duration.ofMillis(1));
        assertThat(next("s-a")).isEqualTo(64);
    }

    @Test
    void budget_badValues_sayWhichAndWhat() {
        assertThatThrownBy(() -> new PackBudget(0, Duration.ofSeconds(1)))
                .hasMessage("pack size must be in [1, 10000], found 0");
        assertThatThrownBy(() -> new PackBudget(4, Duration.ZERO)).hasMessage("pack seconds must be positive, found PT0S");
    }
}
