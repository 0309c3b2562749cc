package dev.trialstream.core.spec;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * Command-line changes to a spec ({@code --trials}, {@code --epochs}, {@code --folds},
 * {@code --seed}, {@code --strategy}, {@code --pruning}, {@code --final-models}, {@code --parallelism},
 * {@code --priority}). Applying them re-validates the whole
 * spec, so an override is held to the same rules and messages as the file.
 *
 * @param seed     the strategy (search) seed; the fold split keeps {@code cv.seed}
 * @param strategy a strategy type name; switching to grid without {@code trials} runs every point
 * @param pruning  a pruning policy name; its tuning fields stay as the spec sets them
 * @param finalModels {@code training.finalModels}: networks averaged in the final model
 * @param parallelism the most trials in flight at once
 * @param priority    the search's share of a shared fleet, as {@link Priority#parse} reads it
 */
public record SpecOverrides(OptionalInt trials, OptionalInt epochs, OptionalInt folds, OptionalLong seed,
                            Optional<String> strategy, Optional<String> pruning, OptionalInt finalModels,
                            OptionalInt parallelism, Optional<Priority> priority) {

    public SpecOverrides {
        trials = trials == null ? OptionalInt.empty() : trials;
        epochs = epochs == null ? OptionalInt.empty() : epochs;
        folds = folds == null ? OptionalInt.empty() : folds;
        seed = seed == null ? OptionalLong.empty() : seed;
        strategy = strategy == null ? Optional.empty() : strategy;
        pruning = pruning == null ? Optional.empty() : pruning;
        finalModels = finalModels == null ? OptionalInt.empty() : finalModels;
        parallelism = parallelism == null ? OptionalInt.empty() : parallelism;
        priority = priority == null ? Optional.empty() : priority;
    }

    public static SpecOverrides none() {
        return new SpecOverrides(OptionalInt.empty(), OptionalInt.empty(), OptionalInt.empty(), OptionalLong.empty(),
                Optional.empty(), Optional.empty(), OptionalInt.empty(), OptionalInt.empty(), Optional.empty());
    }

    public SpecOverrides withTrials(int value) {
        return new SpecOverrides(OptionalInt.of(value), epochs, folds, seed, strategy, pruning, finalModels,
                parallelism, priority);
    }

    public SpecOverrides withEpochs(int value) {
        return new SpecOverrides(trials, OptionalInt.of(value), folds, seed, strategy, pruning, finalModels,
                parallelism, priority);
    }

    public SpecOverrides withFolds(int value) {
        return new SpecOverrides(trials, epochs, OptionalInt.of(value), seed, strategy, pruning, finalModels,
                parallelism, priority);
    }

    public SpecOverrides withSeed(long value) {
        return new SpecOverrides(trials, epochs, folds, OptionalLong.of(value), strategy, pruning, finalModels,
                parallelism, priority);
    }

    public SpecOverrides withStrategy(String value) {
        return new SpecOverrides(trials, epochs, folds, seed, Optional.of(value), pruning, finalModels,
                parallelism, priority);
    }

    public SpecOverrides withPruning(String value) {
        return new SpecOverrides(trials, epochs, folds, seed, strategy, Optional.of(value), finalModels,
                parallelism, priority);
    }

    public SpecOverrides withFinalModels(int value) {
        return new SpecOverrides(trials, epochs, folds, seed, strategy, pruning, OptionalInt.of(value), parallelism,
                priority);
    }

    public SpecOverrides withParallelism(int value) {
        return new SpecOverrides(trials, epochs, folds, seed, strategy, pruning, finalModels, OptionalInt.of(value),
                priority);
    }

    public SpecOverrides withPriority(Priority value) {
        return new SpecOverrides(trials, epochs, folds, seed, strategy, pruning, finalModels, parallelism,
                Optional.of(value));
    }

    public boolean isEmpty() {
        return trials.isEmpty() && epochs.isEmpty() && folds.isEmpty() && seed.isEmpty()
                && strategy.isEmpty() && pruning.isEmpty() && finalModels.isEmpty()
                && parallelism.isEmpty() && priority.isEmpty();
    }

    /**
     * The spec with these changes, validated as a whole.
     *
     * @throws InvalidSpecException naming the spec field an override broke, e.g.
     *                              "strategy.trials: grid has 12 points, cannot fill a budget of 20"
     */
    public SearchSpec applyTo(SearchSpec spec) {
        if (isEmpty()) {
            return spec;
        }
        ObjectNode tree = new SpecWriter().toTree(spec);
        ObjectNode strategyNode = (ObjectNode) tree.get("strategy");
        strategy.ifPresent(type -> {
            strategyNode.put("type", type);
            if (!type.trim().equalsIgnoreCase(StrategyType.GRID.wireName())) {
                strategyNode.remove("sample");
            } else if (trials.isEmpty()) {
                strategyNode.remove("trials");
            }
        });
        trials.ifPresent(value -> strategyNode.put("trials", value));
        seed.ifPresent(value -> strategyNode.put("seed", value));
        epochs.ifPresent(value -> ((ObjectNode) tree.get("training")).put("maxEpochs", value));
        folds.ifPresent(value -> ((ObjectNode) tree.get("cv")).put("folds", value));
        pruning.ifPresent(value -> ((ObjectNode) tree.get("pruning")).put("policy", value));
        finalModels.ifPresent(value -> ((ObjectNode) tree.get("training")).put("finalModels", value));
        parallelism.ifPresent(value -> tree.put("parallelism", value));
        priority.ifPresent(value -> tree.put("priority", value.weight()));
        return new SpecReader().fromTree(spec.name(), tree);
    }
}
