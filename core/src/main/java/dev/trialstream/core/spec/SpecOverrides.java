package dev.trialstream.core.spec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Map;
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
        writeInto(tree);
        return new SpecReader().fromTree(spec.name(), tree);
    }

    /**
     * Writes these changes into a spec's tree before it is validated, so a flag can also give what
     * the file leaves out ({@code --trials} for a spec without {@code strategy.trials}). A section
     * that is missing is made; one that is not a mapping is left for the reader to report.
     */
    void writeInto(ObjectNode tree) {
        section(tree, "strategy").ifPresent(strategyNode -> {
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
        });
        epochs.ifPresent(value -> section(tree, "training").ifPresent(node -> node.put("maxEpochs", value)));
        folds.ifPresent(value -> section(tree, "cv").ifPresent(node -> node.put("folds", value)));
        pruning.ifPresent(value -> section(tree, "pruning").ifPresent(node -> node.put("policy", value)));
        finalModels.ifPresent(value -> section(tree, "training").ifPresent(node -> node.put("finalModels", value)));
        parallelism.ifPresent(value -> tree.put("parallelism", value));
        priority.ifPresent(value -> tree.put("priority", value.weight()));
    }

    /** The spec fields these changes set, each with its flag: {@code strategy.trials} → {@code --trials}. */
    Map<String, String> flagsByPath() {
        Map<String, String> flags = new LinkedHashMap<>();
        strategy.ifPresent(v -> flags.put("strategy.type", "--strategy"));
        trials.ifPresent(v -> flags.put("strategy.trials", "--trials"));
        seed.ifPresent(v -> flags.put("strategy.seed", "--seed"));
        epochs.ifPresent(v -> flags.put("training.maxEpochs", "--epochs"));
        folds.ifPresent(v -> flags.put("cv.folds", "--folds"));
        pruning.ifPresent(v -> flags.put("pruning.policy", "--pruning"));
        finalModels.ifPresent(v -> flags.put("training.finalModels", "--final-models"));
        parallelism.ifPresent(v -> flags.put("parallelism", "--parallelism"));
        priority.ifPresent(v -> flags.put("priority", "--priority"));
        return flags;
    }

    private static Optional<ObjectNode> section(ObjectNode tree, String name) {
        JsonNode node = tree.get(name);
        if (node == null || node.isNull()) {
            return Optional.of(tree.putObject(name));
        }
        return node instanceof ObjectNode object ? Optional.of(object) : Optional.empty();
    }
}
