package dev.trialstream.core.training;

import dev.trialstream.core.params.Activation;
import dev.trialstream.core.params.Hyperparameters;
import dev.trialstream.core.params.Optimizer;

/**
 * What trials must share to be trained as one stacked network (a pack: members = trials × folds,
 * stepped in lockstep). Two trials with equal keys can go to {@link Trainer#crossValidatePack}
 * together.
 *
 * <p>In the key: the data and how it is folded and trained ({@code datasetId} and the whole
 * {@link CvPlan}: same folds, same rows per minibatch step, same epoch budget), and the shape of
 * the computation: optimizer family (one updater kind with one state layout), batch size (one
 * number of steps per epoch), depth and width (one stacked kernel shape per layer) and activation
 * (one kernel for the whole pack).
 *
 * <p>Not in the key, free per trial: the per-member numbers (learning rate, LR schedule, dropout
 * rate, L2 / weight decay), the weight-init scheme and the seed: each member draws its own
 * initial weights, batch order and dropout masks, so a trial trains to the same numbers packed as
 * alone. Widths could later be padded with masked units; today they must be equal.
 *
 * @param datasetId identifies the training table (e.g. its file hash and layout); trials of one
 *                  search share it
 */
public record PackKey(String datasetId, CvPlan plan, Optimizer optimizer, int batchSize, int hiddenLayers,
                      int neurons, Activation activation) {

    public PackKey {
        if (datasetId == null || datasetId.isBlank()) {
            throw new IllegalArgumentException("datasetId must be set");
        }
        if (plan == null || optimizer == null || activation == null) {
            throw new IllegalArgumentException("plan, optimizer and activation must be set");
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be positive, found " + batchSize);
        }
        if (hiddenLayers < 1) {
            throw new IllegalArgumentException("hiddenLayers must be positive, found " + hiddenLayers);
        }
        if (neurons < 1) {
            throw new IllegalArgumentException("neurons must be positive, found " + neurons);
        }
    }

    /** The key of a trial with these hyperparameters, cross-validated by {@code plan} on {@code datasetId}. */
    public static PackKey of(Hyperparameters params, CvPlan plan, String datasetId) {
        if (params == null) {
            throw new IllegalArgumentException("params must be set");
        }
        return new PackKey(datasetId, plan, params.optimizer(), params.batchSize(), params.hiddenLayers(),
                params.neurons(), params.activation());
    }

    /** True when a trial with these hyperparameters, plan and dataset may join this key's pack. */
    public boolean admits(Hyperparameters params, CvPlan plan, String datasetId) {
        return equals(of(params, plan, datasetId));
    }
}
