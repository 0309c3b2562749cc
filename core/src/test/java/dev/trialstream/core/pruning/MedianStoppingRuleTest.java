package dev.trialstream.core.pruning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MedianStoppingRuleTest {

    private final MedianStoppingRule rule = new MedianStoppingRule(3, 2);

    /** Three other trials whose running averages at epoch 3 are 10, 20 and 30 (median 20). */
    private static Map<String, List<Double>> othersWithMedian20() {
        Map<String, List<Double>> curves = new LinkedHashMap<>();
        curves.put("a", List.of(10.0, 10.0, 10.0, 9.0));
        curves.put("b", List.of(30.0, 20.0, 10.0));
        curves.put("c", List.of(30.0, 30.0, 30.0));
        return curves;
    }

    @Test
    void median_stopsATrialWhoseBestIsWorseThanTheMedianOfRunningAverages() {
        Map<String, List<Double>> curves = othersWithMedian20();
        curves.put("x", List.of(40.0, 30.0, 25.0));

        assertThat(rule.decide("x", curves))
                .hasValue("median rule, epoch 3: best 25.00 > median 20.00 of 3 trials");
    }

    @Test
    void median_keepsATrialWhoseBestBeatsTheMedianEvenIfItsLastEpochDoesNot() {
        Map<String, List<Double>> curves = othersWithMedian20();
        curves.put("x", List.of(40.0, 15.0, 35.0));

        assertThat(rule.decide("x", curves)).isEmpty();
    }

    @Test
    void median_tieWithTheMedianContinues() {
        Map<String, List<Double>> curves = othersWithMedian20();
        curves.put("x", List.of(40.0, 20.0, 25.0));

        assertThat(rule.decide("x", curves)).isEmpty();
    }

    @Test
    void median_noDecisionDuringWarmup() {
        Map<String, List<Double>> curves = othersWithMedian20();
        curves.put("x", List.of(100.0, 100.0));

        assertThat(rule.decide("x", curves)).isEmpty();
    }

    @Test
    void median_tooFewTrialsAtThisEpoch() {
        Map<String, List<Double>> curves = othersWithMedian20();
        curves.put("x", List.of(40.0, 40.0, 40.0, 40.0));

        // Only "a" reached epoch 4; minTrials is 3.
        assertThat(rule.decide("x", curves)).isEmpty();
    }

    @Test
    void median_nanCountsAsWorst() {
        Map<String, List<Double>> curves = othersWithMedian20();
        curves.put("x", List.of(Double.NaN, Double.NaN, Double.NaN));
        curves.put("y", List.of(Double.NaN, 1.0, 1.0));

        assertThat(rule.decide("x", curves)).hasValueSatisfying(reason -> assertThat(reason).startsWith(
                "median rule, epoch 3: best inf > median"));
        // y's NaN epoch makes its running average infinite, but its best (1.0) is fine.
        assertThat(rule.decide("y", curves)).isEmpty();
    }

    @Test
    void median_lateEventsOfOtherTrialsDoNotChangeTheDecisionAtThisEpoch() {
        Map<String, List<Double>> curves = othersWithMedian20();
        curves.put("x", List.of(40.0, 30.0, 25.0));
        String before = rule.decide("x", curves).orElseThrow();
        // "b" reports later epochs: only its first 3 count at epoch 3.
        curves.put("b", List.of(30.0, 20.0, 10.0, 1.0, 1.0));

        assertThat(rule.decide("x", curves)).hasValue(before);
    }

    @Test
    void median_unknownTrialIsLeftAlone() {
        assertThat(rule.decide("nobody", othersWithMedian20())).isEmpty();
    }

    @Test
    void median_rejectsBadParameters() {
        assertThatThrownBy(() -> new MedianStoppingRule(0, 1)).hasMessage("minTrials must be positive, found 0");
        assertThatThrownBy(() -> new MedianStoppingRule(1, -1)).hasMessage("warmupEpochs must be >= 0, found -1");
    }
}
