package dev.trialstream.aggregator.page;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trialstream.core.pruning.AshaSchedule;
import dev.trialstream.core.pruning.AshaStopping;
import dev.trialstream.core.pruning.Curves;
import dev.trialstream.core.spec.PruningPolicy;
import dev.trialstream.core.spec.PruningSpec;
import dev.trialstream.core.spec.SearchSpec;
import dev.trialstream.core.spec.StrategyType;
import java.util.ArrayList;
import java.util.List;

/**
 * Where the search's stopping rule draws its lines, recomputed from the curves as they stand:
 * the median rule's threshold per epoch (the median of the running averages of the trials that
 * reached it, after the warm-up), or ASHA's rungs and the cutoff at each (the best 1/eta of the
 * values recorded there). The rule saw fewer curves when it decided; these are the lines now.
 */
final class PolicyMarks {

    private PolicyMarks() {
    }

    static ObjectNode of(SearchSpec spec, AshaSchedule asha, List<List<Double>> curves) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        PruningSpec pruning = spec.pruning();
        if (spec.strategy().type() == StrategyType.HYPERBAND) {
            node.put("policy", "hyperband");
            node.put("label", "Hyperband: each bracket's own successive halving");
            return node;
        }
        node.put("policy", pruning.policy().name().toLowerCase(java.util.Locale.ROOT));
        int maxEpochs = spec.training().maxEpochs();
        if (pruning.policy() == PruningPolicy.MEDIAN) {
            node.put("label", "median rule threshold (warm-up " + pruning.warmupEpochs() + " epochs)");
            List<Double> thresholds = new ArrayList<>();
            for (int epoch = 1; epoch <= maxEpochs; epoch++) {
                List<Double> averages = new ArrayList<>();
                for (List<Double> curve : curves) {
                    if (curve.size() >= epoch) {
                        averages.add(Curves.runningAverage(curve, epoch));
                    }
                }
                boolean decides = epoch > pruning.warmupEpochs() && averages.size() > pruning.minTrials();
                thresholds.add(decides ? drawable(Curves.median(averages)) : Double.NaN);
            }
            node.set("thresholds", CurvePoints.of(thresholds));
        } else if (pruning.policy() == PruningPolicy.ASHA) {
            node.put("label", "ASHA rungs (eta " + pruning.eta() + ") and the cutoff at each, once "
                    + asha.minTrialsPerRung() + " trials reached it");
            List<Integer> rungs = asha.rungs();
            var marks = node.putArray("thresholds");
            new AshaStopping(asha).cutoffs(curves).forEach(rung -> marks.addArray().add(rung.epoch()).add(rung.cutoff()));
            var rungNode = node.putArray("rungs");
            rungs.forEach(rungNode::add);
        } else {
            node.put("label", "no early stopping");
        }
        return node;
    }

    /** The value to draw: NaN (no point) where the rule's value is infinite. */
    private static double drawable(double value) {
        return Double.isFinite(value) ? value : Double.NaN;
    }
}
