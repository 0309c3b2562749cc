package dev.trialstream.aggregator.state;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import dev.trialstream.core.metrics.RegressionMetrics;
import dev.trialstream.core.params.Hyperparameters;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** What the aggregator knows of one trial. Mutable, owned by its {@link SearchState}. */
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY, getterVisibility = JsonAutoDetect.Visibility.NONE,
        isGetterVisibility = JsonAutoDetect.Visibility.NONE)
public final class TrialRecord {

    /** Where a trial is; the last three are terminal. */
    public enum Status { RUNNING, COMPLETED, PRUNED, FAILED }

    String trialId;
    int index = -1;
    Hyperparameters params;
    long seed;
    Status status = Status.RUNNING;
    String attempt;
    /** Mean CV MSE after each epoch of the current attempt. */
    List<Double> curve = new ArrayList<>();
    int epochs;
    double cvMse = Double.NaN;
    double cvStd = Double.NaN;
    /** CV MSE, RMSE, MAE and R² of a completed trial; none in state stored before they were reported. */
    RegressionMetrics cv = RegressionMetrics.none();
    String reason = "";
    /** A stop was sent for this trial (pruning); never sent twice. */
    boolean stopRequested;
    /** Order in which the trial ended, for listing stopped trials most recent last. */
    long endedSeq;

    /** Completed trials best first: by CV MSE, ties by index. */
    static final Comparator<TrialRecord> BY_CV_MSE =
            Comparator.comparingDouble(TrialRecord::cvMse).thenComparingInt(TrialRecord::index);

    TrialRecord() {
    }

    /** The CV MSE the trial ended with; for one stopped before it reported a final value, its last epoch's. */
    double lastCvMse() {
        if (Double.isFinite(cvMse)) {
            return cvMse;
        }
        return curve.isEmpty() ? Double.NaN : curve.get(curve.size() - 1);
    }

    TrialRecord(String trialId) {
        this.trialId = trialId;
    }

    public String trialId() {
        return trialId;
    }

    public int index() {
        return index;
    }

    public Hyperparameters params() {
        return params;
    }

    public long seed() {
        return seed;
    }

    public Status status() {
        return status;
    }

    public List<Double> curve() {
        return curve;
    }

    public int epochs() {
        return epochs;
    }

    public double cvMse() {
        return cvMse;
    }

    public double cvStd() {
        return cvStd;
    }

    public String reason() {
        return reason;
    }

    /** CV MSE, RMSE, MAE and R² of a completed trial; none otherwise. */
    public RegressionMetrics cv() {
        return cv;
    }

    /** 1 for the first trial of its search to end, 2 for the next...; 0 while running. */
    public long endedSeq() {
        return endedSeq;
    }

    public boolean ended() {
        return status != Status.RUNNING;
    }
}
