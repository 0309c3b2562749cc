package dev.trialstream.worker.training;

import dev.trialstream.core.data.ColumnKind;
import dev.trialstream.core.data.Dataset;
import dev.trialstream.core.ensemble.OutOfFold;
import dev.trialstream.core.params.Hyperparameters;
import dev.trialstream.core.prep.FoldPlan;
import dev.trialstream.core.prep.FoldPreparer;
import dev.trialstream.core.training.CvJob;
import dev.trialstream.core.training.CvPlan;
import dev.trialstream.core.training.CvResult;
import dev.trialstream.core.training.EpochListener;
import dev.trialstream.core.training.FoldData;
import dev.trialstream.core.training.PackKey;
import dev.trialstream.core.training.Trainer;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Cross-validates configurations on one dataset. The prepared folds depend only on the data
 * and the CV plan, so they are built once and shared by every trial that asks for them.
 */
public final class CrossValidator {

    private final Trainer trainer;
    private final Map<FoldKey, List<FoldData>> prepared = new ConcurrentHashMap<>();

    public CrossValidator(Trainer trainer) {
        this.trainer = trainer;
    }

    public CvResult run(Dataset dataset, CvPlan plan, Hyperparameters params, long seed, EpochListener listener) {
        try {
            return trainer.crossValidate(new CvJob(params, seed, plan, folds(dataset, plan)), listener);
        } catch (OutOfMemoryError e) {
            throw tooLarge(params, plan, e);
        }
    }

    /**
     * A network too large for the heap, as an error that says so and what to change (the failed
     * allocation is released as the stack unwinds, so the process can go on).
     */
    private static IllegalArgumentException tooLarge(Hyperparameters params, CvPlan plan, OutOfMemoryError e) {
        return new IllegalArgumentException(String.format(java.util.Locale.ROOT, "out of memory (%s): %d folds of a "
                + "network of hiddenLayers %d x neurons %d, trained together, do not fit this JVM's heap (at most "
                + "%.1f GiB): use fewer neurons or hidden layers, or give Java more heap (-Xmx, TRIALSTREAM_JAVA_OPTS)",
                e.getMessage(), plan.folds(), params.hiddenLayers(), params.neurons(),
                Runtime.getRuntime().maxMemory() / (1024.0 * 1024 * 1024)), e);
    }

    /**
     * Cross-validates a pack of configurations (equal {@link #packKey}s) on the same folds, each
     * member with its own listener (its epoch reports and its stop), in one trainer call: the
     * trainer stacks them when it can.
     *
     * @return one result per member, in order
     */
    public List<CvResult> runPack(Dataset dataset, CvPlan plan, List<Member> members, List<EpochListener> listeners) {
        List<FoldData> folds = folds(dataset, plan);
        try {
            return trainer.crossValidatePack(members.stream()
                    .map(m -> new CvJob(m.params(), m.seed(), plan, folds)).toList(), listeners);
        } catch (OutOfMemoryError e) {
            if (members.size() > 1) {
                throw e; // the pack may be what is too large: the slot takes its trials again one by one
            }
            throw tooLarge(members.get(0).params(), plan, e);
        }
    }

    /** What trials must share to be trained as one stacked network (the trainer's {@link PackKey}). */
    public static PackKey packKey(Hyperparameters params, CvPlan plan, Dataset dataset) {
        return PackKey.of(params, plan, dataset.fingerprint());
    }

    /** One trial of a pack: its configuration and seed. */
    public record Member(Hyperparameters params, long seed) {
    }

    /**
     * The result's out-of-fold predictions in the training split's row order and the target's units;
     * empty when the trainer kept no validation predictions (a failed trial).
     */
    public Optional<OutOfFold> outOfFold(Dataset dataset, CvPlan plan, CvResult result) {
        if (result.foldPredictions().isEmpty()) {
            return Optional.empty();
        }
        double[] targets = dataset.train().numeric(dataset.target()).values();
        return Optional.of(OutOfFold.assemble(FoldPlan.of(dataset, plan.folds(), plan.foldSeed()),
                folds(dataset, plan), result.foldPredictions(), targets));
    }

    /** The preprocessed folds, each fitted on its own training rows. */
    public List<FoldData> folds(Dataset dataset, CvPlan plan) {
        FoldKey key = new FoldKey(dataset.fingerprint(), dataset.target(), dataset.train().kinds(),
                dataset.folds() == null ? null : dataset.folds().column(), plan.folds(), plan.foldSeed(),
                plan.standardizeTarget());
        return prepared.computeIfAbsent(key, k -> new FoldPreparer(plan.prep())
                .prepare(dataset, FoldPlan.of(dataset, plan.folds(), plan.foldSeed())));
    }

    /**
     * Everything the prepared folds depend on. The column kinds tell apart two readings of the same
     * bytes (other categorical columns, a fold column taken out).
     */
    private record FoldKey(String fingerprint, String target, Map<String, ColumnKind> kinds, String foldColumn,
                           int folds, long seed, boolean standardizeTarget) {
    }
}
