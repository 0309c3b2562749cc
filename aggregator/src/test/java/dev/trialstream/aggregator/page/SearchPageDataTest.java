package dev.trialstream.aggregator.page;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trialstream.aggregator.state.SearchState;
import dev.trialstream.aggregator.state.SearchTracker;
import dev.trialstream.core.message.EpochReported;
import dev.trialstream.core.message.Message;
import dev.trialstream.core.message.MessageSamples;
import dev.trialstream.core.message.SearchSubmitted;
import dev.trialstream.core.message.TrialCompleted;
import dev.trialstream.core.message.TrialFailed;
import dev.trialstream.core.message.TrialPruned;
import dev.trialstream.core.message.TrialStarted;
import dev.trialstream.core.metrics.CvScores;
import dev.trialstream.core.metrics.RegressionMetrics;
import dev.trialstream.core.params.Hyperparameters;
import dev.trialstream.core.spec.PruningPolicy;
import dev.trialstream.core.spec.PruningSpec;
import dev.trialstream.core.spec.SearchSpec;
import dev.trialstream.core.spec.SpecOverrides;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The page's data, from a search state the real tracker built from events. */
class SearchPageDataTest {

    private static final SearchSpec SPEC = fixedAsha(SpecOverrides.none().withTrials(3).withEpochs(450).withPruning("asha")
            .applyTo(MessageSamples.queuedAtOnce()));

    /** ASHA with its first rung at 5 and every rung cutting from its first trial on (not placed by the budget). */
    private static SearchSpec fixedAsha(SearchSpec spec) {
        return new SearchSpec(spec.name(), spec.data(), spec.cv(), spec.strategy(), spec.training(),
                new PruningSpec(PruningPolicy.ASHA, 5, 10, 5, 3, 1), spec.parallelism(), spec.space(), spec.ensemble());
    }

    private final SearchTracker tracker = new SearchTracker(Clock.fixed(Instant.ofEpochMilli(1000), ZoneOffset.UTC), 10);
    private final SearchState state = new SearchState("s");
    private final List<Hyperparameters> params = new ArrayList<>();

    @Test
    void page_carriesTrialsCurvesAxesAndPolicyMarks() {
        SplittableRandom rng = new SplittableRandom(1);
        for (int i = 0; i < 3; i++) {
            params.add(SPEC.space().sampleWith(rng));
        }
        apply(new SearchSubmitted("s", SPEC, MessageSamples.DATASET, 3, 3, 1));
        // t0 runs all 450 epochs; t1 is stopped at 5 (the first ASHA rung); t2 is still running at 3.
        run(0, 450, 10.0);
        RegressionMetrics fold = new RegressionMetrics(150, 10.0, Math.sqrt(10), 2.5, 0.8);
        apply(new TrialCompleted("s", "s-t0", 450, new CvScores(List.of(fold, fold)), 1.0, "w", 1));
        run(1, 5, 40.0);
        apply(new TrialPruned("s", "s-t1", 5, 40.0, "asha rung 5: 40 not in the best 1/3", "w", 1));
        run(2, 3, 20.0);

        JsonNode page = SearchPageData.of(state, tracker.snapshot(state).orElseThrow());

        assertThat(page.path("status").asText()).isEqualTo("running");
        assertThat(page.path("maxEpochs").asInt()).isEqualTo(450);
        JsonNode t0 = trial(page, "s-t0");
        assertThat(t0.path("status").asText()).isEqualTo("completed");
        assertThat(t0.path("mae").asDouble()).isEqualTo(2.5);
        // 450 epochs downsampled to at most 200 points, the first and last kept.
        assertThat(t0.path("curve").size()).isLessThanOrEqualTo(CurvePoints.MAX_POINTS).isGreaterThan(100);
        assertThat(t0.path("curve").get(0).get(0).asInt()).isEqualTo(1);
        assertThat(t0.path("curve").get(t0.path("curve").size() - 1).get(0).asInt()).isEqualTo(450);
        JsonNode t1 = trial(page, "s-t1");
        assertThat(t1.path("status").asText()).isEqualTo("pruned");
        assertThat(t1.path("cvMse").asDouble()).isEqualTo(40.0);
        assertThat(t1.path("ended").asLong()).isEqualTo(2);
        assertThat(t1.path("reason").asText()).startsWith("asha rung 5");
        JsonNode t2 = trial(page, "s-t2");
        assertThat(t2.path("status").asText()).isEqualTo("running");
        assertThat(t2.path("cvMse").isNull()).isTrue();
        assertThat(t2.path("curve").size()).isEqualTo(3);

        // Only searched parameters, each with the scale its axis needs.
        assertThat(page.path("params").findValuesAsText("name")).containsExactly("hiddenLayers", "neurons",
                "dropout", "activation", "optimizer", "learningRate", "batchSize");
        assertThat(param(page, "learningRate").path("scale").asText()).isEqualTo("log");
        assertThat(param(page, "activation").path("values").toString()).isEqualTo("[\"relu\",\"tanh\",\"elu\"]");
        assertThat(param(page, "neurons").path("values").toString()).isEqualTo("[16,32,64,128,256]");
        assertThat(param(page, "hiddenLayers").path("scale").asText()).isEqualTo("linear");
        assertThat(t0.path("params").has("l2")).isFalse();

        // ASHA rungs 5, 15, 45, 135, 405 below 450; at rung 5 the cutoff is the best third of 10 and 40.
        assertThat(page.path("pruning").path("rungs").toString()).isEqualTo("[5,15,45,135,405]");
        assertThat(page.path("pruning").path("thresholds").get(0).toString()).isEqualTo("[5,20.0]");

        // Two ended trials are too few for importance: the panel says so instead of guessing.
        assertThat(page.path("importance").path("method").asText()).startsWith("PED-ANOVA");
        assertThat(page.path("importance").path("note").asText()).isEqualTo("needs at least 3 ended trials, found 2");
    }

    @Test
    void page_aTrialGivenUpAfterItsWorkerDied_showsNeitherScoreNorCurve() {
        SplittableRandom rng = new SplittableRandom(1);
        params.add(SPEC.space().sampleWith(rng));
        apply(new SearchSubmitted("s", SPEC, MessageSamples.DATASET, 3, 3, 1));
        run(0, 4, 12.0); // its third attempt, lost with its worker
        apply(new TrialFailed("s", "s-t0", 0, "started 3 times and its worker stopped each time before it ended"
                + " (...), so given up: sent to trialstream.dead-letters", "w2", 1));

        JsonNode t0 = trial(SearchPageData.of(state, tracker.snapshot(state).orElseThrow()), "s-t0");

        assertThat(t0.path("status").asText()).isEqualTo("failed");
        assertThat(t0.path("epochs").asInt()).isZero();
        assertThat(t0.path("cvMse").isNull()).isTrue();
        assertThat(t0.path("curve").size()).as("no lost attempt's curve beside 0 epochs").isZero();
    }

    private void run(int i, int epochs, double mse) {
        apply(new TrialStarted("s", "s-t" + i, i, params.get(i), 100 + i, "a", "w", 1));
        for (int e = 1; e <= epochs; e++) {
            apply(new EpochReported("s", "s-t" + i, "a", e, List.of(mse, mse), 1));
        }
    }

    private void apply(Message message) {
        tracker.apply(state, message);
    }

    private static JsonNode trial(JsonNode page, String id) {
        for (JsonNode trial : page.path("trials")) {
            if (trial.path("trialId").asText().equals(id)) {
                return trial;
            }
        }
        throw new AssertionError("no trial " + id);
    }

    private static JsonNode param(JsonNode page, String name) {
        for (JsonNode param : page.path("params")) {
            if (param.path("name").asText().equals(name)) {
                return param;
            }
        }
        throw new AssertionError("no param " + name);
    }
}
