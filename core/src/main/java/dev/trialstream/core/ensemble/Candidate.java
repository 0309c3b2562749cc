package dev.trialstream.core.ensemble;

/**
 * A trial's out-of-fold predictions: one per training row, each from the fold network that did not
 * train on that row, in the target's units.
 */
public record Candidate(String trialId, float[] predictions) {

    public Candidate {
        if (trialId == null || trialId.isBlank()) {
            throw new IllegalArgumentException("trialId must be set");
        }
        if (predictions == null || predictions.length == 0) {
            throw new IllegalArgumentException(trialId + ": no out-of-fold predictions");
        }
        for (int i = 0; i < predictions.length; i++) {
            if (!Float.isFinite(predictions[i])) {
                throw new IllegalArgumentException(trialId + ": out-of-fold prediction " + i + " is "
                        + predictions[i] + "; every prediction must be finite");
            }
        }
    }
}
