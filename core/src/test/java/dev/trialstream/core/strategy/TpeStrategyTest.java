package dev.trialstream.core.strategy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trialstream.core.params.Activation;
import dev.trialstream.core.params.Hyperparameters;
import dev.trialstream.core.params.ParamName;
import dev.trialstream.core.space.Domain;
import dev.trialstream.core.space.SearchSpace;
import dev.trialstream.core.spec.AdaptiveOptions;
import dev.trialstream.core.status.TrialState;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TpeStrategyTest {

    private static final int BUDGET = 60;

    private static SearchSpace space() {
        Map<ParamName, Domain> domains = new EnumMap<>(ParamName.class);
        domains.put(ParamName.LEARNING_RATE, new Domain.LogUniform(1e-5, 1.0));
        domains.put(ParamName.HIDDEN_LAYERS, new Domain.IntRange(1, 8));
        domains.put(ParamName.ACTIVATION, new Domain.Choice(List.of(Activation.RELU, Activation.TANH, Activation.ELU,
                Activation.SIGMOID)));
        return new SearchSpace(domains);
    }

    /** A cheap bowl: best at lr = 10^-2.5, 3 layers, tanh. */
    private static double objective(Hyperparameters p) {
        double lr = Math.log10(p.learningRate()) + 2.5;
        double layers = p.hiddenLayers() - 3;
        return lr * lr + 0.1 * layers * layers + (p.activation() == Activation.TANH ? 0 : 0.5);
    }

    /** Runs a search one trial at a time, as the aggregator would, and returns every trial's objective. */
    private static List<TrialOutcome> run(Strategy strategy) {
        List<TrialOutcome> finished = new ArrayList<>();
        List<TrialPlan> queue = new ArrayList<>(strategy.initialTrials());
        int issued = queue.size();
        while (!queue.isEmpty()) {
            TrialPlan plan = queue.remove(0);
            finished.add(new TrialOutcome(plan.index(), plan.params(), objective(plan.params()), TrialState.COMPLETED, 10));
            if (strategy.adaptive()) {
                List<TrialPlan> more = strategy.next(finished, issued, 1);
                issued += more.size();
                queue.addAll(more);
            }
        }
        return finished;
    }

    private static double meanOfLast(List<TrialOutcome> outcomes, int n) {
        return outcomes.subList(outcomes.size() - n, outcomes.size()).stream().mapToDouble(TrialOutcome::objective)
                .average().orElseThrow();
    }

    @Test
    void tpe_concentratesNearTheOptimumFarBetterThanRandom() {
        double tpe = 0;
        double random = 0;
        for (long seed = 0; seed < 3; seed++) {
            tpe += meanOfLast(run(new TpeStrategy(space(), BUDGET, seed, AdaptiveOptions.DEFAULTS, 1)), 30);
            random += meanOfLast(run(new RandomStrategy(space(), BUDGET, seed)), 30);
        }

        // Random keeps sampling the whole bowl; TPE's later proposals sit near its bottom.
        assertThat(tpe).isLessThan(0.35 * random);
    }

    @Test
    void tpe_learnsCategoriesAndIntegers() {
        List<TrialOutcome> outcomes = run(new TpeStrategy(space(), BUDGET, 7, AdaptiveOptions.DEFAULTS, 1));
        List<TrialOutcome> late = outcomes.subList(30, BUDGET);

        long tanh = late.stream().filter(t -> t.params().activation() == Activation.TANH).count();
        double meanLayers = late.stream().mapToInt(t -> t.params().hiddenLayers()).average().orElseThrow();
        assertThat(tanh).isGreaterThan(late.size() / 2);
        assertThat(meanLayers).isBetween(2.0, 4.5);
        assertThat(late).allSatisfy(t -> assertThat(t.params().hiddenLayers()).isBetween(1, 8));
    }

    @Test
    void tpe_sameHistoryAndSeedProposeTheSamePoint() {
        List<TrialOutcome> history = run(new RandomStrategy(space(), 15, 3));
        TpeStrategy first = new TpeStrategy(space(), BUDGET, 11, AdaptiveOptions.DEFAULTS, 2);
        TpeStrategy second = new TpeStrategy(space(), BUDGET, 11, AdaptiveOptions.DEFAULTS, 2);

        assertThat(first.next(history, 15, 3)).isEqualTo(second.next(history, 15, 3));
        assertThat(new TpeStrategy(space(), BUDGET, 12, AdaptiveOptions.DEFAULTS, 2).next(history, 15, 1))
                .isNotEqualTo(first.next(history, 15, 1));
    }

    /**
     * Several slots ask for proposals before any of them finishes, so trials 20..29 are proposed
     * from one history: each must be its own draw (its own point, its own training seed), not one
     * point repeated. Seeding each proposal with seed ^ (γ·(index + 1)) made them repeat.
     */
    @Test
    void tpe_trialsProposedFromOneHistoryAreDistinctDraws() {
        List<TrialOutcome> history = run(new RandomStrategy(space(), 20, 3));
        TpeStrategy tpe = new TpeStrategy(space(), BUDGET, 0, AdaptiveOptions.DEFAULTS, 2);

        List<TrialPlan> plans = tpe.next(history, 20, 10);

        assertThat(plans).hasSize(10);
        assertThat(plans).extracting(TrialPlan::seed).doesNotHaveDuplicates();
        assertThat(plans).extracting(p -> p.params().learningRate()).doesNotHaveDuplicates();
    }

    @Test
    void tpe_startsWithItsStartupPlanAndStopsAtTheBudget() {
        TpeStrategy tpe = new TpeStrategy(space(), 12, 5, AdaptiveOptions.DEFAULTS, 4);
        List<TrialPlan> random = new RandomStrategy(space(), 12, 5).initialTrials();
        List<TrialPlan> first = tpe.next(List.of(), 0, 12);

        assertThat(tpe.initialTrials()).isEqualTo(first.subList(0, 4));
        // Fewer finished than the startup count: still the startup plan, the same on every call.
        assertThat(tpe.next(List.of(), 4, 2)).isEqualTo(first.subList(4, 6));
        // Past the startup count (10) while nothing has finished: the random strategy's trials.
        assertThat(first.subList(10, 12)).isEqualTo(random.subList(10, 12));
        // The random strategy's training seeds throughout.
        assertThat(first).extracting(TrialPlan::seed).isEqualTo(random.stream().map(TrialPlan::seed).toList());
        assertThat(tpe.next(List.of(), 11, 5)).hasSize(1);
        assertThat(tpe.next(List.of(), 12, 5)).isEmpty();
    }

    @Test
    void tpe_startupIsALatinHypercube_oneTrialPerStratumOfEveryRange() {
        for (long seed = 0; seed < 20; seed++) {
            List<TrialPlan> startup = new TpeStrategy(space(), 40, seed, AdaptiveOptions.DEFAULTS, 4)
                    .next(List.of(), 0, 10);

            // log10(lr) spans [-5, 0]: ten strata of half a decade, one trial in each.
            assertThat(startup.stream().map(p -> (int) Math.floor((Math.log10(p.params().learningRate()) + 5) * 2)))
                    .containsExactlyInAnyOrder(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
            // 8 depths over 10 trials: every depth, none more than twice.
            Map<Integer, Long> depths = startup.stream().collect(
                    java.util.stream.Collectors.groupingBy(p -> p.params().hiddenLayers(), java.util.stream.Collectors.counting()));
            assertThat(depths).hasSize(8).allSatisfy((depth, n) -> assertThat(n).isBetween(1L, 2L));
            // 4 activations over 10 trials: 2 or 3 of each (ten independent draws leave one out 22% of the time).
            Map<Activation, Long> activations = startup.stream().collect(
                    java.util.stream.Collectors.groupingBy(p -> p.params().activation(), java.util.stream.Collectors.counting()));
            assertThat(activations).hasSize(4).allSatisfy((activation, n) -> assertThat(n).isBetween(2L, 3L));
        }
    }

    @Test
    void tpe_failedTrialsCountAsWorst() {
        List<TrialOutcome> history = new ArrayList<>();
        List<TrialPlan> plans = new RandomStrategy(space(), 20, 1).initialTrials();
        for (TrialPlan plan : plans) {
            boolean tanh = plan.params().activation() == Activation.TANH;
            // Every non-tanh trial failed: TPE must steer towards tanh, not treat NaN as good.
            history.add(new TrialOutcome(plan.index(), plan.params(), tanh ? 1.0 : Double.NaN,
                    tanh ? TrialState.COMPLETED : TrialState.FAILED, 3));
        }

        List<TrialPlan> proposals = new TpeStrategy(space(), 40, 2, AdaptiveOptions.DEFAULTS, 1).next(history, 20, 10);

        assertThat(proposals.stream().filter(p -> p.params().activation() == Activation.TANH).count()).isGreaterThan(6);
    }

    @Test
    void tpe_ranksCompletedThenPrunedByEpochReachedThenFailed() {
        Hyperparameters params = new RandomStrategy(space(), 1, 1).initialTrials().get(0).params();
        TrialOutcome completedWorse = new TrialOutcome(0, params, 14.0, TrialState.COMPLETED, 100);
        TrialOutcome completedBetter = new TrialOutcome(1, params, 12.0, TrialState.COMPLETED, 100);
        // A low MSE at an early epoch does not beat a trial that reached further (nor a completed one).
        TrialOutcome prunedEarlyLow = new TrialOutcome(2, params, 9.0, TrialState.PRUNED, 5);
        TrialOutcome prunedLateHigh = new TrialOutcome(3, params, 20.0, TrialState.PRUNED, 45);
        TrialOutcome prunedLateLow = new TrialOutcome(4, params, 15.0, TrialState.PRUNED, 45);
        TrialOutcome failed = new TrialOutcome(5, params, Double.NaN, TrialState.FAILED, 2);

        List<TrialOutcome> ranked = new ArrayList<>(List.of(failed, prunedEarlyLow, prunedLateHigh, completedWorse,
                prunedLateLow, completedBetter));
        ranked.sort(TpeStrategy.RANKING);

        assertThat(ranked).extracting(TrialOutcome::index).containsExactly(1, 0, 4, 3, 2, 5);
    }

    @Test
    void describe_saysWhenTheBudgetEndsBeforeTpeProposes() {
        assertThat(new TpeStrategy(space(), 3, 0, AdaptiveOptions.DEFAULTS, 4).describe())
                .startsWith("tpe: 3 trials (all a Latin hypercube: TPE proposes only after the first 10 ended)");
        assertThat(new TpeStrategy(space(), 40, 0, AdaptiveOptions.DEFAULTS, 4).describe())
                .startsWith("tpe: 40 trials (10 first as a Latin hypercube, gamma");
    }
}
