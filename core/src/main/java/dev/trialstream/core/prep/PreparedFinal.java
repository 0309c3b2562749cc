package dev.trialstream.core.prep;

import dev.trialstream.core.training.FoldData;

/**
 * What the final fit needs: preprocessing fitted on all training rows (kept with the model) and
 * the data it produced, whose validation part is the test split (possibly 0 rows).
 */
public record PreparedFinal(FittedPreprocessing preprocessing, FoldData data) {

    public PreparedFinal {
        if (preprocessing == null || data == null) {
            throw new IllegalArgumentException("preprocessing and data must be set");
        }
        if (preprocessing.width() != data.features()) {
            throw new IllegalArgumentException("preprocessing makes " + preprocessing.width()
                    + " features but the data has " + data.features());
        }
    }
}
