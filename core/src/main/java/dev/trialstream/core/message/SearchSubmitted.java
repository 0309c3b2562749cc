package dev.trialstream.core.message;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A search as submitted. The full spec travels as JSON so this record does not depend on the spec
 * classes; the fields the pipeline needs without parsing the spec are copied out beside it.
 *
 * @param spec        the whole search spec as a JSON object (copied)
 * @param trialBudget how many trials the search may run
 * @param maxEpochs   the most epochs any one trial may run
 * @param folds       k of the k-fold cross-validation
 * @param submittedAt epoch millis
 */
public record SearchSubmitted(String searchId, String name, JsonNode spec, DatasetRef dataset, int trialBudget,
                              int maxEpochs, int folds, long submittedAt) implements SearchMessage {

    public SearchSubmitted {
        Checks.id(searchId, "searchId");
        Checks.text(name, "name");
        Checks.present(spec, "spec");
        if (!spec.isObject()) {
            throw new IllegalArgumentException("spec must be a JSON object, found " + spec.getNodeType());
        }
        spec = ((ObjectNode) spec).deepCopy();
        Checks.present(dataset, "dataset");
        Checks.positive(trialBudget, "trialBudget");
        Checks.positive(maxEpochs, "maxEpochs");
        Checks.atLeast(folds, 2, "folds");
        Checks.atLeast(submittedAt, 0, "submittedAt");
    }

    /** A copy: the record stays immutable. */
    @Override
    public JsonNode spec() {
        return spec.deepCopy();
    }

    /** The epochs the search may train at most: its trial budget times the epoch cap. */
    public long epochBudget() {
        return (long) trialBudget * maxEpochs;
    }
}
