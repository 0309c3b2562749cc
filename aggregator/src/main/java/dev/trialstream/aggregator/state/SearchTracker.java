package dev.trialstream.aggregator.state;

import dev.trialstream.core.message.EnsembleMember;
import dev.trialstream.core.message.EpochReported;
import dev.trialstream.core.message.EventMessage;
import dev.trialstream.core.message.FinalFitCompleted;
import dev.trialstream.core.message.FinalFitFailed;
import dev.trialstream.core.message.FinalFitMember;
import dev.trialstream.core.message.FinalFitRequested;
import dev.trialstream.core.message.Message;
import dev.trialstream.core.message.RefitRequested;
import dev.trialstream.core.message.RungCutoffs;
import dev.trialstream.core.message.SearchCancelled;
import dev.trialstream.core.message.SearchDemand;
import dev.trialstream.core.message.SearchSubmitted;
import dev.trialstream.core.message.SlotsGranted;
import dev.trialstream.core.message.StopTrial;
import dev.trialstream.core.message.TrialEnded;
import dev.trialstream.core.message.TrialRequested;
import dev.trialstream.core.message.TrialStarted;
import dev.trialstream.core.pruning.Pruner;
import dev.trialstream.core.pruning.PruningPlans;
import dev.trialstream.core.pruning.RungCutoff;
import dev.trialstream.core.status.SearchStatus;
import dev.trialstream.core.status.TrialState;
import dev.trialstream.core.strategy.Strategy;
import dev.trialstream.core.strategy.TrialOutcome;
import dev.trialstream.core.strategy.TrialPlan;
import dev.trialstream.core.text.Figures;
import dev.trialstream.core.text.Plural;
import dev.trialstream.core.text.WeightedTrials;
import dev.trialstream.core.training.CvPlan;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
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
 *   <li>the search's pruning policy sees every epoch report and may stop the trial; under ASHA,
 *       a report that records a rung also publishes the search's rung cutoffs, which the workers
 *       apply themselves the moment a trial reaches a rung ({@link RungCutoffs});</li>
 *   <li>trials after the submitter's first batch are released only when the fleet's scheduler
 *       grants slots ({@link SlotsGranted}); every change to what the search wants of the fleet is
 *       reported to it ({@link SearchDemand});</li>
 *   <li>when every trial of the budget has ended, one final fit of the best completed trial is
 *       requested (none if nothing completed or the search was cancelled).</li>
 * </ul>
 */
public final class SearchTracker {

    private static final Logger LOG = LoggerFactory.getLogger(SearchTracker.class);

    private final Clock clock;
    private final LeaderboardBuilder leaderboards;
    private final EnsemblePool ensembles = new EnsemblePool();

    public SearchTracker(Clock clock, int topN) {
        this.clock = clock;
        this.leaderboards = new LeaderboardBuilder(topN, clock);
    }

    /**
     * Applies the message to the state (mutating it) and says what to publish. The leaderboard is
     * built only when it is published now: when the search itself changed (submitted, cancelled,
     * its status moved on); what trials do (start, report, end) only marks it due (see
     * {@link Applied#progress}), so a pack of 64 trials ending at once costs one snapshot, not 64
     * that each walk every trial of the search.
     */
    public Applied apply(SearchState state, Message message) {
        SearchStatus statusBefore = state.submitted() ? state.status() : null;
        List<Output> outputs = new ArrayList<>();
        boolean changed;
        // Only the search itself, grants and trials ending change what it wants of the fleet.
        boolean demandChanged = true;
        if (message instanceof SearchSubmitted submitted) {
            changed = submitted(state, submitted);
        } else if (message instanceof SearchCancelled cancelled) {
            changed = state.cancel(cancelled.reason(), cancelled.finalFit(), cancelled.abandonFinalFit());
            if (changed && (statusBefore == SearchStatus.FINAL_FIT || statusBefore == SearchStatus.FINAL_FIT_FAILED)) {
                LOG.info("search {}: final fit of {} abandoned, cancelled without a model ({}); a result of that fit"
                        + " is ignored", state.searchId, state.finalTrialId, cancelled.reason());
            }
        } else if (message instanceof RefitRequested refit) {
            changed = refit(state, refit, outputs);
            demandChanged = false;
        } else if (message instanceof SlotsGranted grant) {
            changed = release(state, grant, outputs);
        } else if (message instanceof TrialStarted started) {
            changed = started(state, started);
        } else if (message instanceof EpochReported epoch) {
            changed = epoch(state, epoch, outputs);
        } else if (message instanceof TrialEnded ended) {
            changed = ended(state, ended);
        } else if (message instanceof FinalFitCompleted fitted) {
            changed = state.finalFitCompleted(fitted.test());
            demandChanged = false;
        } else if (message instanceof FinalFitFailed failed) {
            changed = state.finalFitFailed(failed.reason());
            demandChanged = false;
        } else {
            return new Applied(false, outputs, false);
        }
        if (message instanceof TrialStarted || message instanceof EpochReported) {
            demandChanged = false;
        }
        boolean progress = false;
        if (changed) {
            if (demandChanged && state.submitted()) {
                outputs.add(new Output(Output.Destination.SCHEDULE, state.searchId, demand(state)));
            }
            requestFinalFitWhenDone(state, outputs);
            if (state.done() && state.endedAt == 0) {
                state.endedAt = clock.millis();
            }
            if (state.submitted() && !(message instanceof SlotsGranted)) {
                // A grant shows nowhere on the leaderboard. Trial events are coalesced unless
                // they moved the search on (its last trial ending asks for the final fit).
                progress = trialEvent(message) && state.status() == statusBefore;
                if (!progress) {
                    outputs.add(new Output(Output.Destination.LEADERBOARD, state.searchId,
                            leaderboards.snapshot(state)));
                }
            }
        }
        return new Applied(changed, outputs, progress);
    }

    private static boolean trialEvent(Message message) {
        return message instanceof TrialStarted || message instanceof EpochReported || message instanceof TrialEnded;
    }

    /** The leaderboard of a state as it stands: for the HTTP endpoint and trials' progress. */
    public Optional<dev.trialstream.core.message.LeaderboardSnapshot> snapshot(SearchState state) {
        return state.submitted() ? Optional.of(leaderboards.snapshot(state)) : Optional.empty();
    }

    private boolean submitted(SearchState state, SearchSubmitted submitted) {
        if (state.submitted()) {
            return false;
        }
        state.submit(submitted);
        return true;
    }

    private boolean started(SearchState state, TrialStarted started) {
        return state.trials.computeIfAbsent(started.trialId(), TrialRecord::new).start(started);
    }

    private boolean epoch(SearchState state, EpochReported report, List<Output> outputs) {
        TrialRecord trial = state.trials.get(report.trialId());
        int added = trial == null ? 0 : trial.report(report);
        if (added == 0) {
            return false;
        }
        state.epochsTrained += added;
        if (state.submitted() && !trial.stopRequested() && !trial.ended()) {
            PruningPlans plan = state.pruningPlans();
            Pruner pruner = plan.forTrial(trial.index());
            if (pruner == Pruner.NONE) {
                return true; // nothing to decide: spare collecting every trial's curve
            }
            Map<String, List<Double>> curves = curves(state, plan, plan.group(trial.index()));
            Optional<String> stop = pruner.decide(trial.trialId(), curves);
            if (stop.isPresent()) {
                trial.requestStop(stop.get());
                LOG.info("search {} trial {}: {}", state.searchId, trial.trialId(), stop.get());
                outputs.add(new Output(Output.Destination.CONTROL, state.searchId,
                        new StopTrial(state.searchId, trial.trialId(), stop.get(), clock.millis())));
            }
            publishCutoffs(state, plan, report.epoch(), curves, outputs);
        }
        return true;
    }

    /**
     * A trial just recorded an ASHA rung, so the rung's cutoff may have moved: the workers get the
     * search's cutoffs as they stand, to stop the next trials that fall short there at once.
     */
    private void publishCutoffs(SearchState state, PruningPlans plan, int epoch, Map<String, List<Double>> curves,
                                List<Output> outputs) {
        plan.sharedAsha().filter(asha -> asha.rungs().contains(epoch)).ifPresent(asha -> {
            List<RungCutoff> cutoffs = asha.cutoffs(curves.values());
            if (!cutoffs.isEmpty()) {
                outputs.add(new Output(Output.Destination.CONTROL, state.searchId,
                        new RungCutoffs(state.searchId, asha.eta(), cutoffs, clock.millis())));
            }
        });
    }

    /** The curves of the trials the reporting trial is compared with (its group). */
    private static Map<String, List<Double>> curves(SearchState state, PruningPlans plan, int group) {
        Map<String, List<Double>> curves = new LinkedHashMap<>();
        state.trials.forEach((id, trial) -> {
            if (trial.index() >= 0 && plan.group(trial.index()) == group) {
                curves.put(id, trial.curve());
            }
        });
        return curves;
    }

    private boolean ended(SearchState state, EventMessage terminal) {
        TrialRecord trial = state.trials.computeIfAbsent(terminal.trialId(), TrialRecord::new);
        if (!trial.end(terminal, state.endedCount + 1)) {
            return false;
        }
        state.endedCount++;
        ensembles.completed(state, trial);
        return true;
    }

    /**
     * Puts up to {@code grant.slots()} more trials on {@code trials}, the strategy's next ones
     * (an adaptive strategy's from what has ended so far). The release is recorded in the state
     * (issued, granted), which commits with the output, so a restart never releases twice.
     *
     * @return always true: the grant is counted even when nothing is left to release
     */
    private boolean release(SearchState state, SlotsGranted grant, List<Output> outputs) {
        state.granted += grant.slots();
        if (!state.submitted() || state.cancelled) {
            return true;
        }
        Strategy strategy = state.strategy();
        List<TrialOutcome> history = strategy.adaptive() ? outcomes(state) : List.of();
        int[] last = state.laneLast();
        for (int i = 0; i < grant.slots() && state.issued < strategy.budget(); i++) {
            OptionalInt lane = TrialLanes.next(last, l -> laneBusy(state, last[l]));
            if (lane.isEmpty()) {
                break;
            }
            int index = state.issued;
            Optional<TrialPlan> next = plan(state, strategy, history, index);
            if (next.isEmpty()) {
                break;
            }
            TrialPlan plan = next.get();
            TrialRequested trial = TrialRequested.of(state.searchId, plan.index(), plan.params(), plan.seed(),
                    CvPlan.of(state.spec), state.dataset, clock.millis());
            outputs.add(new Output(Output.Destination.TRIALS, TrialQueueKey.of(state.searchId, lane.getAsInt()), trial));
            last[lane.getAsInt()] = index;
            state.issued++;
            LOG.debug("search {}: released trial {} into lane {}", state.searchId, trial.trialId(), lane.getAsInt());
        }
        return true;
    }

    /** Whether the trial a lane released last ({@code index}) is still queued or running (one lookup, by its id). */
    private static boolean laneBusy(SearchState state, int index) {
        TrialRecord record = state.trials.get(TrialRequested.idFor(state.searchId, index));
        return record == null || !record.ended();
    }

    /** The strategy's trial number {@code index}: planned up front, or proposed from the history. */
    private static Optional<TrialPlan> plan(SearchState state, Strategy strategy, List<TrialOutcome> history, int index) {
        if (!strategy.adaptive()) {
            List<TrialPlan> plans = state.plans();
            return index < plans.size() ? Optional.of(plans.get(index)) : Optional.empty();
        }
        return strategy.next(history, index, 1).stream().findFirst();
    }

    /** What the search wants of the fleet now, for the scheduler. Needs the spec. */
    private SearchDemand demand(SearchState state) {
        return new SearchDemand(state.searchId, state.weight(), state.parallelism(), state.trialBudget,
                state.issued, state.endedCount, state.granted, state.active(), state.submittedAt, clock.millis());
    }

    /** The ended trials as a strategy learns from them, in the order they ended. */
    private static List<TrialOutcome> outcomes(SearchState state) {
        return state.trials.values().stream()
                .filter(t -> t.outcome().isPresent())
                .sorted(Comparator.comparingLong(TrialRecord::endedSeq))
                .map(t -> t.outcome().orElseThrow())
                .toList();
    }

    private void requestFinalFitWhenDone(SearchState state, List<Output> outputs) {
        if (!state.submitted() || state.finalFit != SearchState.FinalFit.NONE
                || state.endedTrials() < state.trialsToEnd()) {
            return;
        }
        if (state.trials.values().stream().anyMatch(t -> t.state() == TrialState.COMPLETED && t.params() == null)) {
            return; // a completed trial's start (with its parameters) is still on its way
        }
        Optional<TrialRecord> best = state.trials.values().stream()
                .filter(t -> t.state() == TrialState.COMPLETED && t.params() != null)
                .min(TrialRecord.BY_CV_MSE);
        if (state.cancelledWithoutModel() || best.isEmpty()) {
            state.skipFinalFit(state.cancelledWithoutModel() ? "cancelled: " + state.cancelReason : "no trial completed");
            return;
        }
        TrialRecord winner = best.get();
        state.requestFinalFit(winner.trialId());
        FinalFitRequested request = finalFitRequest(state, winner);
        LOG.info("search {}: {}; final fit of {}", state.searchId, state.cancelled
                ? "cancelled (" + state.cancelReason + "), every trial released ended" : "every trial ended",
                whatIsFitted(request, winner));
        outputs.add(toTrials(request));
    }

    /**
     * A refit: the final fit is asked for again, of the same winner and ensemble, when it failed or
     * was never answered (e.g. its answer was lost); a search cancelled without a model gets its
     * final fit on the trials that completed, once every trial released has ended (as with
     * {@code cancel --final-fit}); in any other state nothing happens.
     */
    private boolean refit(SearchState state, RefitRequested refit, List<Output> outputs) {
        if (state.submitted() && state.trials.values().stream().anyMatch(t -> t.state() == TrialState.COMPLETED)
                && state.fitAfterCancel()) {
            LOG.info("search {}: cancelled, and now to be fitted on the trials that completed ({})", state.searchId,
                    refit.reason());
            requestFinalFitWhenDone(state, outputs);
            return true;
        }
        TrialRecord winner = state.finalTrialId == null ? null : state.trials.get(state.finalTrialId);
        if (!state.submitted() || winner == null || !state.retryFinalFit()) {
            LOG.info("search {}: refit ignored, the search is {} ({})", state.searchId,
                    state.submitted() ? state.status().wireName() : "unknown", refit.reason());
            return false;
        }
        FinalFitRequested request = finalFitRequest(state, winner);
        LOG.info("search {}: final fit of {} asked for again ({})", state.searchId, whatIsFitted(request, winner),
                refit.reason());
        outputs.add(toTrials(request));
        return true;
    }

    /** For the log: the winner alone, or the ensemble's members with their weights. */
    private static String whatIsFitted(FinalFitRequested request, TrialRecord winner) {
        List<FinalFitMember> members = request.ensemble();
        if (members.isEmpty()) {
            return winner.trialId() + " (cv_mse " + Figures.brief(winner.cvMse()) + ")";
        }
        return "the ensemble of " + Plural.of(members.size(), "trial") + ": " + WeightedTrials.of(members);
    }

    private FinalFitRequested finalFitRequest(SearchState state, TrialRecord winner) {
        return new FinalFitRequested(state.searchId, winner.trialId(), winner.params(), winner.seed(),
                state.spec.training().finalEpochs(winner.epochs()), state.dataset,
                state.spec.training().standardizeTarget(),
                state.spec.training().finalModels(), clock.millis(), ensembleMembers(state, winner));
    }

    private static Output toTrials(FinalFitRequested request) {
        return new Output(Output.Destination.TRIALS, request.searchId() + "/final", request);
    }

    /**
     * The selected ensemble's members to train, or none when the winner alone is the final model
     * (no ensemble, or one that chose only the winner).
     */
    private static List<FinalFitMember> ensembleMembers(SearchState state, TrialRecord winner) {
        if (state.ensemble == null) {
            return List.of();
        }
        List<FinalFitMember> members = new ArrayList<>();
        for (EnsembleMember member : state.ensemble.members()) {
            TrialRecord trial = state.trials.get(member.trialId());
            if (trial == null || trial.params() == null) {
                LOG.warn("search {}: ensemble member {} has no parameters; the final model is the winner alone",
                        state.searchId, member.trialId());
                return List.of();
            }
            members.add(new FinalFitMember(trial.trialId(), trial.params(), trial.seed(),
                    state.spec.training().finalEpochs(trial.epochs()), member.weight()));
        }
        if (members.size() == 1 && members.get(0).trialId().equals(winner.trialId())) {
            return List.of();
        }
        return members;
    }
}
