package dev.trialstream.aggregator.state;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.trialstream.core.ensemble.OutOfFold;
import dev.trialstream.core.message.EpochReported;
import dev.trialstream.core.message.EventMessage;
import dev.trialstream.core.message.RunningTrial;
import dev.trialstream.core.message.TrialCompleted;
import dev.trialstream.core.message.TrialFailed;
import dev.trialstream.core.message.TrialPruned;
import dev.trialstream.core.message.TrialStarted;
import dev.trialstream.core.metrics.CvScores;
import dev.trialstream.core.params.Hyperparameters;
import dev.trialstream.core.status.TrialState;
import dev.trialstream.core.strategy.TrialOutcome;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * What the aggregator knows of one trial. Owned by its {@link SearchState}; changed only through
 * its transitions ({@link #start}, {@link #report}, {@link #requestStop}, {@link #end}), each the
 * one place its fields change.
 */
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY, getterVisibility = JsonAutoDetect.Visibility.NONE,
        isGetterVisibility = JsonAutoDetect.Visibility.NONE)
public final class TrialRecord {

    private String trialId;
    private int index = -1;
    private Hyperparameters params;
    private long seed;
    /** Stored as {@code status} by aggregators before {@link TrialState}. */
    @JsonAlias("status")
    private TrialState state = TrialState.RUNNING;
    private String attempt;
    /** Mean CV MSE after each epoch of the current attempt. */
    private List<Double> curve = new ArrayList<>();
    private int epochs;
    /**
     * Epochs of attempts that were lost (their worker died or gave the trial up mid-way), trained
     * again by a later one or, for a trial given up, by none: compute spent beyond what the trial needed.
     */
    private int epochsRedone;
    /** A completed trial's fold scores; null otherwise. */
    private CvScores scores;
    /** A completed trial's CV MSE as aggregators before fold scores stored it: read back, never written. */
    @JsonProperty(value = "cvMse", access = JsonProperty.Access.WRITE_ONLY)
    private double storedCvMse = Double.NaN;
    /** The mean CV MSE a pruned trial was stopped at, as its worker reported it; NaN otherwise. */
    private double stoppedCvMse = Double.NaN;
    private String reason = "";
    /** A stop was sent for this trial (pruning); never sent twice. */
    private boolean stopRequested;
    /** Order in which the trial ended, for listing stopped trials most recent last. */
    private long endedSeq;
    /**
     * A completed trial's out-of-fold predictions while it is among the search's best {@link
     * EnsemblePool#KEPT}; null otherwise.
     */
    private OutOfFold outOfFold;
    /** The worker of the current attempt; null before a start is seen (or in state stored before 2026-12-08). */
    private String workerId;
    /** When the current attempt started, its first epoch and its latest (the worker's millis); 0: not yet. */
    private long startedAt;
    private long firstEpochAt;
    private long lastEpochAt;
    /** How long its latest attempt to train a first epoch took to it, in millis; 0: none did. Kept once it ends. */
    private long firstEpochMillis;

    /** Completed trials best first: by CV MSE, ties by index. */
    static final Comparator<TrialRecord> BY_CV_MSE =
            Comparator.comparingDouble(TrialRecord::cvMse).thenComparingInt(TrialRecord::index);

    TrialRecord() {
    }

    TrialRecord(String trialId) {
        this.trialId = trialId;
    }

    /**
     * A worker started (or restarted) the trial. A new attempt starts a new curve; a start that
     * arrives after the trial's terminal event only fills in its setup.
     *
     * @return whether anything changed
     */
    boolean start(TrialStarted started) {
        if (state.ended()) {
            // The terminal event (a transaction) can overtake the start (a plain send): keep its setup,
            // and its attempt, whose epoch reports follow it and still complete the curve.
            if (params != null) {
                return false;
            }
            setUp(started);
            attempt = started.attempt();
            return true;
        }
        if (started.attempt().equals(attempt)) {
            return false;
        }
        setUp(started);
        attempt = started.attempt();
        workerId = started.workerId();
        startedAt = started.at();
        firstEpochAt = 0;
        lastEpochAt = 0;
        epochsRedone += curve.size();
        curve = new ArrayList<>();
        epochs = 0;
        return true;
    }

    private void setUp(TrialStarted started) {
        index = started.index();
        params = started.params();
        seed = started.seed();
    }

    /**
     * An epoch of the current attempt, in order. The terminal event commits in a transaction and can
     * overtake the attempt's last epoch reports (plain sends): those still complete the curve, up to
     * the epochs the trial ended with. Reports are plain sends, so one can be lost in a broker fault
     * while later ones arrive: the epochs between are filled in on the straight line from the last
     * one known to this one (from this one, if it is the first), and the curve goes on.
     *
     * @return the epochs it added to the curve (more than one after a lost report); 0 when it is
     *         stale (another attempt's, a repeat, or past the epoch the trial ended at)
     */
    int report(EpochReported report) {
        if (!report.attempt().equals(attempt) || report.epoch() <= curve.size()
                || (state.ended() && report.epoch() > epochs)) {
            return 0;
        }
        int known = curve.size();
        double from = known == 0 ? report.meanMse() : curve.get(known - 1);
        for (int epoch = known + 1; epoch < report.epoch(); epoch++) {
            curve.add(from + (report.meanMse() - from) * (epoch - known) / (report.epoch() - known));
        }
        curve.add(report.meanMse());
        if (!state.ended()) {
            epochs = report.epoch();
            if (firstEpochAt == 0) {
                firstEpochAt = Math.max(1, report.at());
                if (report.epoch() == 1 && startedAt > 0) {
                    firstEpochMillis = Math.max(1, report.at() - startedAt);
                }
            }
            lastEpochAt = Math.max(firstEpochAt, report.at());
        }
        return report.epoch() - known;
    }

    /** The pruning policy decided to stop the trial; the worker is told once. */
    void requestStop(String why) {
        stopRequested = true;
        reason = why;
    }

    /**
     * The trial's terminal event; the first one wins.
     *
     * @param seq this trial's place in the order trials ended
     * @return whether the trial ended now
     */
    boolean end(EventMessage terminal, long seq) {
        if (state.ended()) {
            return false;
        }
        if (terminal instanceof TrialCompleted completed) {
            state = TrialState.COMPLETED;
            epochs = completed.epochs();
            scores = completed.cv();
            outOfFold = completed.outOfFold();
            reason = "";
        } else if (terminal instanceof TrialPruned pruned) {
            state = TrialState.PRUNED;
            epochs = pruned.epoch();
            stoppedCvMse = pruned.lastCvMse();
            reason = pruned.reason();
        } else if (terminal instanceof TrialFailed failed) {
            state = TrialState.FAILED;
            epochs = failed.epoch();
            reason = failed.reason();
            if (epochs == 0) {
                // Given up (or could not train) in an attempt that trained nothing: the curve left is of a
                // lost attempt, whose epochs were spent but are none of the plan's, like those redone.
                epochsRedone += curve.size();
            }
        } else {
            throw new IllegalArgumentException("not a terminal event: " + terminal.getClass().getSimpleName());
        }
        endedSeq = seq;
        return true;
    }

    /**
     * The CV MSE the trial ended with; for one stopped before it reported a final value, its last epoch's.
     * NaN for a trial that failed before the attempt it ended in trained an epoch (could not train, or
     * given up after its worker died during each of its attempts): the curve left then, if any, is of
     * an attempt that was lost, as the earlier lost attempts' curves were dropped when the next one
     * started, and which lost attempt it is depends on which reports arrived. Its epochs (0, as its
     * end says) and its score then tell the same story: it ended with neither.
     */
    public double lastCvMse() {
        if (failedUntrained()) {
            return Double.NaN;
        }
        double ended = state == TrialState.COMPLETED ? cvMse() : stoppedCvMse;
        if (Double.isFinite(ended)) {
            return ended;
        }
        return curve.isEmpty() ? Double.NaN : curve.get(curve.size() - 1);
    }

    /**
     * The trial failed before the attempt it ended in trained an epoch (could not train, or was
     * given up after its worker died during each attempt): what its {@link #curve} still holds, if
     * anything, is a lost attempt's, not the trial's, so neither its score nor its curve is shown.
     */
    public boolean failedUntrained() {
        return state == TrialState.FAILED && epochs == 0;
    }

    /** The ended trial as a strategy learns from it; empty while it runs or before its start is seen. */
    Optional<TrialOutcome> outcome() {
        if (!state.ended() || params == null || index < 0) {
            return Optional.empty();
        }
        double objective = state == TrialState.FAILED ? Double.NaN : lastCvMse();
        return Optional.of(new TrialOutcome(index, params, objective, state, epochs));
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

    public TrialState state() {
        return state;
    }

    /** Epochs its lost attempts trained, which its current (or last) attempt trains again. */
    public int epochsRedone() {
        return epochsRedone;
    }

    /** The mean CV MSE after each epoch of the current attempt. */
    public List<Double> curve() {
        return Collections.unmodifiableList(curve);
    }

    public int epochs() {
        return epochs;
    }

    /**
     * The trial as a snapshot lists it while it runs: empty once it ended, and while its worker is
     * not known (its start not seen, or stored by an aggregator before 2026-12-08).
     */
    Optional<RunningTrial> running() {
        if (state.ended() || workerId == null || startedAt == 0) {
            return Optional.empty();
        }
        boolean trained = epochs > 0 && firstEpochAt > 0;
        return Optional.of(new RunningTrial(trialId, workerId, trained ? epochs : 0, startedAt,
                trained ? firstEpochAt : 0, trained ? lastEpochAt : 0));
    }

    /** How long its latest attempt to reach a first epoch took to it, in millis; 0 when none did. */
    long firstEpochMillis() {
        return firstEpochMillis;
    }

    /** A completed trial's fold scores. */
    public Optional<CvScores> scores() {
        if (scores == null && state == TrialState.COMPLETED && Double.isFinite(storedCvMse)) {
            // Stored before fold scores: the CV MSE is all there is, as one fold.
            return Optional.of(CvScores.ofMse(List.of(storedCvMse)));
        }
        return Optional.ofNullable(scores);
    }

    /** A completed trial's mean CV MSE; NaN otherwise. */
    public double cvMse() {
        return scores().map(CvScores::mse).orElse(Double.NaN);
    }

    public String reason() {
        return reason;
    }

    boolean stopRequested() {
        return stopRequested;
    }

    /** 1 for the first trial of its search to end, 2 for the next...; 0 while running. */
    public long endedSeq() {
        return endedSeq;
    }

    Optional<OutOfFold> outOfFold() {
        return Optional.ofNullable(outOfFold);
    }

    /** The trial fell out of the best kept for ensembles: its predictions are let go. */
    void dropOutOfFold() {
        outOfFold = null;
    }

    public boolean ended() {
        return state.ended();
    }
}
