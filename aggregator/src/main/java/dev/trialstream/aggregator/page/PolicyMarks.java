package dev.trialstream.aggregator.page;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trialstream.core.pruning.AshaStopping;
import dev.trialstream.core.spec.PruningPolicy;
import dev.trialstream.core.spec.PruningSpec;
import dev.trialstream.core.spec.SearchSpec;
import dev.trialstream.core.spec.StrategyType;
import java.util.ArrayList;
import java.util.Collections;
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

    static ObjectNode of(SearchSpec spec, List<List<Double>> curves) {
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
                        averages.add(runningAverage(curve, epoch));
                    }
                }
                boolean decides = epoch > pruning.warmupEpochs() && averages.size() > pruning.minTrials();
                thresholds.add(decides ? quantile(averages, 0.5) : Double.NaN);
            }
            node.set("thresholds", CurvePoints.of(thresholds));
        } else if (pruning.policy() == PruningPolicy.ASHA) {
            node.put("label", "ASHA rungs (eta " + pruning.eta() + ") and the cutoff at each");
            List<Integer> rungs = new AshaStopping(pruning.minEpochs(), pruning.eta(), maxEpochs).rungs();
            var marks = node.putArray("thresholds");
            rungs.forEach(rung -> {
                List<Double> recorded = new ArrayList<>();
                curves.forEach(curve -> {
                    if (curve.size() >= rung) {
                        recorded.add(curve.get(rung - 1));
                    }
                });
                double cutoff = recorded.isEmpty() ? Double.NaN : quantile(recorded, 1.0 / pruning.eta());
                if (Double.isFinite(cutoff)) {
                    marks.addArray().add(rung).add(cutoff);
                }
            });
            var rungNode = node.putArray("rungs");
            rungs.forEach(rungNode::add);
        } else {
            node.put("label", "no early stopping");
        }
        return node;
    }

    private static double runningAverage(List<Double> curve, int epochs) {
        double sum = 0;
        for (int i = 0; i < epochs; i++) {
            double value = curve.get(i);
            sum += Double.isFinite(value) ? value : Double.POSITIVE_INFINITY;
        }
        return sum / epochs;
    }

    /** Linear interpolation between order statistics, as the pruning rules compute it; NaN if infinite. */
    private static double quantile(List<Double> values, double q) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        double position = q * (sorted.size() - 1);
        int lower = (int) Math.floor(position);
        int upper = (int) Math.ceil(position);
        double a = sorted.get(lower);
        double b = sorted.get(upper);
        double value = lower == upper || Double.isInfinite(b) ? a : a + (b - a) * (position - lower);
        return Double.isFinite(value) ? value : Double.NaN;
    }
}
