package dev.trialstream.aggregator.page;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trialstream.core.importance.Observation;
import dev.trialstream.core.importance.ParamImportance;
import dev.trialstream.core.importance.PedAnova;
import dev.trialstream.core.space.SearchSpace;
import java.util.List;
import java.util.Locale;

/**
 * The importance panel: PED-ANOVA over the search's ended trials, computed on request (it is a
 * few milliseconds even for a thousand trials). Completed trials count with their CV MSE; pruned
 * ones with their last CV MSE (they were stopped for being worse, which is what PED-ANOVA needs to
 * know about them).
 */
final class Importance {

    static final String METHOD = String.format(Locale.ROOT,
            "PED-ANOVA (Watanabe et al., IJCAI 2023): how far each parameter's distribution among the"
                    + " best %d%% of trials is from its distribution among all ended trials (Pearson"
                    + " divergence of Parzen estimates; log scale for log-uniform domains). Shares sum to 1.",
            Math.round(PedAnova.DEFAULT_QUANTILE * 100));

    private Importance() {
    }

    static ObjectNode of(SearchSpace space, List<Observation> observations) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("method", METHOD);
        node.put("trials", observations.size());
        ArrayNode values = node.putArray("values");
        if (observations.size() < PedAnova.minTrials()) {
            node.put("note", "needs at least " + PedAnova.minTrials() + " ended trials, found " + observations.size());
            return node;
        }
        try {
            for (ParamImportance importance : new PedAnova().evaluate(space, observations)) {
                values.addObject().put("param", importance.param().wireName()).put("importance", importance.importance());
            }
        } catch (IllegalArgumentException e) {
            values.removeAll();
            node.put("note", e.getMessage());
        }
        return node;
    }
}
