package dev.trialstream.core.message;

import dev.trialstream.core.params.Hyperparameters;
import dev.trialstream.core.spec.TrainingSpec;
import java.util.List;

/**
 * Train the winner on the whole training set for {@code epochs} epochs and score it on the test
 * split; the model goes to {@code models}.
 *
 * @param trialId the winning trial
 * @param epochs  how many epochs to train (the epochs the winner ran, times the spec's {@code finalEpochScale})
 * @param models  how many networks to train per configuration (seeds {@code seed, seed + 1, ...});
 *                the bundle averages them
 * @param ensemble when the final model is the search's ensemble, its members with their weights
 *                (the winner among them when selection chose it); empty when it is the winner alone
 */
public record FinalFitRequested(String searchId, String trialId, Hyperparameters params, long seed, int epochs,
                                DatasetRef dataset, boolean standardizeTarget,
                                int models, long requestedAt, List<FinalFitMember> ensemble)
        implements TrialMessage {

    /** The winner alone. */
    public FinalFitRequested(String searchId, String trialId, Hyperparameters params, long seed, int epochs,
                             DatasetRef dataset, boolean standardizeTarget, int models, long requestedAt) {
        this(searchId, trialId, params, seed, epochs, dataset, standardizeTarget, models, requestedAt, List.of());
    }

    /** What to train: the ensemble's members, or the winner alone with weight 1. */
    public List<FinalFitMember> members() {
        return ensemble.isEmpty() ? List.of(new FinalFitMember(trialId, params, seed, epochs, 1.0)) : ensemble;
    }

    public FinalFitRequested {
        Checks.id(searchId, "searchId");
        Checks.id(trialId, "trialId");
        Checks.present(params, "params");
        Checks.positive(epochs, "epochs");
        Checks.present(dataset, "dataset");
        Checks.positive(models, "models");
        if (models > TrainingSpec.MAX_FINAL_MODELS) {
            throw new IllegalArgumentException("models must be <= " + TrainingSpec.MAX_FINAL_MODELS + ", found " + models);
        }
        Checks.atLeast(requestedAt, 0, "requestedAt");
        ensemble = ensemble == null ? List.of() : List.copyOf(ensemble);
        double sum = ensemble.stream().mapToDouble(FinalFitMember::weight).sum();
        if (!ensemble.isEmpty() && Math.abs(sum - 1) > 1e-6) {
            throw new IllegalArgumentException("ensemble weights must sum to 1, found " + sum);
        }
    }
}
