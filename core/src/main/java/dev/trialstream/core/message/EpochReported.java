package dev.trialstream.core.message;

import dev.trialstream.core.training.EpochReport;
import java.util.List;

/**
 * The validation error of every fold after one lockstep epoch: the curve that pruning compares.
 * A diverged fold reports NaN or Infinity.
 *
 * @param attempt the {@link TrialStarted#attempt()} this epoch belongs to
 * @param epoch   1-based
 * @param foldMse one entry per fold, in the target's own units
 */
public record EpochReported(String searchId, String trialId, String attempt, int epoch, List<Double> foldMse, long at)
        implements EventMessage {

    public EpochReported {
        Checks.id(searchId, "searchId");
        Checks.id(trialId, "trialId");
        Checks.id(attempt, "attempt");
        Checks.positive(epoch, "epoch");
        foldMse = Checks.errors(foldMse, "foldMse");
        Checks.atLeast(at, 0, "at");
    }

    public static EpochReported of(String searchId, String trialId, String attempt, EpochReport report, long at) {
        return new EpochReported(searchId, trialId, attempt, report.epoch(), report.foldMse(), at);
    }

    /** The mean of {@code foldMse}: the epoch's CV MSE. */
    public double meanMse() {
        return EpochReport.meanOf(foldMse);
    }
}
