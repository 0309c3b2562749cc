package dev.trialstream.core.pruning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trialstream.core.spec.PruningPolicy;
import dev.trialstream.core.spec.PruningSpec;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AshaScheduleTest {

    private static final PruningSpec AUTO = PruningSpec.of(PruningPolicy.ASHA);

    private static List<Double> flat(double value, int epochs) {
        return new ArrayList<>(Collections.nCopies(epochs, value));
    }

    @Test
    void schedule_twentyTrialsOfThirtyEpochs_twoRungs_cuttingFromTheSecondTrial() {
        // 20 trials x 30 epochs, 4 in flight: all 20 reach the first rung, 20/3 = 6.7 the second,
        // 20/9 = 2.2 finish: 4 free passes would outnumber them, so a rung cuts once 2 recorded it.
        AshaSchedule schedule = AshaSchedule.of(AUTO, 20, 30, 4);

        assertThat(schedule.rungs()).containsExactly(3, 10);
        assertThat(schedule.minTrialsPerRung()).isEqualTo(2);
    }

    @Test
    void schedule_rungsGrowWithTheTrialBudget() {
        assertThat(AshaSchedule.of(AUTO, 1, 100, 4).rungs()).isEmpty();           // nothing to compare with
        assertThat(AshaSchedule.of(AUTO, 2, 100, 4).rungs()).containsExactly(33);
        assertThat(AshaSchedule.of(AUTO, 5, 100, 4).rungs()).containsExactly(33);      // 5/3 < 2 reach a second
        assertThat(AshaSchedule.of(AUTO, 6, 100, 4).rungs()).containsExactly(11, 33);
        assertThat(AshaSchedule.of(AUTO, 36, 100, 4).rungs()).containsExactly(11, 33);
        // At most two: no automatic rung before 100/3^2, however many trials would reach one.
        assertThat(AshaSchedule.of(AUTO, 100_000, 100, 4).rungs()).containsExactly(11, 33);
    }

    @Test
    void schedule_minTrials_theTrialsInFlight_atMostTheTrialsThatFinish() {
        assertThat(AshaSchedule.of(AUTO, 40, 100, 4).minTrialsPerRung()).isEqualTo(4);   // 40/9 = 4.4 finish
        assertThat(AshaSchedule.of(AUTO, 64, 100, 4).minTrialsPerRung()).isEqualTo(4);   // 7 finish, 4 in flight
        assertThat(AshaSchedule.of(AUTO, 40, 100, 2).minTrialsPerRung()).isEqualTo(3);   // at least eta
        assertThat(AshaSchedule.of(AUTO, 100, 100, 8).minTrialsPerRung()).isEqualTo(8);
        assertThat(AshaSchedule.of(AUTO, 40, 100, 8).minTrialsPerRung()).isEqualTo(4);   // at most 40/9
        assertThat(AshaSchedule.of(AUTO, 30, 100, 4).minTrialsPerRung()).isEqualTo(3);   // 30/9 = 3.3
        assertThat(AshaSchedule.of(AUTO, 10, 100, 4).minTrialsPerRung()).isEqualTo(2);   // at least 2
        assertThat(AshaSchedule.of(AUTO, 40, 100, 14).rungs()).containsExactly(11, 33);  // 40/3 >= 4 reach a second
    }

    @Test
    void schedule_fewEpochs_boundTheRungs() {
        assertThat(AshaSchedule.of(AUTO, 1000, 5, 1).rungs()).containsExactly(2);      // 5/3 rounds to 2; 5/9 < 1
        assertThat(AshaSchedule.of(AUTO, 1000, 1, 1).rungs()).isEmpty();
    }

    @Test
    void schedule_etaShapesRungsAndMinimum() {
        PruningSpec eta2 = new PruningSpec(PruningPolicy.ASHA, 5, 10, PruningSpec.AUTO, 2);

        AshaSchedule schedule = AshaSchedule.of(eta2, 20, 30, 2);

        // Two rungs, at 30/4 and 30/2, each cutting once 2 trials reached it.
        assertThat(schedule.rungs()).containsExactly(8, 15);
        assertThat(schedule.minTrialsPerRung()).isEqualTo(2);
    }

    @Test
    void schedule_explicitFieldsWin() {
        PruningSpec fixed = new PruningSpec(PruningPolicy.ASHA, 5, 10, 5, 3, 1);

        AshaSchedule schedule = AshaSchedule.of(fixed, 20, 30, 4);

        assertThat(schedule.rungs()).containsExactly(5, 15);
        assertThat(schedule.minTrialsPerRung()).isEqualTo(1);
    }

    @Test
    void stopping_aRungCutsOnlyOnceItHasMinTrials() {
        AshaStopping asha = new AshaStopping(new AshaSchedule(List.of(10), 3, 4));
        Map<String, List<Double>> curves = new LinkedHashMap<>();
        curves.put("a", flat(1, 10));
        curves.put("b", flat(2, 10));
        curves.put("c", flat(3, 12));

        // Three trials recorded rung 10, fewer than 4: c continues though it is the worst.
        assertThat(asha.decide("c", curves)).isEmpty();

        curves.put("d", flat(4, 10));
        assertThat(asha.decide("d", curves))
                .hasValue("asha rung 10: 4.000 not in the best 1/3 of 4 trials (cutoff 2.000)");
    }

    @Test
    void stopping_atTwentyTrials_theFirstTrialAtARungGoesOn_andTheSecondOnlyIfBetter() {
        AshaStopping asha = new AshaStopping(AshaSchedule.of(AUTO, 20, 30, 4));
        Map<String, List<Double>> curves = new LinkedHashMap<>();
        curves.put("a", flat(2, 3));
        assertThat(asha.decide("a", curves)).isEmpty();

        curves.put("b", flat(3, 3));
        assertThat(asha.decide("b", curves))
                .hasValue("asha rung 3: 3.000 not in the best 1/3 of 2 trials (cutoff 2.333)");
        curves.put("c", flat(1, 3));
        assertThat(asha.decide("c", curves)).isEmpty();
    }

    @Test
    void schedule_rejectsBadBudgets() {
        assertThatThrownBy(() -> AshaSchedule.of(AUTO, 0, 30, 4))
                .hasMessage("trials, maxEpochs and parallelism must be positive, found 0, 30, 4");
    }

    @Test
    void describe_saysWhereAndWhen() {
        assertThat(AshaSchedule.of(AUTO, 40, 100, 4).describe())
                .isEqualTo("asha rungs [11, 33] (eta 3), a rung cuts once 4 trials reached it");
        assertThat(AshaSchedule.of(AUTO, 20, 30, 4).describe())
                .isEqualTo("asha rungs [3, 10] (eta 3), a rung cuts once 2 trials reached it");
        assertThat(AshaSchedule.of(AUTO, 1, 30, 4).describe()).isEqualTo("asha: no rungs at this budget (stops nothing)");
    }
}
