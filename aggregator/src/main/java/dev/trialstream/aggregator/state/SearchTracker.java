package dev.trialstream.aggregator.state;

import dev.trialstream.core.message.EpochReported;
import dev.trialstream.core.message.FinalFitCompleted;
import dev.trialstream.core.message.FinalFitFailed;
import dev.trialstream.core.message.FinalFitRequested;
import dev.trialstream.core.message.Message;
import dev.trialstream.core.message.SearchCancelled;
import dev.trialstream.core.message.SearchSubmitted;
import dev.trialstream.core.message.StopTrial;
import dev.trialstream.core.message.TrialCompleted;
import dev.trialstream.core.message.TrialFailed;
import dev.trialstream.core.message.TrialPruned;
import dev.trialstream.core.message.TrialStarted;
import dev.trialstream.core.pruning.Pruner;
import dev.trialstream.core.pruning.Pruners;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The aggregator's rules, free of Kafka: apply one search or event message to a search's state and
 * say what to publish. Deterministic given the messages (and the clock for timestamps).
 *
 * <ul>
 *   <li>terminal events are taken once per trial (the first wins; exactly-once delivery makes a
 *       second one unlikely, this makes it harmless);</li>
 *   <li>an epoch report counts only for the trial's current attempt (a new TrialStarted for a
 *       redelivered trial starts a new curve);</li>
 *   <li>the search's pruning policy sees every epoch report and may stop the trial;</li>
 *   <li>when every trial of the budget has ended, one final fit of the best completed trial is
 *       requested (none if nothing completed or the search was cancelled).</li>
 * </ul>
 */
public final class SearchTracker {

    private static final Logger LOG = LoggerFactory.getLogger(SearchTracker.class);

    private final Clock clock;
    private final LeaderboardBuilder leaderboards;

    public SearchTracker(Clock clock, int topN) {
        this.clock = clock;
        this.leaderboards = new LeaderboardBuilder(topN, clock);
    }

    /** Applies the message to the state (mutating it) and returns what to publish. */
    public List<Output> apply(SearchState state, Message message) {
        List<Output> outputs = new ArrayList<>();
        boolean changed;
        if (message instanceof SearchSubmitted submitted) {
            changed = submitted(state, submitted);
        } else if (message instanceof SearchCancelled cancelled) {
            changed = !state.cancelled;
            state.cancelled = true;
            state.cancelReason = cancelled.reason();
        } else if (message instanceof TrialStarted started) {
            changed = started(state, started);
        } else if (message instanceof EpochReported epoch) {
            changed = epoch(state, epoch, outputs);
        } else if (message instanceof TrialCompleted || message instanceof TrialPruned
                || message instanceof TrialFailed) {
            changed = ended(state, message);
        } else if (message instanceof FinalFitCompleted fitted) {
            changed = state.finalFit == SearchState.FinalFit.REQUESTED;
            if (changed) {
                state.finalFit = SearchState.FinalFit.COMPLETED;
                state.finalTest = fitted.test();
            }
        } else if (message instanceof FinalFitFailed failed) {
            changed = state.finalFit == SearchState.FinalFit.REQUESTED;
            if (changed) {
                state.finalFit = SearchState.FinalFit.FAILED;
                state.finalReason = failed.reason();
            }
        } else {
            return outputs;
        }
        if (changed) {
            requestFinalFitWhenDone(state, outputs);
            if (state.submitted()) {
                outputs.add(new Output(Output.Destination.LEADERBOARD, state.searchId,
                        leaderboards.snapshot(state)));
            }
        }
        return outputs;
    }

    /** The leaderboard of a state as it stands, for the HTTP endpoint. */
    public Optional<dev.trialstream.core.message.LeaderboardSnapshot> snapshot(SearchState state) {
        return state.submitted() ? Optional.of(leaderboards.snapshot(state)) : Optional.empty();
    }

    private boolean submitted(SearchState state, SearchSubmitted submitted) {
        if (state.submitted()) {
            return false;
        }
        state.name = submitted.name();
        state.trialBudget = submitted.trialBudget();
        state.maxEpochs = submitted.maxEpochs();
        state.dataset = submitted.dataset();
        state.standardizeTarget = submitted.spec().training().standardizeTarget();
        state.pruning = submitted.spec().pruning();
        return true;
    }

    private boolean started(SearchState state, TrialStarted started) {
        TrialRecord trial = state.trials.computeIfAbsent(started.trialId(), TrialRecord::new);
        if (trial.ended()) {
            // The terminal event (a transaction) can overtake the start (a plain send): keep its setup.
            if (trial.params != null) {
                return false;
            }
            trial.index = started.index();
            trial.params = started.params();
            trial.seed = started.seed();
            return true;
        }
        if (started.attempt().equals(trial.attempt)) {
            return false;
        }
        trial.index = started.index();
        trial.params = started.params();
        trial.seed = started.seed();
        trial.attempt = started.attempt();
        trial.curve = new ArrayList<>();
        trial.epochs = 0;
        return true;
    }

    private boolean epoch(SearchState state, EpochReported report, List<Output> outputs) {
        TrialRecord trial = state.trials.get(report.trialId());
        if (trial == null || trial.ended() || !report.attempt().equals(trial.attempt)
                || report.epoch() != trial.curve.size() + 1) {
            return false;
        }
        trial.curve.add(report.meanMse());
        trial.epochs = report.epoch();
        state.epochsTrained++;
        if (state.submitted() && !trial.stopRequested) {
            Pruner pruner = Pruners.create(state.pruning, state.maxEpochs);
            Optional<String> stop = pruner.decide(trial.trialId, curves(state));
            if (stop.isPresent()) {
                trial.stopRequested = true;
                trial.reason = stop.get();
                LOG.info("search {} trial {}: {}", state.searchId, trial.trialId, stop.get());
                outputs.add(new Output(Output.Destination.CONTROL, state.searchId,
                        new StopTrial(state.searchId, trial.trialId, stop.get(), clock.millis())));
            }
        }
        return true;
    }

    private static Map<String, List<Double>> curves(SearchState state) {
        Map<String, List<Double>> curves = new LinkedHashMap<>();
        state.trials.forEach((id, trial) -> curves.put(id, trial.curve));
        return curves;
    }

    private boolean ended(SearchState state, Message message) {
        String trialId = ((dev.trialstream.core.message.EventMessage) message).trialId();
        TrialRecord trial = state.trials.computeIfAbsent(trialId, TrialRecord::new);
        if (trial.ended()) {
            return false;
        }
        if (message instanceof TrialCompleted completed) {
            trial.status = TrialRecord.Status.COMPLETED;
            trial.epochs = completed.epochs();
            trial.cvMse = completed.cvMse();
            trial.cvStd = completed.cvStd();
            trial.reason = "";
        } else if (message instanceof TrialPruned pruned) {
            trial.status = TrialRecord.Status.PRUNED;
            trial.epochs = pruned.epoch();
            trial.cvMse = pruned.lastCvMse();
            trial.reason = pruned.reason();
        } else {
            TrialFailed failed = (TrialFailed) message;
            trial.status = TrialRecord.Status.FAILED;
            trial.epochs = failed.epoch();
            trial.reason = failed.reason();
        }
        trial.endedSeq = ++state.endedCount;
        return true;
    }

    private void requestFinalFitWhenDone(SearchState state, List<Output> outputs) {
        if (!state.submitted() || state.finalFit != SearchState.FinalFit.NONE
                || state.endedTrials() < state.trialBudget) {
            return;
        }
        if (state.trials.values().stream().anyMatch(t -> t.status == TrialRecord.Status.COMPLETED && t.params == null)) {
            return; // a completed trial's start (with its parameters) is still on its way
        }
        Optional<TrialRecord> best = state.trials.values().stream()
                .filter(t -> t.status == TrialRecord.Status.COMPLETED && t.params != null)
                .min(Comparator.comparingDouble(TrialRecord::cvMse).thenComparingInt(TrialRecord::index));
        if (state.cancelled || best.isEmpty()) {
            state.finalFit = SearchState.FinalFit.SKIPPED;
            state.finalReason = state.cancelled ? "cancelled: " + state.cancelReason : "no trial completed";
            return;
        }
        TrialRecord winner = best.get();
        state.finalFit = SearchState.FinalFit.REQUESTED;
        state.finalTrialId = winner.trialId;
        LOG.info("search {}: every trial ended; final fit of {} (cv_mse {})", state.searchId, winner.trialId,
                winner.cvMse);
        outputs.add(new Output(Output.Destination.TRIALS, state.searchId + "/final",
                new FinalFitRequested(state.searchId, winner.trialId, winner.params, winner.seed, winner.epochs,
                        winner.cvMse, winner.cvStd, state.dataset, state.standardizeTarget, clock.millis())));
    }
}
