package dev.trialstream.core.message;

import dev.trialstream.core.ensemble.OutOfFold;
import dev.trialstream.core.metrics.CvScores;
import dev.trialstream.core.metrics.RegressionMetrics;
import dev.trialstream.core.params.Activation;
import dev.trialstream.core.params.Hyperparameters;
import dev.trialstream.core.params.LrSchedule;
import dev.trialstream.core.params.Optimizer;
import dev.trialstream.core.params.WeightInit;
import dev.trialstream.core.spec.SearchSpec;
import dev.trialstream.core.spec.SpecOverrides;
import dev.trialstream.core.status.SearchStatus;
import dev.trialstream.core.status.TrialState;
import dev.trialstream.core.training.CvPlan;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** One valid instance of every message type, with non-default values everywhere; shared via the test-jar. */
public final class MessageSamples {

    public static final long AT = 1_767_225_600_000L;

    public static final Hyperparameters PARAMS = new Hyperparameters(
            3, 128, 0.25, Activation.LEAKYRELU, Optimizer.ADAMW, 3e-4, 64, WeightInit.HE_UNIFORM,
            LrSchedule.COSINE, 1e-5);

    public static final byte[] TRAIN_CSV = "x1,x2,y\n1,2,3\n4,5,9\n7,8,15\n".getBytes(StandardCharsets.UTF_8);
    public static final byte[] TEST_CSV = "x1,x2,y\n2,2,4\n".getBytes(StandardCharsets.UTF_8);

    public static final FileRef TRAIN = new BlobChunker(16).ref(TRAIN_CSV, "train.csv");
    public static final FileRef TEST = new BlobChunker(16).ref(TEST_CSV, "test.csv");

    public static final DatasetRef DATASET = DatasetRef.withTestFile("synthetic", TRAIN, TEST, "y", List.of("x2"));
    public static final DatasetRef SPLIT_DATASET = DatasetRef.withSplit("synthetic", TRAIN, 0.2, 42, "y", List.of());

    public static final RegressionMetrics METRICS = new RegressionMetrics(102, 10.5, Math.sqrt(10.5), 2.25, 0.87);
    /** A trial's CV scores: 3 folds of 404 rows in all, CV MSE 12.5. */
    public static final CvScores CV_SCORES = new CvScores(List.of(
            new RegressionMetrics(135, 11.0, Math.sqrt(11.0), 2.25, 0.86),
            new RegressionMetrics(135, 12.5, Math.sqrt(12.5), 2.4, 0.85),
            new RegressionMetrics(134, 14.0, Math.sqrt(14.0), 2.55, 0.84)));

    /** Every message's CV plan: 5 folds, fold seed 99, 200 epochs, patience 10, standardized target. */
    public static final CvPlan CV_PLAN = new CvPlan(5, 99, 200, 10, true);

    private MessageSamples() {
    }

    public static SearchSpec spec() {
        return SearchSpec.defaultFor("boston");
    }

    /**
     * Boston's default search drawn at random, without pruning, one final network: every trial is
     * queued at submit and runs to the end, as tests of the pipeline's plumbing assume.
     */
    public static SearchSpec queuedAtOnce() {
        return SpecOverrides.none().withStrategy("random").withPruning("none").withFinalModels(1)
                .applyTo(SearchSpec.defaultFor("boston"));
    }

    /** A search of two trials of 10 epochs, queued at once, on {@link #DATASET}. */
    public static SearchSubmitted twoTrialSearch(String id) {
        SearchSpec spec = SpecOverrides.none().withTrials(2).withEpochs(10).applyTo(queuedAtOnce());
        return new SearchSubmitted(id, spec, DATASET, 2, 2, 1);
    }

    /**
     * A trial's run as a worker reports it: started, then completed after 10 epochs with both folds
     * at {@code mse} (trial {@code <search>-t<index>}, 10 + index neurons).
     */
    public static Message[] trialRun(String searchId, int index, double mse) {
        String trialId = searchId + "-t" + index;
        return new Message[] {
            new TrialStarted(searchId, trialId, index, Hyperparameters.fromMap(java.util.Map.of("neurons", 10 + index)),
                    index, "a", "w", 1),
            new TrialCompleted(searchId, trialId, 10, CvScores.ofMse(List.of(mse, mse)), 1, "w", 1)};
    }

    public static TrialRequested trialRequested() {
        return new TrialRequested("s-1", "s-1-t0007", 7, PARAMS, 1234567890123L, CV_PLAN, DATASET, AT);
    }

    public static EpochReported epochReported() {
        return new EpochReported("s-1", "s-1-t0007", "a-1", 3, List.of(21.5, 19.25, 30.0), AT);
    }

    /** Three training rows' out-of-fold predictions and targets. */
    public static final OutOfFold OUT_OF_FOLD = new OutOfFold(new float[] {1.5f, -2f, 24.25f},
            new float[] {1f, -2.5f, 22f});

    /** One of each type, in the order {@link Message} lists them. */
    public static List<Message> all() {
        BlobChunk chunk = new BlobChunker(16).split(TRAIN_CSV, "train.csv").get(1);
        return List.of(
                new SearchSubmitted("s-1", spec(), DATASET, 20, 4, AT),
                new SearchCancelled("s-1", "user asked", AT + 1),
                new RefitRequested("s-1", "final fit lost", AT + 1),
                chunk,
                trialRequested(),
                new FinalFitRequested("s-1", "s-1-t0007", PARAMS, 77, 143, SPLIT_DATASET, false, 3, AT + 2),
                new TrialStarted("s-1", "s-1-t0007", 7, PARAMS, 1234567890123L, "a-1", "worker-a/slot-2", AT + 3),
                epochReported(),
                new TrialCompleted("s-1", "s-1-t0007", 143, CV_SCORES, 93.5, "worker-a/slot-2", AT + 4, OUT_OF_FOLD),
                new TrialPruned("s-1", "s-1-t0008", 12, 40.25, "median stopping rule at epoch 12",
                        "worker-b/slot-0", AT + 5),
                new TrialFailed("s-1", "s-1-t0009", 4, "loss diverged (NaN) at epoch 5", "worker-b/slot-1", AT + 6),
                new FinalFitCompleted("s-1", "s-1-t0007", 143, METRICS,
                        new BlobChunker().ref(new byte[] {1, 2, 3, 4}, "model.zip"), 11.5, "worker-a/slot-2", AT + 7),
                new FinalFitFailed("s-1", "s-1-t0007", "out of memory", "worker-a/slot-2", AT + 8),
                new StopTrial("s-1", "s-1-t0008", "median stopping rule at epoch 12", AT + 9),
                new CancelSearch("s-1", "user asked", AT + 10),
                new RungCutoffs("s-1", 3, List.of(new dev.trialstream.core.pruning.RungCutoff(11, 21.5, 4),
                        new dev.trialstream.core.pruning.RungCutoff(33, 17.25, 6)), AT + 10),
                new LeaderboardSnapshot("s-1", "boston random", new StatusCounts(20, 2, 15, 2, 1),
                        List.of(new LeaderboardEntry(1, "s-1-t0007", PARAMS, 143, CV_SCORES),
                                new LeaderboardEntry(2, "s-1-t0003", Hyperparameters.DEFAULTS, 40,
                                        CvScores.ofMse(List.of(12.5, 13.0, 13.5)))),
                        List.of(new StoppedTrial("s-1-t0008", TrialState.PRUNED, PARAMS, 12, 40.25, "median rule"),
                                new StoppedTrial("s-1-t0009", TrialState.FAILED, null, 0, Double.NaN, "diverged")),
                        2_300, 4_000, METRICS, SearchStatus.FINAL_FIT, AT + 11),
                new ModelPublished("s-1", "s-1-t0007", PARAMS, 143, METRICS,
                        new BlobChunker().ref(new byte[] {1, 2, 3, 4}, "model.zip"), AT + 12),
                new DeadLetter("trialstream.trials", 2, 4711, "s-1-t0010", new byte[] {'{', 0, (byte) 0xff},
                        "not JSON at line 1, column 2", AT + 13),
                new SearchDemand("s-1", 4, 8, 20, 10, 6, 6, true, AT, AT + 14),
                new SlotsGranted("s-1", 2, AT + 15),
                new WorkerSlots("worker-1", 3, 10_000, AT + 16));
    }
}
