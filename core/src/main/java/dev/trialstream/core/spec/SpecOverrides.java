package dev.trialstream.core.spec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
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
     *
     * @return the spec fields written, each with its flag: {@code strategy.trials} → {@code --trials}
     */
    Map<String, String> writeInto(ObjectNode tree) {
        Map<String, String> flags = new LinkedHashMap<>();
        for (Setting setting : settings()) {
            int dot = setting.path().indexOf('.');
            Optional<ObjectNode> parent = dot < 0 ? Optional.of(tree) : section(tree, setting.path().substring(0, dot));
            parent.ifPresent(node -> node.set(setting.path().substring(dot + 1), setting.value()));
            flags.put(setting.path(), setting.flag());
        }
        strategy.ifPresent(type -> section(tree, "strategy").ifPresent(node -> {
            if (!type.trim().equalsIgnoreCase(StrategyType.GRID.wireName())) {
                node.remove("sample");
            } else if (trials.isEmpty()) {
                node.remove("trials"); // grid without a budget runs every point
            }
        }));
        return flags;
    }

    /** One spec field an override sets: where, from which flag, to what. */
    private record Setting(String path, String flag, JsonNode value) {
    }

    private List<Setting> settings() {
        JsonNodeFactory json = JsonNodeFactory.instance;
        List<Setting> settings = new ArrayList<>();
        strategy.ifPresent(v -> settings.add(new Setting("strategy.type", "--strategy", json.textNode(v))));
        trials.ifPresent(v -> settings.add(new Setting("strategy.trials", "--trials", json.numberNode(v))));
        seed.ifPresent(v -> settings.add(new Setting("strategy.seed", "--seed", json.numberNode(v))));
        epochs.ifPresent(v -> settings.add(new Setting("training.maxEpochs", "--epochs", json.numberNode(v))));
        folds.ifPresent(v -> settings.add(new Setting("cv.folds", "--folds", json.numberNode(v))));
        pruning.ifPresent(v -> settings.add(new Setting("pruning.policy", "--pruning", json.textNode(v))));
        finalModels.ifPresent(v -> settings.add(new Setting("training.finalModels", "--final-models",
                json.numberNode(v))));
        parallelism.ifPresent(v -> settings.add(new Setting("parallelism", "--parallelism", json.numberNode(v))));
        priority.ifPresent(v -> settings.add(new Setting("priority", "--priority", json.numberNode(v.weight()))));
        return settings;
    }

    private static Optional<ObjectNode> section(ObjectNode tree, String name) {
        JsonNode node = tree.get(name);
        if (node == null || node.isNull()) {
            return Optional.of(tree.putObject(name));
        }
        return node instanceof ObjectNode object ? Optional.of(object) : Optional.empty();
    }
}
