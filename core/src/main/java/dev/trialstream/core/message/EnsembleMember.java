package dev.trialstream.core.message;

/**
 * One trial of a search's ensemble.
 *
 * @param weight the trial's share of the ensemble's prediction: times chosen / rounds kept
 */
public record EnsembleMember(String trialId, double weight) implements WeightedTrial {

    public EnsembleMember {
        Checks.id(trialId, "trialId");
        if (!(weight > 0 && weight <= 1)) {
            throw new IllegalArgumentException("weight must be in (0, 1], found " + weight);
        }
    }
}
