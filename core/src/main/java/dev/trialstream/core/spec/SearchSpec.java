package dev.trialstream.core.spec;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trialstream.core.data.BuiltinDataset;
import dev.trialstream.core.data.DataSpec;
import dev.trialstream.core.params.ParamName;
import dev.trialstream.core.space.SearchSpace;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.regex.Pattern;

/**
 * A whole search: what data, how each trial is scored, which strategy proposes trials, and the
 * space it proposes from. Read one with {@link SpecReader}; write one with {@link SpecWriter}.
 * Beyond each part's own rules, the constructor checks the rules that tie parts together (a grid
 * over a continuous domain, a budget the grid cannot fill, ...) and reports all of them.
 *
 * @param name        a short identifier: letters, digits, '.', '_', '-'
 * @param parallelism the most trials of this search queued or running at once, whatever the
 *                    strategy; empty = the submitter's default. The aggregator releases the next
 *                    trial when one ends, and fewer while other searches share the fleet.
 * @param ensemble    whether the final model is the ensemble of trials, and its selection rounds
 * @param priority    its weight when searches share the fleet ({@link Priority}); null = normal
 */
public record SearchSpec(String name, DataSpec data, CvSpec cv, StrategySpec strategy, TrainingSpec training,
                         PruningSpec pruning, OptionalInt parallelism, SearchSpace space, EnsembleSpec ensemble,
                         Priority priority) {

    /** A spec of normal priority. */
    public SearchSpec(String name, DataSpec data, CvSpec cv, StrategySpec strategy, TrainingSpec training,
                      PruningSpec pruning, OptionalInt parallelism, SearchSpace space, EnsembleSpec ensemble) {
        this(name, data, cv, strategy, training, pruning, parallelism, space, ensemble, Priority.NORMAL);
    }

    /** A spec with the default ensemble (on, {@link EnsembleSpec#DEFAULT_SIZE} rounds). */
    public SearchSpec(String name, DataSpec data, CvSpec cv, StrategySpec strategy, TrainingSpec training,
                      PruningSpec pruning, OptionalInt parallelism, SearchSpace space) {
        this(name, data, cv, strategy, training, pruning, parallelism, space, EnsembleSpec.defaults());
    }

    /** What a name may look like: it ends up in ids, file names and metric tags. */
    public static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    public static final int MAX_PARALLELISM = 1024;

    /** The same search with another parallelism and priority (the command line's overrides). */
    public SearchSpec withScheduling(OptionalInt newParallelism, Priority newPriority) {
        return new SearchSpec(name, data, cv, strategy, training, pruning, newParallelism, space, ensemble,
                newPriority);
    }

    public SearchSpec {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("name " + nameProblem(name));
        }
        Checks.notNull("data", data);
        Checks.notNull("cv", cv);
        Checks.notNull("strategy", strategy);
        Checks.notNull("training", training);
        Checks.notNull("pruning", pruning);
        Checks.notNull("space", space);
        ensemble = ensemble == null ? EnsembleSpec.defaults() : ensemble;
        priority = priority == null ? Priority.NORMAL : priority;
        parallelism = parallelism == null ? OptionalInt.empty() : parallelism;
        if (parallelism.isPresent()) {
            Checks.require("parallelism", Checks.between(parallelism.getAsInt(), 1, MAX_PARALLELISM));
        }
        List<SpecProblem> problems = crossProblems(data, strategy, training, pruning, space);
        if (!problems.isEmpty()) {
            throw new InvalidSpecException(name, problems);
        }
    }

    /**
     * The search {@code local --dataset NAME} runs when no spec is given: the space the Optuna
     * peer searches, random strategy, 20 trials of 100 epochs, 3-fold CV.
     *
     * @throws IllegalArgumentException when the name is not a built-in dataset
     */
    public static SearchSpec defaultFor(String builtinDataset) {
        return DefaultSpecs.defaultFor(builtinDataset);
    }

    /** The canonical JSON form ({@link SpecWriter}), so a spec can sit in a message record as is. */
    @JsonValue
    public ObjectNode toJsonTree() {
        return new SpecWriter().toTree(this);
    }

    /**
     * Decodes the canonical JSON form with full validation: a bad spec in a message fails when it
     * is decoded, with every problem listed.
     *
     * @throws InvalidSpecException naming the spec and each problem
     */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static SearchSpec fromJsonTree(JsonNode tree) {
        String source = tree != null && tree.path("name").isTextual() ? "spec " + tree.path("name").textValue() : "spec";
        return new SpecReader().fromTree(source, tree);
    }

    static String nameProblem(String name) {
        return "must match " + NAME.pattern() + ", found " + (name == null ? "null" : "\"" + name + "\"");
    }

    /** The rules that span several parts; each problem names the field a user would change. */
    static List<SpecProblem> crossProblems(DataSpec data, StrategySpec strategy, TrainingSpec training,
                                           PruningSpec pruning, SearchSpace space) {
        List<SpecProblem> problems = new ArrayList<>(dataProblems(data));
        problems.addAll(gridProblems(strategy, space));
        problems.addAll(pruningProblems(pruning, training));
        return problems;
    }

    static List<SpecProblem> dataProblems(DataSpec data) {
        List<SpecProblem> problems = new ArrayList<>();
        if (data.dataset() != null && BuiltinDataset.find(data.dataset()).isEmpty()) {
            problems.add(new SpecProblem("data.dataset", BuiltinDataset.nameProblem(data.dataset())));
        }
        if (data.file() != null && (data.target() == null || data.target().isBlank())) {
            problems.add(new SpecProblem("data.target", "required with data.file"));
        }
        return problems;
    }

    /** A grid needs enumerable domains and a budget it can fill exactly (or sample: true). */
    static List<SpecProblem> gridProblems(StrategySpec strategy, SearchSpace space) {
        List<SpecProblem> problems = new ArrayList<>();
        if (strategy.type() != StrategyType.GRID) {
            return problems;
        }
        List<ParamName> continuous = space.continuous();
        for (ParamName param : continuous) {
            problems.add(new SpecProblem("space." + param.wireName(), "a grid cannot enumerate a "
                    + space.domain(param).type() + " domain; use fixed, choice or intRange, or strategy random"));
        }
        if (continuous.isEmpty()) {
            space.grid().budgetProblem(strategy.trials(), strategy.sample(), StrategySpec.MAX_TRIALS)
                    .ifPresent(message -> problems.add(new SpecProblem("strategy.trials", message)));
        }
        return problems;
    }

    static List<SpecProblem> pruningProblems(PruningSpec pruning, TrainingSpec training) {
        if (pruning.policy() == PruningPolicy.ASHA && pruning.minEpochs() > training.maxEpochs()) {
            return List.of(new SpecProblem("pruning.minEpochs", "must be <= training.maxEpochs ("
                    + training.maxEpochs() + "), found " + pruning.minEpochs()));
        }
        return List.of();
    }
}
