package dev.trialstream.worker.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class TakeSizerTest {

    private final TakeSizer sizer = new TakeSizer(new PackBudget(64, Duration.ofSeconds(5)));

    @Test
    void next_beforeAnythingIsKnown_takesOneTrial() {
        assertThat(sizer.next()).isEqualTo(1);
    }

    @Test
    void next_cheapTrials_fillTheBudgetsMaximum() {
        sizer.took(1, Duration.ofMillis(3));

        assertThat(sizer.next()).isEqualTo(64);
    }

    @Test
    void next_expensiveTrials_asManyAsFitTheTargetTime() {
        sizer.took(1, Duration.ofSeconds(1));
        assertThat(sizer.next()).isEqualTo(5);

        sizer.took(2, Duration.ofSeconds(20));
        // Half the old estimate (1 s), half the new (10 s): 5.5 s per trial, more than the target.
        assertThat(sizer.next()).isEqualTo(1);
    }

    @Test
    void next_stackedTrials_getCheaperAndTheTakesBigger() {
        sizer.took(1, Duration.ofSeconds(1));
        sizer.took(5, Duration.ofMillis(750)); // five trials stacked: 0.15 s each

        // (1 + 0.15) / 2 = 0.575 s per trial: 8 in 5 s.
        assertThat(sizer.next()).isEqualTo(8);
    }

    @Test
    void next_afterAFailedTake_goesOneByOnePastItsRecords() {
        sizer.took(1, Duration.ofMillis(1));
        sizer.failed(3);

        assertThat(sizer.next()).isEqualTo(1);
        sizer.took(1, Duration.ofMillis(1));
        sizer.took(1, Duration.ofMillis(1));
        assertThat(sizer.next()).isEqualTo(1);
        sizer.took(1, Duration.ofMillis(1));
        assertThat(sizer.next()).isEqualTo(64);
    }

    @Test
    void budget_badValues_sayWhichAndWhat() {
        assertThatThrownBy(() -> new PackBudget(0, Duration.ofSeconds(1)))
                .hasMessage("pack size must be in [1, 10000], found 0");
        assertThatThrownBy(() -> new PackBudget(4, Duration.ZERO)).hasMessage("pack seconds must be positive, found PT0S");
    }
}
