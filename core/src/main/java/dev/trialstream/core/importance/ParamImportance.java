package dev.trialstream.core.importance;

import dev.trialstream.core.params.ParamName;

/**
 * How much one searched parameter matters, as a share of the total over the searched parameters.
 *
 * @param importance in [0, 1]; the shares of one evaluation sum to 1 (or are all 0 when nothing
 *                   separates the best trials from the rest)
 */
public record ParamImportance(ParamName param, double importance) {

    public ParamImportance {
        if (param == null) {
            throw new IllegalArgumentException("param must be set");
        }
        if (!(importance >= 0 && importance <= 1)) {
            throw new IllegalArgumentException("importance must be in [0, 1], found " + importance);
        }
    }
}
