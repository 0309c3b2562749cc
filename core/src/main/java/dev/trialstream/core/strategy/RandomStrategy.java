package dev.trialstream.core.strategy;

import dev.trialstream.core.text.Plural;
import dev.trialstream.core.space.SearchSpace;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Independent samples of the space. Trial i draws from the i-th child split off a generator
 * seeded with the search seed: its configuration first (parameters in declaration order), then
 * its training seed. So a search replays byte for byte, and a larger budget extends a smaller
 * one without changing its first trials. Two trials may draw the same configuration; they
 * still train with different seeds.
 */
public final class RandomStrategy implements Strategy {

    private final SearchSpace space;
    private final int budget;
    private final long seed;

    public RandomStrategy(SearchSpace space, int trials, long seed) {
        this.budget = Budgets.check(space, trials);
        this.space = space;
        this.seed = seed;
    }

    @Override
    public int budget() {
        return budget;
    }

    @Override
    public List<TrialPlan> initialTrials() {
        SplittableRandom root = new SplittableRandom(seed);
        List<TrialPlan> trials = new ArrayList<>(budget);
        for (int i = 0; i < budget; i++) {
            SplittableRandom child = root.split();
            trials.add(new TrialPlan(i, space.sampleWith(child), child.nextLong()));
        }
        return List.copyOf(trials);
    }

    @Override
    public String describe() {
        return "random: " + Plural.of(budget, "trial") + ", seed " + seed;
    }
}
