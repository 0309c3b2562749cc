package dev.trialstream.aggregator.page;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trialstream.aggregator.state.SearchState;
import dev.trialstream.aggregator.state.TrialRecord;
import dev.trialstream.core.importance.Observation;
import dev.trialstream.core.message.EnsembleMember;
import dev.trialstream.core.message.EnsembleSummary;
import dev.trialstream.core.message.LeaderboardSnapshot;
import dev.trialstream.core.metrics.CvScores;
import dev.trialstream.core.metrics.RegressionMetrics;
import dev.trialstream.core.params.ParamName;
import dev.trialstream.core.space.Domain;
import dev.trialstream.core.spec.SearchSpec;
import dev.trialstream.core.status.TrialState;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What the search page shows, as one JSON document: the leaderboard's summary (status, counts,
 * epochs, final test scores), the searched parameters and their domains, every trial with its
 * curve, the stopping rule's lines and the importances. The live page polls it; a report inlines it.
 */
public final class SearchPageData {

    private static final ObjectMapper JSON = new ObjectMapper();

    private SearchPageData() {
    }

    /** @param snapshot the state's leaderboard, as the tracker builds it */
    public static ObjectNode of(SearchState state, LeaderboardSnapshot snapshot) {
        SearchSpec spec = state.spec();
        ObjectNode page = JSON.createObjectNode();
        page.put("searchId", snapshot.searchId());
        page.put("name", snapshot.name());
        page.put("status", snapshot.status().wireName());
        page.put("done", snapshot.done());
        page.set("counts", JSON.valueToTree(snapshot.counts()));
        page.put("epochsTrained", snapshot.epochsTrained());
        page.put("epochBudget", snapshot.epochBudget());
        page.put("epochsRedone", snapshot.epochsRedone());
        page.put("maxEpochs", spec.training().maxEpochs());
        page.put("folds", spec.cv().folds());
        page.put("data", spec.data().dataset() != null ? spec.data().dataset() : spec.data().file());
        page.put("target", spec.data().target() != null ? spec.data().target() : "(the dataset's own)");
        page.put("strategy", spec.strategy().type().name().toLowerCase(Locale.ROOT));
        page.put("finalModels", spec.training().finalModels());
        page.set("finalTest", snapshot.finalTest() == null ? null : metrics(snapshot.finalTest()));
        page.put("finalIsEnsemble", spec.ensemble().enabled() && snapshot.ensemble() != null);
        page.set("ensemble", snapshot.ensemble() == null ? null : ensemble(snapshot.ensemble()));
        page.set("params", params(spec));

        ArrayNode trials = page.putArray("trials");
        List<List<Double>> curves = new ArrayList<>();
        List<Observation> observations = new ArrayList<>();
        for (TrialRecord trial : state.trials().values()) {
            trials.add(trial(trial, spec));
            curves.add(trial.curve());
            double objective = objective(trial);
            if (trial.params() != null && Double.isFinite(objective)) {
                observations.add(new Observation(trial.params(), objective));
            }
        }
        page.set("pruning", PolicyMarks.of(spec, state.pruningPlans().ashaSchedule(), curves));
        page.set("importance", Importance.of(spec.space(), observations));
        return page;
    }

    /** Members with weights, in order of weight, and the out-of-fold scores selection saw. */
    private static ObjectNode ensemble(EnsembleSummary ensemble) {
        ObjectNode node = JSON.createObjectNode();
        node.put("rounds", ensemble.rounds());
        ArrayNode members = node.putArray("members");
        ensemble.members().stream()
                .sorted(Comparator.comparingDouble(EnsembleMember::weight).reversed())
                .forEach(m -> members.addObject().put("trialId", m.trialId()).put("weight", m.weight()));
        node.set("outOfFold", metrics(ensemble.outOfFold()));
        return node;
    }

    private static ObjectNode trial(TrialRecord trial, SearchSpec spec) {
        ObjectNode node = JSON.createObjectNode();
        node.put("trialId", trial.trialId());
        node.put("index", trial.index());
        node.put("status", trial.state().wireName());
        ObjectNode params = node.putObject("params");
        if (trial.params() != null) {
            trial.params().toParamMap().forEach((name, value) -> {
                if (!(spec.space().domain(name) instanceof Domain.Fixed)) {
                    params.set(name.wireName(), JSON.valueToTree(value));
                }
            });
        }
        number(node, "cvMse", objective(trial));
        number(node, "cvStd", trial.scores().map(CvScores::mseStd).orElse(Double.NaN));
        RegressionMetrics cv = trial.scores().map(CvScores::mean).orElse(RegressionMetrics.none());
        number(node, "mae", cv.mae());
        number(node, "r2", cv.r2());
        node.put("epochs", trial.epochs());
        node.put("reason", trial.reason());
        node.put("ended", trial.endedSeq());
        // A trial given up after its worker died shows no lost attempt's curve beside its 0 epochs.
        node.set("curve", CurvePoints.of(trial.failedUntrained() ? List.of() : trial.curve()));
        return node;
    }

    /** The trial's CV MSE; for a pruned one, at the epoch it stopped; NaN while running or failed. */
    private static double objective(TrialRecord trial) {
        TrialState state = trial.state();
        return state == TrialState.COMPLETED || state == TrialState.PRUNED ? trial.lastCvMse() : Double.NaN;
    }

    /** The searched (not fixed) parameters, in declaration order, with how to draw their axis. */
    private static ArrayNode params(SearchSpec spec) {
        ArrayNode params = JSON.createArrayNode();
        for (Map.Entry<ParamName, Domain> entry : spec.space().domains().entrySet()) {
            Domain domain = entry.getValue();
            if (domain instanceof Domain.Fixed) {
                continue;
            }
            ObjectNode param = params.addObject();
            param.put("name", entry.getKey().wireName());
            param.put("domain", domain.type());
            if (domain instanceof Domain.Choice choice) {
                param.put("scale", "category");
                ArrayNode values = param.putArray("values");
                choice.values().forEach(v -> values.add(JSON.valueToTree(v)));
            } else if (domain instanceof Domain.IntRange range) {
                param.put("scale", "linear").put("min", range.min()).put("max", range.last());
            } else if (domain instanceof Domain.Uniform uniform) {
                param.put("scale", "linear").put("min", uniform.min()).put("max", uniform.max());
            } else if (domain instanceof Domain.LogUniform log) {
                param.put("scale", "log").put("min", log.min()).put("max", log.max());
            }
        }
        return params;
    }

    private static ObjectNode metrics(RegressionMetrics metrics) {
        ObjectNode node = JSON.createObjectNode();
        number(node, "mse", metrics.mse());
        number(node, "rmse", metrics.rmse());
        number(node, "mae", metrics.mae());
        number(node, "r2", metrics.r2());
        node.put("n", metrics.n());
        return node;
    }

    /** JSON has no NaN: unknown scores are null. */
    private static void number(ObjectNode node, String field, double value) {
        if (Double.isFinite(value)) {
            node.put(field, value);
        } else {
            node.putNull(field);
        }
    }
}
