package dev.trialstream.core.strategy;

import dev.trialstream.core.text.Plural;
import dev.trialstream.core.space.Grid;
import dev.trialstream.core.space.SearchSpace;
import dev.trialstream.core.spec.StrategySpec;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Every point of the space's grid, in grid order (parameters in declaration order, the last
 * varying fastest). A budget must match the grid exactly, unless sampling is allowed: then a
 * seeded subset of the points, without repeats, still in grid order.
 */
public final class GridStrategy implements Strategy {

    private final Grid grid;
    private final int budget;
    private final boolean sample;
    private final long seed;

    /**
     * @param trials the budget; empty = every point
     * @throws IllegalArgumentException for a continuous domain, or a budget the grid cannot
     *                                  run: "grid has 12 points, cannot fill a budget of 20"
     */
    public GridStrategy(SearchSpace space, OptionalInt trials, boolean sample, long seed) {
        this.grid = space.grid();
        grid.budgetProblem(trials, sample, StrategySpec.MAX_TRIALS).ifPresent(problem -> {
            throw new IllegalArgumentException(problem);
        });
        this.budget = trials.orElse((int) grid.size());
        this.sample = budget < grid.size();
        this.seed = seed;
    }

    /** How many points the grid has. */
    public long pointCount() {
        return grid.size();
    }

    @Override
    public int budget() {
        return budget;
    }

    @Override
    public List<TrialPlan> initialTrials() {
        SplittableRandom root = new SplittableRandom(seed);
        // Split first whether or not it samples, so trial seeds do not depend on the sample flag.
        SplittableRandom subsetRandom = root.split();
        long[] points = sample ? sampledPoints(subsetRandom) : null;
        List<TrialPlan> trials = new ArrayList<>(budget);
        for (int i = 0; i < budget; i++) {
            long point = points == null ? i : points[i];
            trials.add(new TrialPlan(i, grid.point(point), root.split().nextLong()));
        }
        return List.copyOf(trials);
    }

    /** {@code budget} distinct point indices, ascending (Floyd's algorithm: one draw per pick). */
    private long[] sampledPoints(SplittableRandom random) {
        long size = grid.size();
        Set<Long> chosen = new HashSet<>();
        for (long j = size - budget; j < size; j++) {
            long pick = random.nextLong(j + 1);
            chosen.add(chosen.contains(pick) ? j : pick);
        }
        return chosen.stream().mapToLong(Long::longValue).sorted().toArray();
    }

    @Override
    public String describe() {
        return sample
                ? "grid: seeded sample of " + budget + " of " + grid.size() + " points, seed " + seed
                : "grid: " + Plural.of(budget, "trial") + " over " + Plural.of(grid.size(), "point");
    }
}
