package dev.trialstream.launcher.observability;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MetricNamesTest {

    @Test
    void metricNames_skipFunctionsLabelsRangesAndKeywords() {
        assertThat(MetricNames.of("histogram_quantile(0.9, sum by (le, outcome) "
                + "(rate(trialstream_worker_trial_duration_seconds_bucket{instance=~\"$i|by(x)\"}[30s])))"))
                .containsExactly("trialstream_worker_trial_duration_seconds_bucket");
    }

    @Test
    void metricNames_findEveryOperandIncludingRecordedSeries() {
        assertThat(MetricNames.of("""
                sum(search:trialstream_search_trials:max{state="queued"}) > 0
                and on ()
                (sum(trialstream_worker_slots{state="busy"}) == 0 or absent(trialstream_worker_slots{state="busy"}))
                """)).containsExactly("search:trialstream_search_trials:max", "trialstream_worker_slots");
    }

    @Test
    void metricNames_numbersDurationsAndOffsetsAreNotNames() {
        assertThat(MetricNames.of("60 * up offset 5m > 1e3 or vector(0x1f) < Inf"))
                .containsExactly("up");
    }

    @Test
    void metricNames_groupModifiersWithLabels() {
        assertThat(MetricNames.of("a / ignoring(kind) group_left(search) b unless on(x) c"))
                .containsExactly("a", "b", "c");
    }
}
