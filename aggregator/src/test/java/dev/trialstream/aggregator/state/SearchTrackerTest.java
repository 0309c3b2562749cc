package dev.trialstream.aggregator.state;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trialstream.core.ensemble.OutOfFold;
import dev.trialstream.core.message.EnsembleMember;
import dev.trialstream.core.message.EnsembleSummary;
import dev.trialstream.core.message.EpochReported;
import dev.trialstream.core.message.FinalFitCompleted;
import dev.trialstream.core.message.FinalFitFailed;
import dev.trialstream.core.message.RefitRequested;
import dev.trialstream.core.message.FinalFitMember;
import dev.trialstream.core.message.FinalFitRequested;
import dev.trialstream.core.message.LeaderboardSnapshot;
import dev.trialstream.core.message.Message;
import dev.trialstream.core.message.MessageSamples;
import dev.trialstream.core.message.SearchCancelled;
import dev.trialstream.core.message.SearchSubmitted;
import dev.trialstream.core.message.StopTrial;
import dev.trialstream.core.message.TrialCompleted;
import dev.trialstream.core.message.TrialFailed;
import dev.trialstream.core.message.TrialPruned;
import dev.trialstream.core.message.TrialStarted;
import dev.trialstream.core.metrics.CvScores;
import dev.trialstream.core.metrics.RegressionMetrics;
import dev.trialstream.core.params.Hyperparameters;
import dev.trialstream.core.spec.EnsembleSpec;
import dev.trialstream.core.spec.PruningPolicy;
import dev.trialstream.core.spec.PruningSpec;
import dev.trialstream.core.spec.SearchSpec;
import dev.trialstream.core.spec.SpecOverrides;
import dev.trialstream.core.spec.TrainingSpec;
import dev.trialstream.core.status.SearchStatus;
import dev.trialstream.core.status.TrialState;
import dev.trialstream.core.training.CvPlan;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import dev.trialstream.core.message.RungCutoffs;
import dev.trialstream.core.message.RunningTrial;
import dev.trialstream.core.message.SearchDemand;
import dev.trialstream.core.message.SlotsGranted;
import static org.assertj.core.api.Assertions.tuple;

class SearchTrackerTest {

    private final SearchTracker tracker = new SearchTracker(Clock.fixed(Instant.ofEpochMilli(1000), ZoneOffset.UTC), 10);
    private final SearchState state = new SearchState("s");

    private static SearchSubmitted submitted(int trials, String pruning) {
        SearchSpec spec = SpecOverrides.none().withTrials(trials).withEpochs(20).withPruning(pruning)
                .applyTo(MessageSamples.queuedAtOnce());
        if (pruning.equals("asha")) {
            // The first rung at 5, cutting from its first trial on (not placed by this tiny budget).
            spec = new SearchSpec(spec.name(), spec.data(), spec.cv(), spec.strategy(), spec.training(),
                    new PruningSpec(PruningPolicy.ASHA, 5, 10, 5, 3, 1), spec.parallelism(), spec.space(), spec.ensemble());
        }
        return new SearchSubmitted("s", spec, MessageSamples.DATASET, trials, trials, 1);
    }

    private static Hyperparameters params(int i) {
        return Hyperparameters.fromMap(Map.of("neurons", 8 + i));
    }

    private static TrialStarted started(int i, String attempt) {
        return new TrialStarted("s", "s-t" + i, i, params(i), 100 + i, attempt, "w", 1);
    }

    private static EpochReported epoch(int i, String attempt, int epoch, double mse) {
        return new EpochReported("s", "s-t" + i, attempt, epoch, List.of(mse, mse), 1);
    }

    private static TrialCompleted completed(int i, int epochs, double mse) {
        return new TrialCompleted("s", "s-t" + i, epochs, cv(mse), 1.0, "w", 1);
    }

    /** Two folds' scores that follow from the CV MSE, so a test can tell one trial's from another's. */
    private static CvScores cv(double mse) {
        return new CvScores(List.of(
                new RegressionMetrics(150, mse - 0.5, Math.sqrt(mse - 0.5), Math.sqrt(mse) * 0.8, 1 - mse / 80),
                new RegressionMetrics(150, mse + 0.5, Math.sqrt(mse + 0.5), Math.sqrt(mse) * 0.8, 1 - mse / 80)));
    }

    private List<Output> apply(Message... messages) {
        List<Output> all = new ArrayList<>();
        for (Message message : messages) {
            all.addAll(tracker.apply(state, message).outputs());
        }
        return all;
    }

    private static LeaderboardSnapshot lastSnapshot(List<Output> outputs) {
        return outputs.stream().filter(o -> o.destination() == Output.Destination.LEADERBOARD)
                .map(o -> (LeaderboardSnapshot) o.message()).reduce((a, b) -> b).orElseThrow();
    }

    private static List<FinalFitRequested> finalFits(List<Output> outputs) {
        return outputs.stream().filter(o -> o.destination() == Output.Destination.TRIALS)
                .map(o -> (FinalFitRequested) o.message()).toList();
    }

    @Test
    void snapshot_keepsTheTopNBestAndTheTopNLatestStopped() {
        List<Message> messages = new ArrayList<>(List.of(submitted(40, "none")));
        for (int i = 0; i < 40; i++) {
            messages.add(started(i, "a"));
            // Every third trial fails; the others complete with MSEs out of order (two ties, broken by index).
            messages.add(i % 3 == 0 ? new TrialFailed("s", "s-t" + i, 1, "failed " + i, "w", 1)
                    : completed(i, 20, 10.0 + (i * 7) % 13));
        }

        LeaderboardSnapshot snapshot = lastSnapshot(apply(messages.toArray(Message[]::new)));

        List<String> best = new ArrayList<>();
        java.util.stream.IntStream.range(0, 40).filter(i -> i % 3 != 0).boxed()
                .sorted(java.util.Comparator.<Integer>comparingDouble(i -> 10.0 + (i * 7) % 13).thenComparing(i -> i))
                .limit(10).forEach(i -> best.add("s-t" + i));
        assertThat(snapshot.top()).extracting(e -> e.trialId()).containsExactlyElementsOf(best);
        assertThat(snapshot.top()).extracting(e -> e.rank()).containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
        // 14 failed (0, 3, ..., 39); the 10 that ended last, oldest first.
        assertThat(snapshot.stopped()).extracting(t -> t.trialId()).containsExactly("s-t12", "s-t15", "s-t18",
                "s-t21", "s-t24", "s-t27", "s-t30", "s-t33", "s-t36", "s-t39");
    }

    @Test
    void tracker_ranksCompletedTrialsAndCountsStates() {
        List<Output> out = apply(submitted(4, "none"), started(0, "a"), started(1, "a"), started(2, "a"),
                completed(0, 20, 12.0), completed(1, 20, 9.0),
                new TrialFailed("s", "s-t2", 3, "diverged at epoch 4", "w", 1));

        LeaderboardSnapshot snapshot = tracker.snapshot(state).orElseThrow();
        assertThat(snapshot.top()).extracting(e -> e.trialId() + "#" + e.rank()).containsExactly("s-t1#1", "s-t0#2");
        assertThat(snapshot.top().get(0).params()).isEqualTo(params(1));
        // Each entry carries its own trial's CV RMSE, MAE and R².
        assertThat(snapshot.top()).extracting(e -> e.cv()).containsExactly(cv(9.0), cv(12.0));
        assertThat(snapshot.stopped()).singleElement().satisfies(t -> {
            assertThat(t.state()).isEqualTo(TrialState.FAILED);
            assertThat(t.reason()).isEqualTo("diverged at epoch 4");
        });
        assertThat(snapshot.counts().requested()).isEqualTo(1);
        assertThat(snapshot.counts().completed()).isEqualTo(2);
        assertThat(snapshot.counts().failed()).isEqualTo(1);
        assertThat(snapshot.status()).isEqualTo(SearchStatus.RUNNING);
        assertThat(snapshot.top().get(0).cvMse()).isEqualTo(9.0);
        assertThat(snapshot.top().get(0).cvStd()).isEqualTo(0.5);
        assertThat(snapshot.epochBudget()).isEqualTo(80);
        assertThat(finalFits(out)).isEmpty();
    }

    @Test
    void tracker_finalFitTrainsEachConfigurationForItsTrialsEpochsTimesTheSpecsScale() {
        SearchSubmitted submitted = submitted(2, "none");
        SearchSpec spec = submitted.spec();
        TrainingSpec training = spec.training();
        SearchSpec scaled = new SearchSpec(spec.name(), spec.data(), spec.cv(), spec.strategy(),
                new TrainingSpec(training.maxEpochs(), training.patience(), training.standardizeTarget(),
                        training.finalModels(), 0.5), spec.pruning(), spec.parallelism(), spec.space(), spec.ensemble());

        List<Output> out = apply(new SearchSubmitted("s", scaled, MessageSamples.DATASET, 2, 2, 1),
                started(0, "a"), started(1, "a"), completed(0, 17, 9.0), completed(1, 20, 10.0));

        assertThat(finalFits(out)).singleElement().satisfies(fit -> {
            assertThat(fit.trialId()).isEqualTo("s-t0");
            assertThat(fit.epochs()).isEqualTo(9); // 17 x 0.5, rounded
            assertThat(fit.members()).allSatisfy(member -> assertThat(member.epochs())
                    .isEqualTo(member.trialId().equals("s-t0") ? 9 : 10));
        });
    }

    @Test
    void tracker_ignoresADuplicateTerminalEvent() {
        apply(submitted(2, "none"), started(0, "a"), completed(0, 20, 12.0));

        List<Output> again = apply(completed(0, 20, 1.0), new TrialFailed("s", "s-t0", 0, "late", "w", 1));

        assertThat(again).isEmpty();
        assertThat(state.trials().get("s-t0").cvMse()).isEqualTo(12.0);
    }

    @Test
    void tracker_requestsOneFinalFitOfTheBestWhenEveryTrialEnded() {
        List<Output> out = apply(submitted(3, "none"), started(0, "a"), started(1, "a"), started(2, "a"),
                completed(0, 20, 9.0), completed(2, 17, 9.0),
                new TrialPruned("s", "s-t1", 5, 30.0, "asha rung 5", "w", 1));

        assertThat(finalFits(out)).singleElement().satisfies(fit -> {
            // A tie on CV MSE goes to the lower index.
            assertThat(fit.trialId()).isEqualTo("s-t0");
            assertThat(fit.params()).isEqualTo(params(0));
            assertThat(fit.seed()).isEqualTo(100);
            // Its 20 epochs times the default finalEpochScale, 1.5.
            assertThat(fit.epochs()).isEqualTo(30);
            assertThat(fit.dataset()).isEqualTo(MessageSamples.DATASET);
            assertThat(fit.models()).isEqualTo(1);
        });
        assertThat(lastSnapshot(out).status()).isEqualTo(SearchStatus.FINAL_FIT);
        // The winner's CV score stays with the aggregator (its leaderboard), not in the final fit request.
        assertThat(lastSnapshot(out).best().orElseThrow().trialId()).isEqualTo("s-t0");
        assertThat(lastSnapshot(out).best().orElseThrow().cvMse()).isEqualTo(9.0);
        assertThat(finalFits(apply(completed(1, 20, 1.0)))).isEmpty();

        List<Output> done = apply(new FinalFitCompleted("s", "s-t0", 20, MessageSamples.METRICS,
                MessageSamples.TRAIN, 2.0, "w", 1));
        assertThat(lastSnapshot(done).done()).isTrue();
        assertThat(lastSnapshot(done).status()).isEqualTo(SearchStatus.DONE);
        assertThat(lastSnapshot(done).finalTest()).isEqualTo(MessageSamples.METRICS);
    }

    @Test
    void refit_asksForAnUnansweredFinalFitAgain_andItsAnswerEndsTheSearch() {
        List<FinalFitRequested> first = finalFits(apply(submitted(2, "none"), started(0, "a"), started(1, "a"),
                completed(0, 20, 9.0), completed(1, 20, 11.0)));

        List<Output> again = apply(new RefitRequested("s", "answer lost", 2));

        // The same fit (winner, seed, epochs, members) is asked for again; the search waits for it.
        assertThat(finalFits(again)).containsExactlyElementsOf(first);
        assertThat(lastSnapshot(again).status()).isEqualTo(SearchStatus.FINAL_FIT);
        List<Output> done = apply(new FinalFitCompleted("s", "s-t0", 30, MessageSamples.METRICS,
                MessageSamples.TRAIN, 2.0, "w", 3));
        assertThat(lastSnapshot(done).status()).isEqualTo(SearchStatus.DONE);
        assertThat(lastSnapshot(done).finalTest()).isEqualTo(MessageSamples.METRICS);
    }

    @Test
    void refit_asksForAFailedFinalFitAgain() {
        List<FinalFitRequested> first = finalFits(apply(submitted(1, "none"), started(0, "a"), completed(0, 20, 9.0)));
        LeaderboardSnapshot failed = lastSnapshot(apply(new FinalFitFailed("s", "s-t0", "out of memory", "w", 2)));
        assertThat(failed.status()).isEqualTo(SearchStatus.FINAL_FIT_FAILED);

        List<Output> again = apply(new RefitRequested("s", "more memory now", 3));

        assertThat(finalFits(again)).containsExactlyElementsOf(first);
        assertThat(lastSnapshot(again).status()).isEqualTo(SearchStatus.FINAL_FIT);
        assertThat(state.done()).isFalse();
        assertThat(state.endedAt()).isZero();
        assertThat(lastSnapshot(apply(new FinalFitCompleted("s", "s-t0", 30, MessageSamples.METRICS,
                MessageSamples.TRAIN, 2.0, "w", 4))).status()).isEqualTo(SearchStatus.DONE);
    }

    @Test
    void refit_changesNothingBeforeTheFinalFitOrAfterItEnded() {
        apply(submitted(1, "none"), started(0, "a"));
        assertThat(apply(new RefitRequested("s", "too early", 2))).isEmpty();
        assertThat(state.status()).isEqualTo(SearchStatus.RUNNING);

        apply(completed(0, 20, 9.0), new FinalFitCompleted("s", "s-t0", 30, MessageSamples.METRICS,
                MessageSamples.TRAIN, 2.0, "w", 3));
        assertThat(apply(new RefitRequested("s", "again", 4))).isEmpty();
        assertThat(state.status()).isEqualTo(SearchStatus.DONE);
        assertThat(state.finalTest).isEqualTo(MessageSamples.METRICS);

        SearchState unknown = new SearchState("s-unknown");
        assertThat(tracker.apply(unknown, new RefitRequested("s-unknown", "no such search", 5)).outputs()).isEmpty();
    }

    @Test
    void tracker_finalFitTrainsAsManyModelsAsTheSpecAsks() {
        SearchSpec spec = SpecOverrides.none().withTrials(1).withEpochs(20).withFinalModels(5)
                .applyTo(MessageSamples.queuedAtOnce());

        List<Output> out = apply(new SearchSubmitted("s", spec, MessageSamples.DATASET, 1, 1, 1), started(0, "a"),
                completed(0, 20, 9.0));

        assertThat(finalFits(out)).singleElement().extracting(FinalFitRequested::models).isEqualTo(5);
    }

    @Test
    void tracker_noFinalFitWhenNothingCompleted() {
        List<Output> out = apply(submitted(1, "none"), started(0, "a"),
                new TrialFailed("s", "s-t0", 0, "could not train", "w", 1));

        assertThat(finalFits(out)).isEmpty();
        assertThat(lastSnapshot(out).done()).isTrue();
        assertThat(lastSnapshot(out).status()).isEqualTo(SearchStatus.NO_RESULT);
    }

    @Test
    void tracker_eventsBeforeTheSearchAreKeptUntilItArrives() {
        List<Output> early = apply(started(0, "a"), completed(0, 20, 5.0));
        assertThat(early).isEmpty();

        List<Output> out = apply(submitted(1, "none"));

        assertThat(finalFits(out)).singleElement().extracting(FinalFitRequested::trialId).isEqualTo("s-t0");
        assertThat(lastSnapshot(out).top()).hasSize(1);
    }

    /**
     * A trial whose worker died during each of 3 attempts is given up by the next worker, which ends
     * it failed at epoch 0 without starting it: the last lost attempt's curve is not its score.
     */
    @Test
    void snapshot_aTrialGivenUpAfterItsWorkerDied_showsNoScoreBesideItsZeroEpochs() {
        apply(submitted(2, "none"),
                started(0, "a"), epoch(0, "a", 1, 10.0),
                started(0, "b"), epoch(0, "b", 1, 10.5),
                started(0, "c"), epoch(0, "c", 1, 11.0), epoch(0, "c", 2, 9.5),
                new TrialFailed("s", "s-t0", 0, "started 3 times and its worker stopped each time before it ended"
                        + " (...), so given up: sent to trialstream.dead-letters", "w2", 1),
                started(1, "d"), epoch(1, "d", 1, 12.0), epoch(1, "d", 2, 11.0), epoch(1, "d", 3, 10.0),
                new TrialFailed("s", "s-t1", 3, "diverged at epoch 4: ...", "w2", 1));

        LeaderboardSnapshot snapshot = tracker.snapshot(state).orElseThrow();

        assertThat(snapshot.stopped()).extracting(t -> t.trialId(), t -> t.epochs())
                .containsExactly(tuple("s-t0", 0), tuple("s-t1", 3));
        assertThat(snapshot.stopped().get(0).lastCvMse()).as("given up: it ended with no epoch, so no score").isNaN();
        assertThat(snapshot.stopped().get(1).lastCvMse()).as("diverged: its last finite epoch's").isEqualTo(10.0);
    }

    @Test
    void tracker_aNewAttemptRestartsTheCurveAndStaleReportsAreIgnored() {
        apply(submitted(1, "none"), started(0, "a"), epoch(0, "a", 1, 10.0), epoch(0, "a", 2, 9.0));

        apply(started(0, "b"), epoch(0, "b", 1, 11.0), epoch(0, "a", 3, 8.0));

        assertThat(state.trials().get("s-t0").curve()).containsExactly(11.0);
        // Epochs of the lost attempt were trained too: 2 + 1, the stale report not counted.
        assertThat(state.epochsTrained()).isEqualTo(3);
    }

    /** The epochs of a lost attempt are spent, but not toward the plan: the leaderboard says them apart. */
    @Test
    void tracker_countsTheEpochsOfALostAttemptAsRedone_notAsEpochsOfThePlan() {
        apply(submitted(2, "none"), started(0, "a"), epoch(0, "a", 1, 10.0), epoch(0, "a", 2, 9.0),
                started(1, "c"), epoch(1, "c", 1, 12.0));

        apply(started(0, "b"), epoch(0, "b", 1, 11.0), epoch(0, "a", 3, 8.0), started(0, "b"));
        LeaderboardSnapshot snapshot = tracker.snapshot(state).orElseThrow();

        assertThat(snapshot.epochsTrained()).as("spent").isEqualTo(4);
        assertThat(snapshot.epochsRedone()).as("the lost attempt's two; a repeated start loses nothing").isEqualTo(2);
        assertThat(snapshot.epochsOfPlan()).isEqualTo(2);
    }

    /** A trial given up after its worker died in each attempt trained none of the plan's epochs. */
    @Test
    void tracker_countsTheEpochsOfATrialGivenUpAsLost_notAsEpochsOfThePlan() {
        apply(submitted(2, "none"),
                started(0, "a"), epoch(0, "a", 1, 10.0),
                started(0, "b"), epoch(0, "b", 1, 10.5), epoch(0, "b", 2, 10.2),
                new TrialFailed("s", "s-t0", 0, "started 2 times and its worker stopped each time before it ended"
                        + " (...), so given up: sent to trialstream.dead-letters", "w2", 1),
                started(1, "c"), epoch(1, "c", 1, 12.0), epoch(1, "c", 2, 11.0), epoch(1, "c", 3, 10.0),
                new TrialFailed("s", "s-t1", 3, "diverged at epoch 4: ...", "w2", 1));

        LeaderboardSnapshot snapshot = tracker.snapshot(state).orElseThrow();

        assertThat(snapshot.epochsTrained()).as("spent").isEqualTo(6);
        assertThat(snapshot.epochsRedone()).as("both lost attempts of the trial given up; none of the diverged one's")
                .isEqualTo(3);
        assertThat(snapshot.epochsOfPlan()).as("the diverged trial's three").isEqualTo(3);
    }

    @Test
    void tracker_epochReportsOvertakenByTheTerminalEventStillCompleteTheCurve() {
        // The terminal event commits in a transaction; the last epoch report is a plain send and can arrive after it.
        apply(submitted(2, "asha"), started(0, "a"), epoch(0, "a", 1, 10.0), completed(0, 2, 9.0));

        List<Output> late = apply(epoch(0, "a", 2, 9.0), epoch(0, "a", 3, 8.0));

        assertThat(state.trials().get("s-t0").curve()).containsExactly(10.0, 9.0);
        assertThat(state.trials().get("s-t0").epochs()).isEqualTo(2);
        assertThat(state.epochsTrained()).isEqualTo(2);
        assertThat(late).noneMatch(o -> o.destination() == Output.Destination.CONTROL);
    }

    @Test
    void tracker_aLostEpochReport_isFilledInAndTheCurveGoesOn() {
        // Epoch reports are plain sends: in a broker fault one can be lost while the next ones arrive.
        apply(submitted(1, "none"), started(0, "a"), epoch(0, "a", 1, 10.0));

        apply(epoch(0, "a", 4, 7.0), epoch(0, "a", 5, 6.5), epoch(0, "a", 3, 99.0));

        assertThat(state.trials().get("s-t0").curve()).containsExactly(10.0, 9.0, 8.0, 7.0, 6.5);
        assertThat(state.trials().get("s-t0").epochs()).isEqualTo(5);
        assertThat(state.epochsTrained()).isEqualTo(5);
    }

    @Test
    void tracker_aLostFirstEpochReport_takesTheNextOnesValue() {
        apply(submitted(1, "none"), started(0, "a"), epoch(0, "a", 2, 9.0));

        assertThat(state.trials().get("s-t0").curve()).containsExactly(9.0, 9.0);
    }

    @Test
    void tracker_aLostEpochReport_stillLetsTheMedianRuleJudgeTheTrial() {
        // Five trials report 15 epochs at MSE 10 (the rule's defaults: 5 trials, 10 warm-up epochs);
        // the sixth reports epoch 1, loses 2-11, and is far worse at 12.
        List<Message> messages = new ArrayList<>(List.of(submitted(6, "median")));
        for (int i = 0; i < 5; i++) {
            messages.add(started(i, "a"));
            for (int e = 1; e <= 15; e++) {
                messages.add(epoch(i, "a", e, 10.0));
            }
        }
        messages.add(started(5, "a"));
        messages.add(epoch(5, "a", 1, 40.0));
        apply(messages.toArray(Message[]::new));

        List<Output> out = apply(epoch(5, "a", 12, 40.0));

        assertThat(out).filteredOn(o -> o.destination() == Output.Destination.CONTROL).extracting(Output::message)
                .singleElement().isInstanceOfSatisfying(StopTrial.class, stop -> assertThat(stop.trialId()).isEqualTo("s-t5"));
    }

    @Test
    void tracker_aTrialStartingIsProgress_itsSnapshotWaitsForTheNextTick() {
        apply(submitted(2, "none"));

        Applied started = tracker.apply(state, started(0, "a"));

        assertThat(started.changed()).isTrue();
        assertThat(started.progress()).isTrue();
        assertThat(started.outputs()).isEmpty();
        assertThat(tracker.snapshot(state).orElseThrow().counts().running()).isEqualTo(1);
    }

    @Test
    void tracker_aStartArrivingAfterItsTrialEndedStillGivesTheTrialItsParameters() {
        List<Output> out = apply(submitted(1, "none"), completed(0, 20, 5.0), started(0, "a"));

        assertThat(finalFits(out)).singleElement().satisfies(fit -> assertThat(fit.params()).isEqualTo(params(0)));
        assertThat(lastSnapshot(out).top()).singleElement().satisfies(e -> assertThat(e.trialId()).isEqualTo("s-t0"));
    }

    @Test
    void tracker_aStartArrivingAfterItsTrialEndedStillTakesTheAttemptsEpochReports() {
        apply(submitted(1, "none"), completed(0, 2, 9.0), started(0, "a"));

        apply(epoch(0, "a", 1, 10.0), epoch(0, "a", 2, 9.0), epoch(0, "a", 3, 8.0));

        assertThat(state.trials().get("s-t0").curve()).containsExactly(10.0, 9.0);
        assertThat(state.trials().get("s-t0").epochs()).isEqualTo(2);
    }

    @Test
    void tracker_duplicateEpochReportsCountOnce() {
        apply(submitted(1, "none"), started(0, "a"), epoch(0, "a", 1, 10.0));

        Applied again = tracker.apply(state, epoch(0, "a", 1, 10.0));

        assertThat(again.changed()).isFalse();
        assertThat(again.progress()).isFalse();
        assertThat(again.outputs()).isEmpty();
        assertThat(state.epochsTrained()).isEqualTo(1);
    }

    @Test
    void tracker_epochProgressLeavesTheLeaderboardToTheCaller() {
        apply(submitted(1, "none"), started(0, "a"));

        Applied progressed = tracker.apply(state, epoch(0, "a", 1, 10.0));

        assertThat(progressed.changed()).isTrue();
        assertThat(progressed.progress()).isTrue();
        assertThat(progressed.outputs()).isEmpty();
        assertThat(tracker.snapshot(state).orElseThrow().epochsTrained()).isEqualTo(1);
    }

    @Test
    void tracker_aTrialEndingIsProgressUntilTheLastOneMovesTheSearchOn() {
        apply(submitted(2, "none"), started(0, "a"), started(1, "a"));

        Applied first = tracker.apply(state, completed(0, 20, 12.0));
        Applied last = tracker.apply(state, completed(1, 20, 9.0));

        assertThat(first.changed()).isTrue();
        assertThat(first.progress()).isTrue();
        assertThat(first.outputs()).noneMatch(o -> o.destination() == Output.Destination.LEADERBOARD);
        assertThat(tracker.snapshot(state).orElseThrow().counts().completed()).isEqualTo(2);
        assertThat(last.progress()).isFalse();
        assertThat(lastSnapshot(last.outputs()).status()).isEqualTo(SearchStatus.FINAL_FIT);
    }

    @Test
    void tracker_otherChangesPublishTheLeaderboardAtOnce() {
        Applied started = tracker.apply(state, submitted(1, "none"));

        assertThat(started.progress()).isFalse();
        assertThat(started.outputs()).last().satisfies(o -> {
            assertThat(o.destination()).isEqualTo(Output.Destination.LEADERBOARD);
            assertThat(((LeaderboardSnapshot) o.message()).counts().requested()).isEqualTo(1);
        });
    }

    @Test
    void tracker_pruningSendsOneStopRequest() {
        apply(submitted(4, "asha"));
        // asha: minEpochs 5, eta 3. Three good trials reach rung 5 first.
        for (int i = 0; i < 3; i++) {
            apply(started(i, "a"));
            for (int e = 1; e <= 5; e++) {
                apply(epoch(i, "a", e, 1.0 + i));
            }
        }
        apply(started(3, "a"));
        List<Output> out = new ArrayList<>();
        for (int e = 1; e <= 5; e++) {
            out.addAll(apply(epoch(3, "a", e, 50.0)));
        }
        out.addAll(apply(epoch(3, "a", 6, 50.0)));

        List<StopTrial> stops = out.stream().filter(o -> o.destination() == Output.Destination.CONTROL)
                .filter(o -> o.message() instanceof StopTrial).map(o -> (StopTrial) o.message()).toList();
        assertThat(stops).singleElement().satisfies(stop -> {
            assertThat(stop.trialId()).isEqualTo("s-t3");
            assertThat(stop.reason()).startsWith("asha rung 5: 50.00 not in the best 1/3 of 4 trials");
        });
    }

    @Test
    void tracker_publishesTheRungCutoffsWhenATrialRecordsARung() {
        apply(submitted(4, "asha"));
        // asha: rungs 5 and 15, eta 3, cutting from the first trial on.
        apply(started(0, "a"), started(1, "a"));
        List<Output> beforeRung = new ArrayList<>();
        for (int e = 1; e <= 4; e++) {
            beforeRung.addAll(apply(epoch(0, "a", e, 10.0)));
        }
        List<Output> first = apply(epoch(0, "a", 5, 10.0));
        for (int e = 1; e <= 4; e++) {
            apply(epoch(1, "a", e, 40.0));
        }
        List<Output> second = apply(epoch(1, "a", 5, 40.0));

        assertThat(beforeRung).noneMatch(o -> o.message() instanceof RungCutoffs);
        RungCutoffs afterFirst = cutoffs(first);
        assertThat(afterFirst.searchId()).isEqualTo("s");
        assertThat(afterFirst.rungs()).singleElement().satisfies(rung -> {
            assertThat(rung.epoch()).isEqualTo(5);
            assertThat(rung.cutoff()).isEqualTo(10.0);
            assertThat(rung.trials()).isEqualTo(1);
        });
        // The second trial's 40 moved the bound to the 1/3 quantile of {10, 40}: 20.
        RungCutoffs afterSecond = cutoffs(second);
        assertThat(afterSecond.rungs()).singleElement().satisfies(rung -> {
            assertThat(rung.cutoff()).isEqualTo(20.0);
            assertThat(rung.trials()).isEqualTo(2);
        });
        assertThat(afterSecond.stops(5, 25.0)).isPresent();
        assertThat(afterSecond.stops(5, 15.0)).isEmpty();
        assertThat(afterSecond.stops(6, 1e9)).isEmpty();
    }

    @Test
    void tracker_publishesNoCutoffsUnderTheMedianRule() {
        apply(submitted(4, "median"), started(0, "a"));
        List<Output> out = new ArrayList<>();
        for (int e = 1; e <= 20; e++) {
            out.addAll(apply(epoch(0, "a", e, 10.0)));
        }

        assertThat(out).noneMatch(o -> o.message() instanceof RungCutoffs);
    }

    private static RungCutoffs cutoffs(List<Output> outputs) {
        return outputs.stream().filter(o -> o.message() instanceof RungCutoffs)
                .peek(o -> assertThat(o.destination()).isEqualTo(Output.Destination.CONTROL))
                .map(o -> (RungCutoffs) o.message()).reduce((a, b) -> b).orElseThrow();
    }

    @Test
    void tracker_cancelledSearchEndsWithoutAFinalFit() {
        apply(submitted(2, "none"), started(0, "a"), completed(0, 20, 5.0));

        List<Output> out = apply(new SearchCancelled("s", "user asked", 1),
                new TrialPruned("s", "s-t1", 0, Double.NaN, "search cancelled before this trial started: user asked",
                        "w", 1));

        assertThat(finalFits(out)).isEmpty();
        assertThat(lastSnapshot(out).status()).isEqualTo(SearchStatus.CANCELLED);
        assertThat(lastSnapshot(out).done()).isTrue();
    }

    @Test
    void refit_ofASearchCancelledWithoutAModel_fitsTheTrialsThatCompleted() {
        apply(submitted(2, "none"), started(0, "a"), completed(0, 20, 5.0), new SearchCancelled("s", "user asked", 1),
                new TrialPruned("s", "s-t1", 0, Double.NaN, "search cancelled before this trial started: user asked",
                        "w", 1));
        assertThat(state.status()).isEqualTo(SearchStatus.CANCELLED);

        List<Output> refit = apply(new RefitRequested("s", "a model after all", 2));

        assertThat(finalFits(refit)).singleElement().extracting(FinalFitRequested::trialId).isEqualTo("s-t0");
        assertThat(lastSnapshot(refit).status()).isEqualTo(SearchStatus.FINAL_FIT);
        assertThat(state.endedAt()).isZero();
        List<Output> done = apply(new FinalFitCompleted("s", "s-t0", 20, MessageSamples.METRICS,
                MessageSamples.TRAIN, 2.0, "w", 3));
        assertThat(lastSnapshot(done).status()).isEqualTo(SearchStatus.DONE);
        assertThat(lastSnapshot(done).finalTest()).isEqualTo(MessageSamples.METRICS);
    }

    @Test
    void refit_ofASearchStillCancelling_fitsOnceItsTrialsEnded() {
        apply(submitted(2, "none"), started(0, "a"), completed(0, 20, 5.0), started(1, "a"),
                new SearchCancelled("s", "user asked", 1));

        List<Output> refit = apply(new RefitRequested("s", "a model after all", 2));

        assertThat(finalFits(refit)).isEmpty(); // trial 1 is still stopping
        assertThat(lastSnapshot(refit).status()).isEqualTo(SearchStatus.FINISHING);
        assertThat(finalFits(apply(new TrialPruned("s", "s-t1", 3, 9.0, "search cancelled", "w", 3))))
                .singleElement().extracting(FinalFitRequested::trialId).isEqualTo("s-t0");
    }

    @Test
    void refit_ofACancelledSearchWithNoCompletedTrial_changesNothing() {
        apply(submitted(2, "none"), started(0, "a"), new SearchCancelled("s", "user asked", 1));

        assertThat(apply(new RefitRequested("s", "nothing completed", 2))).isEmpty();
        assertThat(state.status()).isEqualTo(SearchStatus.CANCELLING);
    }

    @Test
    void tracker_aCancelThatAsksForTheModel_fitsItOnTheTrialsThatCompleted() {
        apply(submitted(3, "none"), started(0, "a"), completed(0, 20, 5.0), started(1, "a"));

        List<Output> cancelling = apply(new SearchCancelled("s", "interrupted", 1, true));
        assertThat(finalFits(cancelling)).isEmpty(); // trial 1 runs and trial 2 is queued: they end first
        assertThat(lastSnapshot(cancelling).status()).isEqualTo(SearchStatus.FINISHING);
        List<Output> out = apply(new TrialPruned("s", "s-t1", 3, 9.0, "search cancelled: interrupted", "w", 1),
                new TrialPruned("s", "s-t2", 0, Double.NaN, "search cancelled before this trial started: interrupted",
                        "w", 1));

        assertThat(finalFits(out)).singleElement().extracting(FinalFitRequested::trialId).isEqualTo("s-t0");
        assertThat(lastSnapshot(out).status()).isEqualTo(SearchStatus.FINAL_FIT);
        List<Output> done = apply(new FinalFitCompleted("s", "s-t0", 20, MessageSamples.METRICS,
                MessageSamples.TRAIN, 2.0, "w", 1));
        assertThat(lastSnapshot(done).status()).isEqualTo(SearchStatus.DONE);
        assertThat(lastSnapshot(done).finalTest()).isEqualTo(MessageSamples.METRICS);
    }

    @Test
    void tracker_theLatestCancelDecidesAboutTheModel_andARestartKeepsIt() {
        apply(submitted(2, "none"), started(0, "a"), completed(0, 20, 5.0), started(1, "a"),
                new SearchCancelled("s", "interrupted", 1, true));
        SearchState restored = StateCodec.readSearch(StateCodec.search(state));
        assertThat(restored.status()).isEqualTo(SearchStatus.FINISHING);
        assertThat(restored.cancelledWithoutModel()).isFalse();

        assertThat(lastSnapshot(apply(new SearchCancelled("s", "no model after all", 2, false))).status())
                .isEqualTo(SearchStatus.CANCELLING);
        List<Output> out = apply(new TrialPruned("s", "s-t1", 3, 9.0, "search cancelled", "w", 3));

        assertThat(finalFits(out)).isEmpty();
        assertThat(lastSnapshot(out).status()).isEqualTo(SearchStatus.CANCELLED);
    }

    @Test
    void tracker_aCancelArrivingDuringTheFinalFitChangesNothing_andTheSearchEndsDoneWithItsModel() {
        apply(submitted(1, "none"), started(0, "a"), completed(0, 20, 5.0));
        assertThat(state.status()).isEqualTo(SearchStatus.FINAL_FIT);

        // The user's CLI saw it running; by the time its cancel is applied, every trial had ended.
        assertThat(apply(new SearchCancelled("s", "user asked", 2))).isEmpty();
        assertThat(state.status()).isEqualTo(SearchStatus.FINAL_FIT);
        assertThat(state.cancelled()).isFalse();

        List<Output> done = apply(new FinalFitCompleted("s", "s-t0", 30, MessageSamples.METRICS,
                MessageSamples.TRAIN, 2.0, "w", 3));
        assertThat(lastSnapshot(done).status()).isEqualTo(SearchStatus.DONE);
        assertThat(lastSnapshot(done).finalTest()).isEqualTo(MessageSamples.METRICS);
    }

    @Test
    void tracker_aCancelArrivingAfterTheSearchEndedChangesNothing() {
        apply(submitted(1, "none"), started(0, "a"), completed(0, 20, 5.0),
                new FinalFitCompleted("s", "s-t0", 30, MessageSamples.METRICS, MessageSamples.TRAIN, 2.0, "w", 3));
        assertThat(apply(new SearchCancelled("s", "too late", 4, true))).isEmpty();
        assertThat(state.status()).isEqualTo(SearchStatus.DONE);

        SearchState nothing = new SearchState("s2");
        tracker.apply(nothing, new SearchSubmitted("s2", MessageSamples.queuedAtOnce(), MessageSamples.DATASET, 1, 1, 1));
        tracker.apply(nothing, new TrialPruned("s2", "s2-t0", 1, 9.0, "asha rung 1", "w", 1));
        assertThat(nothing.status()).isEqualTo(SearchStatus.NO_RESULT);
        assertThat(tracker.apply(nothing, new SearchCancelled("s2", "too late", 2)).outputs()).isEmpty();
        assertThat(nothing.status()).isEqualTo(SearchStatus.NO_RESULT);
    }

    @Test
    void tracker_aCancelAbandoningTheFinalFit_endsTheSearchCancelledWithoutAModel_andALateFitIsIgnored() {
        apply(submitted(1, "none"), started(0, "a"), completed(0, 20, 5.0));
        assertThat(state.status()).isEqualTo(SearchStatus.FINAL_FIT);

        List<Output> abandoned = apply(new SearchCancelled("s", "no worker to fit it", 2, false, true));

        assertThat(lastSnapshot(abandoned).status()).isEqualTo(SearchStatus.CANCELLED);
        assertThat(lastSnapshot(abandoned).done()).isTrue();
        assertThat(finalFits(abandoned)).isEmpty();
        assertThat(state.cancelReason).isEqualTo("no worker to fit it");
        assertThat(state.finalReason).isEqualTo("cancelled: no worker to fit it (its final fit abandoned)");
        assertThat(state.endedAt()).isEqualTo(1000);
        assertThat(StateCodec.readSearch(StateCodec.search(state)).status()).isEqualTo(SearchStatus.CANCELLED);
        // The fit that was under way answers after all: nothing changes, no model is recorded.
        assertThat(apply(new FinalFitCompleted("s", "s-t0", 30, MessageSamples.METRICS, MessageSamples.TRAIN, 2.0,
                "w", 3))).isEmpty();
        assertThat(state.status()).isEqualTo(SearchStatus.CANCELLED);
        assertThat(state.finalTest).isNull();
        assertThat(apply(new FinalFitFailed("s", "s-t0", "out of memory", "w", 4))).isEmpty();
        assertThat(state.status()).isEqualTo(SearchStatus.CANCELLED);
    }

    @Test
    void refit_ofASearchWhoseFinalFitWasAbandoned_asksForTheSameFitAgain() {
        List<FinalFitRequested> first = finalFits(apply(submitted(2, "none"), started(0, "a"), started(1, "a"),
                completed(0, 20, 9.0), completed(1, 20, 11.0)));
        assertThat(lastSnapshot(apply(new SearchCancelled("s", "no worker to fit it", 2, false, true))).status())
                .isEqualTo(SearchStatus.CANCELLED);

        List<Output> refit = apply(new RefitRequested("s", "a worker is back", 3));

        assertThat(finalFits(refit)).containsExactlyElementsOf(first);
        assertThat(lastSnapshot(refit).status()).isEqualTo(SearchStatus.FINAL_FIT);
        assertThat(state.endedAt()).isZero();
        assertThat(lastSnapshot(apply(new FinalFitCompleted("s", "s-t0", 30, MessageSamples.METRICS,
                MessageSamples.TRAIN, 2.0, "w", 4))).status()).isEqualTo(SearchStatus.DONE);
    }

    @Test
    void tracker_aCancelAbandoningTheFinalFit_sentWhileTheSearchRan_endsItCancelledWhenItsFitStartedMeanwhile() {
        apply(submitted(2, "none"), started(0, "a"), started(1, "a"), completed(0, 20, 5.0));
        assertThat(state.status()).isEqualTo(SearchStatus.RUNNING);

        // Sent while running, it arrives after the last trial ended and the final fit was asked for.
        List<Output> fit = apply(completed(1, 20, 6.0));
        assertThat(finalFits(fit)).hasSize(1);
        assertThat(lastSnapshot(apply(new SearchCancelled("s", "user asked", 2, false, true))).status())
                .isEqualTo(SearchStatus.CANCELLED);
    }

    @Test
    void tracker_aCancelAbandoningTheFinalFit_afterAFailedFit_endsItCancelled_butAfterADoneOneChangesNothing() {
        apply(submitted(1, "none"), started(0, "a"), completed(0, 20, 5.0),
                new FinalFitFailed("s", "s-t0", "out of memory", "w", 2));
        assertThat(state.status()).isEqualTo(SearchStatus.FINAL_FIT_FAILED);
        assertThat(lastSnapshot(apply(new SearchCancelled("s", "no model then", 3, false, true))).status())
                .isEqualTo(SearchStatus.CANCELLED);

        SearchState done = new SearchState("s2");
        tracker.apply(done, new SearchSubmitted("s2", MessageSamples.queuedAtOnce(), MessageSamples.DATASET, 1, 1, 1));
        tracker.apply(done, new TrialStarted("s2", "s2-t0", 0, params(0), 7, "a", "w", 1));
        tracker.apply(done, new TrialCompleted("s2", "s2-t0", 20, cv(5.0), 1.0, "w", 1));
        tracker.apply(done, new FinalFitCompleted("s2", "s2-t0", 30, MessageSamples.METRICS, MessageSamples.TRAIN, 2.0,
                "w", 3));
        assertThat(done.status()).isEqualTo(SearchStatus.DONE);
        assertThat(tracker.apply(done, new SearchCancelled("s2", "too late", 4, false, true)).outputs()).isEmpty();
        assertThat(done.status()).isEqualTo(SearchStatus.DONE);
    }

    /** A tpe search whose spec leaves parallelism open: the submitter settled it and says so in the message. */
    private static SearchSubmitted tpe(int trials, int parallelism) {
        SearchSpec spec = SpecOverrides.none().withTrials(trials).withEpochs(20).withStrategy("tpe")
                .applyTo(MessageSamples.queuedAtOnce());
        return new SearchSubmitted("s", spec, MessageSamples.DATASET, trials, parallelism, 1);
    }

    private static List<dev.trialstream.core.message.TrialRequested> proposals(List<Output> outputs) {
        return outputs.stream().filter(o -> o.message() instanceof dev.trialstream.core.message.TrialRequested)
                .map(o -> (dev.trialstream.core.message.TrialRequested) o.message()).toList();
    }

    private static SlotsGranted grant(int slots) {
        return new SlotsGranted("s", slots, 1);
    }

    private static List<SearchDemand> demands(List<Output> outputs) {
        return outputs.stream().filter(o -> o.destination() == Output.Destination.SCHEDULE)
                .map(o -> (SearchDemand) o.message()).toList();
    }

    @Test
    void tracker_adaptiveSearchProposesOneTrialPerGrantedSlotUntilTheBudget() {
        List<Output> out = new ArrayList<>(apply(tpe(5, 2)));
        // The submitter queued trials 0 and 1; each slot the scheduler grants releases one proposal.
        for (int i = 0; i < 5; i++) {
            out.addAll(apply(started(i, "a"), completed(i, 20, 10.0 - i), grant(1)));
        }

        List<dev.trialstream.core.message.TrialRequested> proposed = proposals(out);
        assertThat(proposed).extracting(t -> t.trialId()).containsExactly("s-t0002", "s-t0003", "s-t0004");
        assertThat(proposed).allSatisfy(t -> {
            assertThat(t.dataset()).isEqualTo(MessageSamples.DATASET);
            assertThat(t.cv()).isEqualTo(CvPlan.of(tpe(5, 2).spec()));
            assertThat(t.cv().maxEpochs()).isEqualTo(20);
        });
        assertThat(out).filteredOn(o -> o.destination() == Output.Destination.TRIALS
                && o.message() instanceof dev.trialstream.core.message.TrialRequested)
                // Keyed by the lane each queues in: trial 0's, then 1's, then 2's (lane 0 again).
                .extracting(Output::key).containsExactly("s-lane0", "s-lane1", "s-lane0");
    }

    @Test
    void tracker_endingTrialsReleaseNothingWithoutAGrant() {
        List<Output> out = new ArrayList<>(apply(tpe(5, 2)));
        out.addAll(apply(started(0, "a"), completed(0, 20, 9.0), started(1, "a"), completed(1, 20, 8.0)));

        assertThat(proposals(out)).isEmpty();
        assertThat(demands(out)).extracting(SearchDemand::issued, SearchDemand::ended, SearchDemand::active)
                .containsExactly(tuple(2, 0L, true), tuple(2, 1L, true), tuple(2, 2L, true));
    }

    @Test
    void tracker_gridSearchIsMeteredToItsParallelism() {
        SearchSpec spec = SpecOverrides.none().withTrials(6).withEpochs(20).withStrategy("random")
                .applyTo(SearchSpec.defaultFor("boston"));
        SearchSubmitted search = new SearchSubmitted("s", spec, MessageSamples.DATASET, 6, 2, 1);
        List<Output> out = new ArrayList<>(apply(search));
        // The submitter queued trials 0 and 1 (its first batch); a grant of 3 releases 2, 3 and 4.
        List<Output> granted = apply(grant(3));
        out.addAll(granted);

        assertThat(granted).as("a grant shows nowhere on the leaderboard")
                .noneMatch(o -> o.destination() == Output.Destination.LEADERBOARD);
        assertThat(proposals(out)).extracting(t -> t.trialId()).containsExactly("s-t0002", "s-t0003", "s-t0004");
        List<dev.trialstream.core.strategy.TrialPlan> plans = state.strategy().initialTrials();
        assertThat(proposals(out)).extracting(t -> t.params())
                .containsExactly(plans.get(2).params(), plans.get(3).params(), plans.get(4).params());
        // Beyond the budget a grant releases what is left, and is counted all the same.
        out.addAll(apply(grant(4)));
        assertThat(proposals(out)).hasSize(4);
        SearchDemand last = demands(out).get(demands(out).size() - 1);
        assertThat(last).extracting(SearchDemand::issued, SearchDemand::granted, SearchDemand::parallelism,
                SearchDemand::weight).containsExactly(6, 7L, 2, 2);
    }

    @Test
    void tracker_releasesTheNextTrialIntoTheLaneThatFreed_soItQueuesWhereASlotJustFinished() {
        SearchSpec spec = SpecOverrides.none().withTrials(12).withEpochs(20).withStrategy("random")
                .applyTo(SearchSpec.defaultFor("boston"));
        apply(new SearchSubmitted("s", spec, MessageSamples.DATASET, 12, 4, 1));
        // Trials with the ids the aggregator gives them (s-t0005), as the lanes look them up.
        java.util.function.IntFunction<String> id = i -> dev.trialstream.core.message.TrialRequested.idFor("s", i);
        for (int i = 0; i < 4; i++) {
            apply(new TrialStarted("s", id.apply(i), i, params(i), 100 + i, "a", "w", 1));
        }

        List<Output> released = new ArrayList<>();
        for (int ended : new int[] {1, 3}) {
            released.addAll(apply(new TrialCompleted("s", id.apply(ended), 20, cv(5.0), 1.0, "w", 1), grant(1)));
        }
        apply(new TrialStarted("s", id.apply(5), 5, params(5), 105, "a", "w", 1));
        released.addAll(apply(new TrialCompleted("s", id.apply(5), 20, cv(5.0), 1.0, "w", 1), grant(1)));

        // In index order, whichever lane freed: trial 1 ended, so lane 1 releases 4; trial 3, lane 3
        // releases 5; trial 5 (lane 3's), lane 3 releases 6 — lane 3's slot got three trials, lane 0's one.
        List<Output> trials = released.stream().filter(o -> o.destination() == Output.Destination.TRIALS).toList();
        assertThat(proposals(trials)).extracting(dev.trialstream.core.message.TrialRequested::index)
                .containsExactly(4, 5, 6);
        assertThat(trials).extracting(Output::key).containsExactly("s-lane1", "s-lane3", "s-lane3");
        // The lanes are state: a restarted aggregator goes on from them.
        SearchState restored = StateCodec.readSearch(StateCodec.search(state));
        assertThat(restored.laneLast()).containsExactly(0, 4, 2, 6);
    }

    @Test
    void tracker_rebuildsTheLanesOfStateStoredWithoutThem_asTheFirstBatchWasQueued() {
        SearchSpec spec = SpecOverrides.none().withTrials(12).withEpochs(20).withStrategy("random")
                .applyTo(SearchSpec.defaultFor("boston"));
        apply(new SearchSubmitted("s", spec, MessageSamples.DATASET, 12, 4, 1));
        state.issued = 6;

        assertThat(state.laneLast()).containsExactly(4, 5, 2, 3);
    }

    @Test
    void tracker_cancelledSearchLeavesTheFleetAtOnceAndReleasesNoMore() {
        apply(tpe(8, 2), started(0, "a"));

        List<Output> out = apply(new dev.trialstream.core.message.SearchCancelled("s", "user", 2), grant(2));

        assertThat(demands(out)).first().extracting(SearchDemand::active).isEqualTo(false);
        assertThat(proposals(out)).isEmpty();
        // It is over once the trials it released have ended: the six never released do not count.
        apply(new TrialPruned("s", "s-t0", 1, 9.0, "search cancelled: user", "w", 3),
                new TrialPruned("s", "s-t1", 0, Double.NaN, "search cancelled before this trial started: user", "w", 3));
        assertThat(state.status()).isEqualTo(dev.trialstream.core.status.SearchStatus.CANCELLED);
        assertThat(tracker.snapshot(state).orElseThrow().counts().requested()).isZero();
    }

    @Test
    void tracker_proposalsAreNotRepeatedAfterARestart() {
        apply(tpe(4, 1), started(0, "a"), completed(0, 20, 9.0), grant(1));
        SearchState restored = StateCodec.readSearch(StateCodec.search(state));
        for (TrialRecord trial : state.trials().values()) {
            StateCodec.attach(restored, StateCodec.readTrial(StateCodec.trial(trial)));
        }

        // The release of trial 1 was made before the restart; the same events again release nothing.
        assertThat(proposals(tracker.apply(restored, completed(0, 20, 9.0)).outputs())).isEmpty();
        assertThat(proposals(tracker.apply(restored, started(1, "a")).outputs())).isEmpty();
        assertThat(proposals(tracker.apply(restored, completed(1, 20, 8.0)).outputs())).isEmpty();
        assertThat(proposals(tracker.apply(restored, grant(1)).outputs()))
                .extracting(t -> t.trialId()).containsExactly("s-t0002");
        assertThat(restored.granted).isEqualTo(2);
    }

    /** Out-of-fold rows: the truth, and predictions off it by {@code sign × (1, 2, 3, 4)}. */
    private static final float[] TRUTH = {10, 20, 30, 40};

    private static OutOfFold offBy(double sign) {
        float[] predictions = new float[TRUTH.length];
        for (int i = 0; i < TRUTH.length; i++) {
            predictions[i] = (float) (TRUTH[i] + sign * (i + 1));
        }
        return new OutOfFold(predictions, TRUTH);
    }

    private static TrialCompleted completed(int i, double mse, OutOfFold oof) {
        return new TrialCompleted("s", "s-t" + i, 20, cv(mse), 1.0, "w", 1, oof);
    }

    @Test
    void tracker_selectsTheEnsembleFromTheCompletedTrialsOutOfFoldPredictions() {
        // Trials 0 and 1 err in opposite directions: their mean is exact. Trial 2 is far off.
        List<Output> out = apply(submitted(3, "none"), started(0, "a"), completed(0, 9.0, offBy(1)),
                started(1, "a"), completed(1, 9.5, offBy(-1)), started(2, "a"), completed(2, 8.0, offBy(5)));

        EnsembleSummary ensemble = lastSnapshot(out).ensemble();
        assertThat(ensemble.members()).containsExactlyInAnyOrder(new EnsembleMember("s-t0", 0.5),
                new EnsembleMember("s-t1", 0.5));
        assertThat(ensemble.rounds()).isEqualTo(2);
        assertThat(ensemble.outOfFold().mse()).isEqualTo(0.0);
        assertThat(ensemble.outOfFold().n()).isEqualTo(4);
    }

    @Test
    void tracker_baggedSelectionPoolsItsBagsChoices() {
        SearchSpec spec = SpecOverrides.none().withTrials(3).withEpochs(20).applyTo(MessageSamples.queuedAtOnce());
        SearchSpec bagged = new SearchSpec(spec.name(), spec.data(), spec.cv(), spec.strategy(), spec.training(),
                spec.pruning(), spec.parallelism(), spec.space(), new EnsembleSpec(2, 20));
        // Three kept trials, fewer than a bag's least: every bag holds all three and chooses t0 and t1
        // once each, so the pool is half each over 20 x 2 rounds.
        List<Output> out = apply(new SearchSubmitted("s", bagged, MessageSamples.DATASET, 3, 3, 1),
                started(0, "a"), completed(0, 9.0, offBy(1)), started(1, "a"), completed(1, 9.5, offBy(-1)),
                started(2, "a"), completed(2, 8.0, offBy(5)));

        EnsembleSummary ensemble = lastSnapshot(out).ensemble();
        assertThat(ensemble.members()).containsExactlyInAnyOrder(new EnsembleMember("s-t0", 0.5),
                new EnsembleMember("s-t1", 0.5));
        assertThat(ensemble.rounds()).isEqualTo(40);
        assertThat(ensemble.outOfFold().mse()).isEqualTo(0.0);
    }

    @Test
    void tracker_finalFitTrainsTheEnsemblesMembersWithTheirWeights() {
        List<Output> out = apply(submitted(3, "none"), started(0, "a"), completed(0, 9.0, offBy(1)),
                started(1, "a"), completed(1, 9.5, offBy(-1)), started(2, "a"), completed(2, 8.0, offBy(5)));

        FinalFitRequested fit = finalFits(out).get(0);
        assertThat(fit.trialId()).as("the best single trial").isEqualTo("s-t2");
        // Each for its trial's 20 epochs times the default finalEpochScale, 1.5.
        assertThat(fit.ensemble()).containsExactlyInAnyOrder(
                new FinalFitMember("s-t0", params(0), 100, 30, 0.5), new FinalFitMember("s-t1", params(1), 101, 30, 0.5));
    }

    @Test
    void tracker_ensembleOffKeepsNoPredictionsAndFitsTheWinnerAlone() {
        SearchSpec spec = SpecOverrides.none().withTrials(2).withEpochs(20).applyTo(MessageSamples.queuedAtOnce());
        SearchSpec off = new SearchSpec(spec.name(), spec.data(), spec.cv(), spec.strategy(), spec.training(),
                spec.pruning(), spec.parallelism(), spec.space(), EnsembleSpec.off());
        List<Output> out = apply(new SearchSubmitted("s", off, MessageSamples.DATASET, 2, 2, 1), started(0, "a"),
                completed(0, 9.0, offBy(1)), started(1, "a"), completed(1, 9.5, offBy(-1)));

        assertThat(lastSnapshot(out).ensemble()).isNull();
        assertThat(state.trials().values()).allSatisfy(t -> assertThat(t.outOfFold()).isEmpty());
        assertThat(finalFits(out).get(0).ensemble()).isEmpty();
        assertThat(finalFits(out).get(0).members()).containsExactly(new FinalFitMember("s-t0", params(0), 100, 30, 1.0));
    }

    @Test
    void tracker_noEnsembleWhileNoCompletedTrialCarriedPredictions() {
        List<Output> out = apply(submitted(2, "none"), started(0, "a"), completed(0, 20, 9.0));

        assertThat(lastSnapshot(out).ensemble()).isNull();
    }

    @Test
    void tracker_keepsOnlyTheBestTrialsOutOfFoldPredictions() {
        int trials = EnsemblePool.KEPT + 3;
        apply(submitted(trials, "none"));
        // Completed worst first, so every late arrival pushes the worst kept one out.
        for (int i = trials - 1; i >= 0; i--) {
            apply(started(i, "a"), completed(i, 5.0 + i, offBy(i % 2 == 0 ? 1 : -1)));
        }

        assertThat(state.trials().values()).filteredOn(t -> t.outOfFold().isPresent())
                .extracting(TrialRecord::trialId).hasSize(EnsemblePool.KEPT)
                .doesNotContain("s-t" + EnsemblePool.KEPT, "s-t" + (EnsemblePool.KEPT + 1), "s-t" + (trials - 1));
        assertThat(state.alsoChanged()).as("dropped trials' entries await rewriting").contains("s-t" + (trials - 1));
    }

    @Test
    void state_buildsItsStrategyAndPruningPlansOnceAndDoesNotStoreThem() throws Exception {
        apply(tpe(4, 1), started(0, "a"), epoch(0, "a", 1, 9.0), completed(0, 20, 9.0));

        assertThat(state.strategy()).isSameAs(state.strategy());
        assertThat(state.pruningPlans()).isSameAs(state.pruningPlans());
        byte[] stored = StateCodec.search(state);
        com.fasterxml.jackson.databind.JsonNode json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(stored);
        assertThat(json.has("strategy")).isFalse();
        assertThat(json.has("pruningPlans")).isFalse();
        // A state read back (a restart) builds its own, the same from the same spec.
        SearchState restored = StateCodec.readSearch(stored);
        assertThat(restored.strategy()).isNotSameAs(state.strategy());
        assertThat(restored.strategy().initialTrials()).isEqualTo(state.strategy().initialTrials());
        assertThat(restored.pruningPolicy()).isEqualTo(state.pruningPolicy()).isEqualTo("none");
    }

    @Test
    void state_readsAnEntryWrittenWithTheSpecCopies() throws Exception {
        // As the aggregator wrote it before the copies of spec fields (and the pruning spec) were
        // dropped, with standardizeTarget false, one trial ended and no trial entries.
        byte[] old;
        try (var in = getClass().getResourceAsStream("/state/search-entry-before-spec-copies-removed.json")) {
            old = in.readAllBytes();
        }

        SearchState restored = StateCodec.readSearch(old);

        assertThat(restored.submitted()).isTrue();
        assertThat(restored.pruningPolicy()).isEqualTo("median");
        LeaderboardSnapshot board = tracker.snapshot(restored).orElseThrow();
        assertThat(board.name()).isEqualTo("boston-default");
        assertThat(board.epochBudget()).isEqualTo(60);
        List<Output> out = new ArrayList<>();
        for (int i = 1; i <= 2; i++) {
            out.addAll(tracker.apply(restored, started(i, "a")).outputs());
            out.addAll(tracker.apply(restored, completed(i, 20, 5.0 + i)).outputs());
        }
        assertThat(finalFits(out)).singleElement().satisfies(fit -> {
            assertThat(fit.trialId()).isEqualTo("s-t1");
            assertThat(fit.standardizeTarget()).isFalse();
            assertThat(fit.dataset()).isEqualTo(MessageSamples.DATASET);
        });
    }

    @Test
    void state_stillWritesTheSpecCopiesEarlierAggregatorsRead() throws Exception {
        apply(submitted(3, "median"));

        com.fasterxml.jackson.databind.JsonNode json =
                new com.fasterxml.jackson.databind.ObjectMapper().readTree(StateCodec.search(state));

        assertThat(json.path("name").asText()).isEqualTo("boston-default");
        assertThat(json.path("maxEpochs").asInt()).isEqualTo(20);
        assertThat(json.path("standardizeTarget").isBoolean()).isTrue();
        assertThat(json.path("trialBudget").asInt()).isEqualTo(3);
        assertThat(json.has("pruning")).as("never read by any aggregator that stores the spec").isFalse();
    }

    @Test
    void state_storesItsSpecAsTheSpecTreeReadBackEqual() throws Exception {
        apply(submitted(3, "median"), started(0, "a"));
        byte[] first = StateCodec.search(state);
        apply(completed(0, 20, 9.0));

        com.fasterxml.jackson.databind.ObjectMapper mapper = new com.fasterxml.jackson.databind.ObjectMapper();
        com.fasterxml.jackson.databind.JsonNode json = mapper.readTree(StateCodec.search(state));

        assertThat(json.get("spec")).isEqualTo(mapper.readTree(mapper.writeValueAsString(state.spec())));
        assertThat(StateCodec.readSearch(first).spec()).isEqualTo(state.spec());
        assertThat(json.path("endedCount").asLong()).as("the rest of the entry is current").isEqualTo(1);
        assertThat(StateCodec.search(new SearchState("t"))).asString().contains("\"spec\":null");
    }

    @Test
    void state_survivesTheStoreCodec() {
        apply(submitted(3, "median"), started(0, "a"), epoch(0, "a", 1, 10.0), completed(0, 1, 10.0), started(1, "x"));
        SearchState restored = StateCodec.readSearch(StateCodec.search(state));
        for (TrialRecord trial : state.trials().values()) {
            StateCodec.attach(restored, StateCodec.readTrial(StateCodec.trial(trial)));
        }

        assertThat(tracker.snapshot(restored).orElseThrow())
                .usingRecursiveComparison().isEqualTo(tracker.snapshot(state).orElseThrow());
        assertThat(restored.trials().get("s-t0").curve()).containsExactly(10.0);
        assertThat(restored.trials().get("s-t1").params()).isEqualTo(params(1));
        // The search entry itself carries no trials: events rewrite one trial entry, not the search.
        assertThat(new String(StateCodec.search(state), java.nio.charset.StandardCharsets.UTF_8)).doesNotContain("s-t0");
    }

    @Test
    void state_readsATrialStoredWithTheOldStatusField() {
        TrialRecord trial = StateCodec.readTrial(("{\"trialId\":\"s-t3\",\"index\":3,\"status\":\"PRUNED\","
                + "\"curve\":[12.0,11.5],\"epochs\":2,\"reason\":\"median rule\"}")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8));

        assertThat(trial.state()).isEqualTo(TrialState.PRUNED);
        assertThat(trial.ended()).isTrue();
        assertThat(trial.lastCvMse()).isEqualTo(11.5);
    }

    @Test
    void state_ranksACompletedTrialStoredBeforeFoldScoresByItsCvMse() throws Exception {
        String params = new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(MessageSamples.PARAMS);
        TrialRecord trial = StateCodec.readTrial(("{\"trialId\":\"s-t4\",\"index\":4,\"status\":\"COMPLETED\","
                + "\"params\":" + params + ",\"epochs\":20,\"cvMse\":7.5,\"cvStd\":0.5,"
                + "\"cv\":{\"n\":300,\"mse\":7.5,\"rmse\":2.7,\"mae\":2.1,\"r2\":0.9}}")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8));

        assertThat(trial.cvMse()).isEqualTo(7.5);
        assertThat(trial.scores().orElseThrow().foldMse()).containsExactly(7.5);
        assertThat(trial.params()).isEqualTo(MessageSamples.PARAMS);
    }

    /**
     * The snapshot lists each running trial with its worker and when it started and last reported
     * an epoch (the worker's stamps), and the search's median time to a first epoch: what lets a
     * follower tell a trial whose worker hung from a slow one. An ended trial is no longer listed;
     * a restarted one is listed with its new attempt's worker and times.
     */
    @Test
    void shouldListRunningTrialsWithTheirWorkerAndEpochTimes() {
        apply(submitted(4, "none"),
                new TrialStarted("s", "s-t0", 0, params(0), 100, "a", "w-1", 10_000),
                new EpochReported("s", "s-t0", "a", 1, List.of(5.0, 5.0), 13_000),
                new EpochReported("s", "s-t0", "a", 2, List.of(4.0, 4.0), 14_000),
                new EpochReported("s", "s-t0", "a", 3, List.of(3.0, 3.0), 15_000),
                new TrialStarted("s", "s-t1", 1, params(1), 101, "a", "w-2", 10_000),
                new EpochReported("s", "s-t1", "a", 1, List.of(5.0, 5.0), 15_000),
                completed(1, 1, 5.0),
                new TrialStarted("s", "s-t2", 2, params(2), 102, "a", "w-1", 20_000),
                new EpochReported("s", "s-t2", "a", 1, List.of(5.0, 5.0), 27_000),
                new TrialStarted("s", "s-t2", 2, params(2), 102, "b", "w-3", 40_000));

        LeaderboardSnapshot snapshot = tracker.snapshot(state).orElseThrow();

        assertThat(snapshot.running()).containsExactly(
                new RunningTrial("s-t0", "w-1", 3, 10_000, 13_000, 15_000),
                new RunningTrial("s-t2", "w-3", 0, 40_000, 0, 0));
        assertThat(snapshot.running().get(0).epochMillis()).hasValue(1000);
        assertThat(snapshot.firstEpochMillis()).as("median of 3 s, 5 s and 7 s").isEqualTo(5000);
    }
}
