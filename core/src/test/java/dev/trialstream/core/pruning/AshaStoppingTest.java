package dev.trialstream.core.pruning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AshaStoppingTest {

    private final AshaStopping asha = new AshaStopping(5, 3, 100);

    private static List<Double> flat(double value, int epochs) {
        return new ArrayList<>(Collections.nCopies(epochs, value));
    }

    @Test
    void asha_rungsAreMinEpochsTimesPowersOfEtaBelowMax() {
        assertThat(asha.rungs()).containsExactly(5, 15, 45);
        assertThat(new AshaStopping(1, 2, 10).rungs()).containsExactly(1, 2, 4, 8);
    }

    @Test
    void asha_firstTrialAtARungAlwaysContinues() {
        Map<String, List<Double>> curves = Map.of("x", flat(1e9, 5));

        assertThat(asha.decide("x", curves)).isEmpty();
    }

    @Test
    void asha_onlyTheBestThirdAtARungContinues() {
        Map<String, List<Double>> curves = new LinkedHashMap<>();
        curves.put("a", flat(10, 5));
        curves.put("b", flat(20, 5));
        curves.put("c", flat(30, 5));
        curves.put("d", flat(40, 7));

        // Values at rung 5: 10, 20, 30, 40; the 1/3 quantile is 20.
        assertThat(asha.decide("a", curves)).isEmpty();
        assertThat(asha.decide("b", curves)).isEmpty();
        assertThat(asha.decide("c", curves))
                .hasValue("asha rung 5: 30.00 not in the best 1/3 of 4 trials (cutoff 20.00)");
    }

    @Test
    void asha_cutoffsAreTheRungBoundsDecideAppliesToTheNextTrialThere() {
        AshaStopping cutting = new AshaStopping(new AshaSchedule(List.of(5, 15), 3, 3));
        Map<String, List<Double>> curves = new LinkedHashMap<>();
        curves.put("a", flat(10, 15));
        curves.put("b", flat(20, 5));
        curves.put("c", flat(30, 6));

        // Rung 5 heard from three trials (its minimum): 10, 20, 30, the 1/3 quantile 16.67. Rung 15
        // heard from one, so it cuts nothing yet and is not published.
        List<RungCutoff> cutoffs = cutting.cutoffs(curves.values());
        assertThat(cutoffs).singleElement().satisfies(rung -> {
            assertThat(rung.epoch()).isEqualTo(5);
            assertThat(rung.cutoff()).isCloseTo(50.0 / 3, org.assertj.core.data.Offset.offset(1e-9));
            assertThat(rung.trials()).isEqualTo(3);
        });
        // A trial far behind the cutoff: both the published cutoff and the aggregator's own rule stop it.
        curves.put("x", flat(40, 5));
        assertThat(cutoffs.get(0).stops(40, 3)).hasValue(
                "asha rung 5: 40.00 not in the best 1/3 of the 3 trials before it (cutoff 16.67, applied by the worker)");
        assertThat(cutting.decide("x", curves)).isPresent();
        // Ties and better values go on; NaN (diverged) counts as worst.
        assertThat(cutoffs.get(0).stops(cutoffs.get(0).cutoff(), 3)).isEmpty();
        assertThat(cutoffs.get(0).stops(12, 3)).isEmpty();
        assertThat(cutoffs.get(0).stops(Double.NaN, 3)).isPresent();
    }

    @Test
    void asha_noCutoffWhileARungHasTooFewTrialsOrOnlyDivergedOnes() {
        AshaStopping cutting = new AshaStopping(new AshaSchedule(List.of(5), 3, 2));
        Map<String, List<Double>> curves = new LinkedHashMap<>();
        curves.put("a", flat(10, 5));
        assertThat(cutting.cutoffs(curves.values())).isEmpty();

        curves.put("a", flat(Double.NaN, 5));
        curves.put("b", flat(Double.POSITIVE_INFINITY, 5));
        assertThat(cutting.cutoffs(curves.values())).isEmpty();
    }

    @Test
    void asha_decidesOnlyAtRungs() {
        Map<String, List<Double>> curves = new LinkedHashMap<>();
        curves.put("a", flat(1, 20));
        curves.put("b", flat(1, 20));
        curves.put("x", flat(100, 6));

        assertThat(asha.decide("x", curves)).isEmpty();
    }

    @Test
    void asha_trialsThatEndedBeforeARungDoNotRecordThere() {
        Map<String, List<Double>> curves = new LinkedHashMap<>();
        curves.put("early", flat(1, 5));   // pruned at rung 5: never reaches 15
        curves.put("x", flat(50, 15));

        // At rung 15 only x has a value: it is alone, so it continues.
        assertThat(asha.decide("x", curves)).isEmpty();
    }

    @Test
    void asha_tiesAtTheCutoffContinue() {
        Map<String, List<Double>> curves = new LinkedHashMap<>();
        curves.put("a", flat(10, 5));
        curves.put("b", flat(10, 5));
        curves.put("x", flat(10, 5));

        assertThat(asha.decide("x", curves)).isEmpty();
    }

    @Test
    void asha_nanAtARungIsWorst() {
        Map<String, List<Double>> curves = new LinkedHashMap<>();
        curves.put("a", flat(10, 5));
        List<Double> diverged = flat(10, 5);
        diverged.set(4, Double.NaN);
        curves.put("x", diverged);

        assertThat(asha.decide("x", curves)).hasValue("asha rung 5: inf not in the best 1/3 of 2 trials (cutoff 10.00)");
    }

    @Test
    void asha_isDeterministicGivenTheCurves() {
        Map<String, List<Double>> curves = new LinkedHashMap<>();
        for (int i = 0; i < 9; i++) {
            curves.put("t" + i, flat(i, 15));
        }

        List<String> first = new ArrayList<>();
        List<String> second = new ArrayList<>();
        for (String id : curves.keySet()) {
            first.add(asha.decide(id, curves).orElse("-"));
            second.add(asha.decide(id, curves).orElse("-"));
        }
        assertThat(first).isEqualTo(second);
        // The 1/3 quantile of 0..8 is 2.67: t0, t1, t2 continue at rung 15.
        assertThat(first.subList(0, 3)).containsOnly("-");
        assertThat(first.subList(3, 9)).allMatch(reason -> reason.startsWith("asha rung 15:"));
    }

    @Test
    void asha_rejectsBadParameters() {
        assertThatThrownBy(() -> new AshaStopping(0, 3, 10)).hasMessage("minEpochs must be positive, found 0");
        assertThatThrownBy(() -> new AshaStopping(1, 1, 10)).hasMessage("eta must be >= 2, found 1");
    }
}
