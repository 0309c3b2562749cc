package dev.trialstream.worker.dl4j;

import dev.trialstream.core.params.Activation;
import dev.trialstream.core.params.Hyperparameters;
import dev.trialstream.core.params.Optimizer;
import dev.trialstream.core.training.CvJob;
import dev.trialstream.core.training.CvResult;
import dev.trialstream.core.training.EpochListener;
import dev.trialstream.core.training.FinalFitJob;
import dev.trialstream.core.training.FittedModel;
import dev.trialstream.core.training.Trainer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Trains on ND4J's CPU backend (or CUDA when packaged so): the folds of a trial, or of a pack of
 * trials, are one {@link LockstepMlp} (stacked weights, batched matmuls, DL4J's activations and
 * updaters), stepped together and validated after every epoch. A single trial is a pack of one,
 * so a trial trains to the same numbers alone or packed.
 */
public final class Dl4jTrainer implements Trainer {

    private final int finalFitThreads;

    /**
     * @throws IllegalStateException when ND4J's native libraries do not load ({@link Backend#name()}):
     *                               checked here, before any work, so the failure says why
     */
    public Dl4jTrainer() {
        this(1);
    }

    /**
     * @param finalFitThreads threads a final fit spreads its networks over ({@link #finalFitPack}):
     *                        1 on a worker whose other slots go on training; in {@code local} the
     *                        slot count, since the search is over and every slot idle when it runs
     */
    public Dl4jTrainer(int finalFitThreads) {
        if (finalFitThreads < 1) {
            throw new IllegalArgumentException("finalFitThreads must be positive, found " + finalFitThreads);
        }
        Backend.name();
        this.finalFitThreads = finalFitThreads;
    }

    @Override
    public CvResult crossValidate(CvJob job, EpochListener listener) {
        return PackTraining.run(List.of(job), List.of(listener)).get(0);
    }

    /**
     * Splits the jobs into packs that can share one stacked network (same depth, width, activation,
     * optimizer, input count, rows per step and steps per epoch; {@code PackKey} trials always
     * do) and trains each pack as one. A listener that throws aborts the whole call.
     */
    @Override
    public List<CvResult> crossValidatePack(List<CvJob> jobs, List<EpochListener> listeners) {
        if (jobs.size() != listeners.size()) {
            throw new IllegalArgumentException("a pack needs one listener per job: " + jobs.size() + " jobs but "
                    + listeners.size() + " listeners");
        }
        Map<Shape, List<Integer>> packs = new LinkedHashMap<>();
        for (int i = 0; i < jobs.size(); i++) {
            packs.computeIfAbsent(Shape.of(jobs.get(i)), s -> new ArrayList<>()).add(i);
        }
        CvResult[] results = new CvResult[jobs.size()];
        for (List<Integer> pack : packs.values()) {
            List<CvResult> trained = PackTraining.run(pack.stream().map(jobs::get).toList(),
                    pack.stream().map(listeners::get).toList());
            for (int i = 0; i < pack.size(); i++) {
                results[pack.get(i)] = trained.get(i);
            }
        }
        return Arrays.asList(results);
    }

    @Override
    public FittedModel finalFit(FinalFitJob job) {
        return FinalFitTraining.run(List.of(job)).get(0);
    }

    /**
     * Splits the jobs into packs that can share one stacked network (as {@link #crossValidatePack}
     * does; an ensemble member's seeds always can) and fits each pack as one; with more than one
     * final-fit thread, the packs (the largest split in two while there are fewer packs than
     * threads) are spread over the threads by their work ({@link FinalFitShares}). Every network
     * trains from its own seed's streams, so it is the same network whichever pack it lands in.
     */
    @Override
    public List<FittedModel> finalFitPack(List<FinalFitJob> jobs) {
        Map<Shape, List<Integer>> packs = new LinkedHashMap<>();
        for (int i = 0; i < jobs.size(); i++) {
            packs.computeIfAbsent(Shape.of(jobs.get(i)), s -> new ArrayList<>()).add(i);
        }
        FittedModel[] models = new FittedModel[jobs.size()];
        List<List<List<Integer>>> shares = FinalFitShares.of(List.copyOf(packs.values()),
                i -> FinalFitShares.work(jobs.get(i)), finalFitThreads);
        if (shares.size() == 1) {
            fit(jobs, shares.get(0), models);
        } else {
            FinalFitShares.runEach(shares, share -> fit(jobs, share, models));
        }
        return Arrays.asList(models);
    }

    /** Fits the packs one after another, each network into its job's place. */
    private static void fit(List<FinalFitJob> jobs, List<List<Integer>> packs, FittedModel[] models) {
        for (List<Integer> pack : packs) {
            List<FittedModel> fitted = FinalFitTraining.run(pack.stream().map(jobs::get).toList());
            for (int i = 0; i < pack.size(); i++) {
                models[pack.get(i)] = fitted.get(i);
            }
        }
    }

    @Override
    public FittedModel loadModel(java.io.InputStream in) throws java.io.IOException {
        return Dl4jFittedModel.read(in);
    }

    @Override
    public String backend() {
        return Backend.describe();
    }

    /** What jobs must share to be members of one stacked network. */
    private record Shape(Optimizer optimizer, int layers, int neurons, Activation activation, int features,
                         int rowsPerStep, int steps) {
        static Shape of(CvJob job) {
            int largest = job.folds().stream().mapToInt(f -> f.trainX().rows()).max().orElseThrow();
            return of(job.params(), job.folds().get(0).features(), largest);
        }

        static Shape of(FinalFitJob job) {
            return of(job.params(), job.data().features(), job.data().trainX().rows());
        }

        private static Shape of(Hyperparameters p, int features, int largest) {
            return new Shape(p.optimizer(), p.hiddenLayers(), p.neurons(), p.activation(), features,
                    StackedBatches.effectiveBatch(p.batchSize(), largest),
                    StackedBatches.stepsPerEpoch(p.batchSize(), largest));
        }
    }
}
