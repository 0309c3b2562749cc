package dev.trialstream.core.message;

/** A trial with its share of an ensemble's prediction. */
public interface WeightedTrial {

    String trialId();

    /** In (0, 1]; an ensemble's weights sum to 1. */
    double weight();
}
