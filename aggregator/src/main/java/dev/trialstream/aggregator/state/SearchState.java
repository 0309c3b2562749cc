package dev.trialstream.aggregator.state;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonRawValue;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import dev.trialstream.core.message.DatasetRef;
import dev.trialstream.core.message.EnsembleSummary;
import dev.trialstream.core.message.SearchSubmitted;
import dev.trialstream.core.metrics.RegressionMetrics;
import dev.trialstream.core.pruning.PruningPlans;
import dev.trialstream.core.spec.SearchSpec;
import dev.trialstream.core.status.SearchStatus;
import dev.trialstream.core.strategy.Strategies;
import dev.trialstream.core.strategy.Strategy;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Everything the aggregator keeps about one search, stored as JSON in a changelogged state store,
 * so a restarted aggregator picks up exactly where it stopped. Mutable, owned by one processor.
 */
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY, getterVisibility = JsonAutoDetect.Visibility.NONE,
        isGetterVisibility = JsonAutoDetect.Visibility.NONE)
public final class SearchState {

    /** The final fit's progress. */
    public enum FinalFit { NONE, REQUESTED, COMPLETED, FAILED, SKIPPED }

    String searchId;
    /**
     * The whole spec, read for its name, epochs and target scaling, and to rebuild adaptive
     * strategies and Hyperband's brackets. Null until SearchSubmitted is seen (events may arrive
     * first: they are on another topic).
     */
    SearchSpec spec;
    /** Fixed by the submitter's strategy (for grid without a budget: every point), not in the spec. */
    int trialBudget;
    /**
     * The strategy's trials in flight, settled at submit ({@link
     * dev.trialstream.core.message.SearchSubmitted#parallelism()}); 0 in state stored before it
     * was (those submitters wrote it into the spec instead).
     */
    int parallelism;
    @JsonDeserialize(using = StoredDatasetRef.class)
    DatasetRef dataset;
    /** Trials planned so far (the first batch plus every release): a release is made once. */
    int issued;
    /**
     * Per lane ({@link TrialLanes}), the index of the last trial it released ({@link TrialLanes#NONE}
     * for none); null until the first release after the first batch (and in state stored before
     * lanes kept it): then trial i of 0 … issued − 1 was lane i mod parallelism's, as the submitter
     * queues its first batch. (For a search released by the older rule, whose lanes owned fixed
     * indices, that is where each lane's trials were too, up to the order they ended in: a guess off
     * by one only queues a trial on a slot that is busy for a while.)
     */
    int[] laneLast;
    /**
     * Slots the fleet's scheduler granted so far (each grant applied once, when it arrived):
     * reported back, so the scheduler knows which of its grants are still on their way.
     */
    long granted;
    /** When the search was submitted (epoch millis): the scheduler's tie-break, oldest first. */
    long submittedAt;
    /** When no more work would happen for it (epoch millis), 0 before: retention counts from here. */
    long endedAt;
    /**
     * By trial id, sorted, so iteration (and so every decision) is deterministic. Stored apart from
     * the rest of the state (one store entry per trial, see {@link StateCodec}), so an event
     * rewrites one trial, not the whole search.
     */
    @JsonIgnore
    Map<String, TrialRecord> trials = new TreeMap<>();
    long epochsTrained;
    long endedCount;
    boolean cancelled;
    String cancelReason = "";
    /**
     * The cancel asked for the final model anyway, on the trials that completed before it (false
     * in state stored before a cancel could).
     */
    boolean finalFitAfterCancel;
    FinalFit finalFit = FinalFit.NONE;
    String finalTrialId;
    RegressionMetrics finalTest;
    String finalReason = "";
    /** The ensemble selected from the kept out-of-fold predictions; null until one could be. */
    EnsembleSummary ensemble;
    /**
     * Trials changed by another trial's event (their predictions let go): their store entries must
     * be rewritten with this one's. Never stored.
     */
    @JsonIgnore
    final Set<String> alsoChanged = new TreeSet<>();
    /** Built from the spec when first needed, never stored: a state read back builds its own. */
    @JsonIgnore
    private Strategy strategy;
    @JsonIgnore
    private java.util.List<dev.trialstream.core.strategy.TrialPlan> plans;
    @JsonIgnore
    private PruningPlans pruningPlans;

    SearchState() {
    }

    public SearchState(String searchId) {
        this.searchId = searchId;
    }

    public String searchId() {
        return searchId;
    }

    public boolean submitted() {
        return spec != null;
    }

    /** The submitted spec, or null before SearchSubmitted is seen. */
    public SearchSpec spec() {
        return spec;
    }

    public Map<String, TrialRecord> trials() {
        return trials;
    }

    /** The ensemble selected so far, if any trial brought out-of-fold predictions. */
    public Optional<EnsembleSummary> ensemble() {
        return Optional.ofNullable(ensemble);
    }

    /** Trials whose entries another trial's event changed; the caller stores them and clears this. */
    public Set<String> alsoChanged() {
        return alsoChanged;
    }

    public FinalFit finalFit() {
        return finalFit;
    }

    public long epochsTrained() {
        return epochsTrained;
    }

    public boolean cancelled() {
        return cancelled;
    }

    /** The search as submitted; the first batch of its strategy is issued with it. */
    void submit(SearchSubmitted submitted) {
        spec = submitted.spec();
        trialBudget = submitted.trialBudget();
        parallelism = submitted.parallelism();
        dataset = submitted.dataset();
        submittedAt = submitted.submittedAt();
        // What the submitter queued itself (before fair sharing: every trial of grid and random,
        // with the parallelism set to the budget, so nothing is left to release).
        issued = Strategies.firstBatch(strategy(), parallelism);
    }

    /** Per lane, its last trial's index (see {@link #laneLast}); the caller records each release here. */
    int[] laneLast() {
        if (laneLast == null) {
            int lanes = parallelism();
            laneLast = new int[lanes];
            java.util.Arrays.fill(laneLast, TrialLanes.NONE);
            for (int i = 0; i < issued; i++) {
                laneLast[i % lanes] = i;
            }
        }
        return laneLast;
    }

    /** The most trials it may have queued or running (state stored before it was settled: its first batch). */
    int parallelism() {
        return parallelism > 0 ? parallelism : Math.max(1, strategy().initialTrials().size());
    }

    /** Its priority's weight. Needs the spec. */
    int weight() {
        return spec.priority().weight();
    }

    /** Still wants slots: submitted, not cancelled, and trials of its budget not yet ended. */
    public boolean active() {
        return submitted() && !cancelled && endedCount < trialBudget;
    }

    /**
     * The trials that will end: the budget, or once cancelled only those released (the rest are
     * never put on {@code trials}).
     */
    public long trialsToEnd() {
        return cancelled ? Math.min(issued, trialBudget) : trialBudget;
    }

    /** Trials queued or running: issued and not ended. */
    public long inFlight() {
        return Math.max(0, issued - endedCount);
    }

    /**
     * @param finalFit        fit the final model on the trials that completed; the latest cancel decides,
     *                        as long as the final fit was not decided yet
     * @param abandonFinalFit also end a search whose final fit was asked for and not answered
     *                        (final-fit, or final-fit-failed when its failure came first): cancelled, with
     *                        no model, its fit's result ignored if it comes; a refit asks for it again
     *                        ({@link #fitAfterCancel}). Before the final fit, a cancel like any other
     *                        without a model, that will also cover a final fit should one be asked for
     *                        before it arrives
     * @return whether the search was not cancelled before, or the cancel now asks otherwise about
     *         the final fit (the latest reason is kept either way); false, and nothing changes, once
     *         the final fit was decided (every trial has ended: there is nothing left to stop, and a
     *         search in its final fit, or ended, keeps the status and model it has), unless the cancel
     *         abandons a final fit that was asked for
     */
    boolean cancel(String reason, boolean finalFit, boolean abandonFinalFit) {
        if (this.finalFit != FinalFit.NONE) {
            return abandonFinalFit && abandonFinalFit(reason);
        }
        boolean changed = !cancelled || finalFit != finalFitAfterCancel;
        cancelled = true;
        cancelReason = reason;
        finalFitAfterCancel = finalFit;
        return changed;
    }

    /** A cancel that leaves a final fit alone (see {@link #cancel(String, boolean, boolean)}). */
    boolean cancel(String reason, boolean finalFit) {
        return cancel(reason, finalFit, false);
    }

    /**
     * The final fit asked for is given up: the search ends cancelled without a model, as if it had been
     * cancelled before its last trial ended (a fitted or skipped search keeps what it has).
     */
    private boolean abandonFinalFit(String reason) {
        if (finalFit != FinalFit.REQUESTED && finalFit != FinalFit.FAILED) {
            return false;
        }
        cancelled = true;
        cancelReason = reason;
        finalFitAfterCancel = false;
        skipFinalFit("cancelled: " + reason + " (its final fit abandoned)");
        endedAt = 0; // ended now, not when the fit failed: the tracker stamps it
        return true;
    }

    void requestFinalFit(String trialId) {
        finalFit = FinalFit.REQUESTED;
        finalTrialId = trialId;
    }

    /**
     * Asks for the final fit again (a refit): only a fit that failed, or that was asked for and
     * never answered, is asked for again; a search without one, or whose fit ended otherwise, stays as it is.
     *
     * @return whether the fit is to be asked for again
     */
    boolean retryFinalFit() {
        if (finalFit != FinalFit.REQUESTED && finalFit != FinalFit.FAILED) {
            return false;
        }
        finalFit = FinalFit.REQUESTED;
        finalReason = "";
        endedAt = 0; // not ended any more: the sweep counts from its new end
        return true;
    }

    /**
     * A refit of a search cancelled without a model: it gets one after all, as if the cancel had
     * asked for it ({@code --final-fit}), once every trial released has ended; a search that had
     * already ended cancelled is open again until that fit ends.
     *
     * @return whether anything changed (false unless cancelled without a model and not fitted)
     */
    boolean fitAfterCancel() {
        if (!cancelledWithoutModel() || (finalFit != FinalFit.NONE && finalFit != FinalFit.SKIPPED)) {
            return false;
        }
        finalFitAfterCancel = true;
        if (finalFit == FinalFit.SKIPPED) {
            finalFit = FinalFit.NONE;
            finalReason = "";
            endedAt = 0; // not ended any more: the sweep counts from its new end
        }
        return true;
    }

    /** Whether the search gets no model: cancelled, and the cancel did not ask for one. */
    boolean cancelledWithoutModel() {
        return cancelled && !finalFitAfterCancel;
    }

    /** No final fit: nothing completed, or the search was cancelled. */
    void skipFinalFit(String reason) {
        finalFit = FinalFit.SKIPPED;
        finalReason = reason;
    }

    /** @return whether a final fit was waited for (a late or repeated report changes nothing) */
    boolean finalFitCompleted(RegressionMetrics test) {
        if (finalFit != FinalFit.REQUESTED) {
            return false;
        }
        finalFit = FinalFit.COMPLETED;
        finalTest = test;
        return true;
    }

    /** @return whether a final fit was waited for */
    boolean finalFitFailed(String reason) {
        if (finalFit != FinalFit.REQUESTED) {
            return false;
        }
        finalFit = FinalFit.FAILED;
        finalReason = reason;
        return true;
    }

    /** Where the search is, as its leaderboard says. */
    public SearchStatus status() {
        return switch (finalFit) {
            case NONE -> !cancelled ? SearchStatus.RUNNING
                    : finalFitAfterCancel ? SearchStatus.FINISHING : SearchStatus.CANCELLING;
            case REQUESTED -> SearchStatus.FINAL_FIT;
            case COMPLETED -> cancelledWithoutModel() ? SearchStatus.CANCELLED : SearchStatus.DONE;
            case FAILED -> SearchStatus.FINAL_FIT_FAILED;
            case SKIPPED -> cancelled ? SearchStatus.CANCELLED : SearchStatus.NO_RESULT;
        };
    }

    /** No more work will happen for this search. */
    public boolean done() {
        return status().ended();
    }

    /** When it became {@link #done()} (epoch millis), or 0. */
    public long endedAt() {
        return endedAt;
    }

    /** The pruning policy's name, for metrics. */
    public String pruningPolicy() {
        return spec == null ? "unknown" : pruningPlans().name();
    }

    /** The spec's strategy, built once per state (a pure function of the spec). Needs the spec. */
    Strategy strategy() {
        if (strategy == null) {
            strategy = parallelism > 0 ? Strategies.create(spec, parallelism) : Strategies.create(spec);
        }
        return strategy;
    }

    /** A non-adaptive strategy's trials, planned once per state (a pure function of the spec). */
    java.util.List<dev.trialstream.core.strategy.TrialPlan> plans() {
        if (plans == null) {
            plans = strategy().initialTrials();
        }
        return plans;
    }

    /**
     * The spec's pruning plans, built once per state (a pure function of the spec and the first
     * batch's size). Needs the spec.
     */
    public PruningPlans pruningPlans() {
        if (pruningPlans == null) {
            pruningPlans = parallelism > 0 ? PruningPlans.of(spec, parallelism) : PruningPlans.of(spec);
        }
        return pruningPlans;
    }

    /** Trials that have ended (each counted once, when it first ended). */
    public long endedTrials() {
        return endedCount;
    }

    /**
     * The spec as stored, written once per state instead of at every event (the search entry is
     * rewritten at each one, and rendering the spec was a quarter of the aggregator's time per
     * event). The spec never changes once submitted; a state read back renders its own.
     */
    @JsonRawValue
    @JsonProperty("spec")
    private String storedSpec() {
        if (spec == null) {
            return null;
        }
        if (specJsonOf != spec) {
            specJson = spec.toJsonTree().toString();
            specJsonOf = spec;
        }
        return specJson;
    }

    @JsonIgnore
    private String specJson;
    @JsonIgnore
    private SearchSpec specJsonOf;

    // Copies of spec fields that aggregators before this one stored and read instead of the spec.
    // Still written, so that an older instance restoring this entry (a rolling upgrade or a
    // rollback) sees the search as submitted; never read (the entries they wrote carry the spec).

    @JsonProperty(value = "name", access = JsonProperty.Access.READ_ONLY)
    private String storedName() {
        return spec == null ? null : spec.name();
    }

    @JsonProperty(value = "maxEpochs", access = JsonProperty.Access.READ_ONLY)
    private int storedMaxEpochs() {
        return spec == null ? 0 : spec.training().maxEpochs();
    }

    @JsonProperty(value = "standardizeTarget", access = JsonProperty.Access.READ_ONLY)
    private boolean storedStandardizeTarget() {
        return spec == null || spec.training().standardizeTarget();
    }
}
