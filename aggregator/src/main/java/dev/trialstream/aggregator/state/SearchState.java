package dev.trialstream.aggregator.state;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonIgnore;
import dev.trialstream.core.message.DatasetRef;
import dev.trialstream.core.metrics.RegressionMetrics;
import dev.trialstream.core.pruning.PruningPlans;
import dev.trialstream.core.spec.PruningSpec;
import dev.trialstream.core.spec.SearchSpec;
import dev.trialstream.core.strategy.Strategies;
import dev.trialstream.core.strategy.Strategy;
import java.util.Map;
import java.util.TreeMap;

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
    /** Null until SearchSubmitted is seen (events may arrive first: they are on another topic). */
    String name;
    int trialBudget;
    int maxEpochs;
    DatasetRef dataset;
    boolean standardizeTarget = true;
    PruningSpec pruning = PruningSpec.none();
    /** The whole spec: adaptive strategies and Hyperband's brackets are rebuilt from it. */
    SearchSpec spec;
    /** Trials planned so far (the first batch plus every proposal): a proposal is made once. */
    int issued;
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
    FinalFit finalFit = FinalFit.NONE;
    String finalTrialId;
    RegressionMetrics finalTest;
    String finalReason = "";
    /** Built from the spec when first needed, never stored: a state read back builds its own. */
    @JsonIgnore
    private Strategy strategy;
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
        return name != null;
    }

    public Map<String, TrialRecord> trials() {
        return trials;
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

    /** No more work will happen for this search. */
    public boolean done() {
        return finalFit == FinalFit.COMPLETED || finalFit == FinalFit.FAILED || finalFit == FinalFit.SKIPPED;
    }

    /** The pruning policy's name, for metrics. */
    public String pruningPolicy() {
        return spec == null ? "unknown" : pruningPlans().name();
    }

    /** The spec's strategy, built once per state (a pure function of the spec). Needs the spec. */
    Strategy strategy() {
        if (strategy == null) {
            strategy = Strategies.create(spec);
        }
        return strategy;
    }

    /** The spec's pruning plans, built once per state (a pure function of the spec). Needs the spec. */
    PruningPlans pruningPlans() {
        if (pruningPlans == null) {
            pruningPlans = PruningPlans.of(spec);
        }
        return pruningPlans;
    }

    /** Trials that have ended (each counted once, when it first ended). */
    public long endedTrials() {
        return endedCount;
    }
}
