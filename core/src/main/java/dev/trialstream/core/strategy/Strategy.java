package dev.trialstream.core.strategy;

import java.util.List;

/**
 * Decides which trials a search runs. Non-adaptive strategies (grid, random, quasirandom,
 * hyperband) plan every trial up front in {@link #initialTrials()}. Adaptive ones (TPE) plan a
 * first batch, then {@link #next} proposes more from what has finished.
 *
 * <p>Implementations are pure functions of the spec and the history given: the aggregator
 * rebuilds a strategy from the spec after a restart and must get the same proposals.
 */
public interface Strategy {

    /** How many trials the search runs in total. */
    int budget();

    /** True when trials after the first batch depend on finished trials. */
    default boolean adaptive() {
        return false;
    }

    /** The trials to queue when the search starts: all of them unless {@link #adaptive()}. */
    List<TrialPlan> initialTrials();

    /**
     * More trials, given the finished ones. Indices continue from {@code issued}; never more
     * than {@code count} and never beyond {@link #budget()}.
     *
     * @param finished the finished trials, in the order they finished
     * @param issued   how many trials have been planned so far (finished or not)
     * @param count    how many trials may start now (free slots)
     */
    default List<TrialPlan> next(List<TrialOutcome> finished, int issued, int count) {
        return List.of();
    }

    /** One line for logs and the CLI: "grid: 8 trials over 8 points". */
    String describe();
}
