package dev.trialstream.producer.cli;

import dev.trialstream.core.data.ConstantColumns;
import dev.trialstream.core.data.DataSpec;
import dev.trialstream.core.data.Dataset;
import dev.trialstream.core.data.DatasetLoader;
import dev.trialstream.core.prep.FoldPlan;
import dev.trialstream.core.data.DatasetSource;
import dev.trialstream.core.spec.SearchSpec;
import dev.trialstream.core.spec.SpecOverrides;
import dev.trialstream.core.spec.SpecReader;
import dev.trialstream.core.strategy.Strategies;
import dev.trialstream.core.strategy.Strategy;
import dev.trialstream.core.training.RawTargetScale;
import dev.trialstream.core.params.ParamName;
import dev.trialstream.core.spec.StrategyType;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A search checked end to end before anything connects to Kafka: the spec is valid, the strategy
 * can fill its budget, and the data parses (so a bad CSV line is reported now, not by a worker).
 */
public record PreparedSearch(SearchSpec spec, Strategy strategy, DatasetSource source, Dataset dataset) {

    /**
     * From a spec file, or from data options with the built-in default space, plus overrides.
     *
     * @throws IllegalArgumentException (or InvalidSpecException, DataException) naming what is wrong
     */
    public static PreparedSearch of(Path specFile, DataOptions data, SpecOverrides overrides) {
        return of(specFile, data, overrides, dev.trialstream.core.strategy.Strategies.DEFAULT_PARALLELISM);
    }

    /**
     * @param defaultParallelism trials an adaptive strategy (tpe) keeps in flight when the spec
     *                           does not say: 2 × the worker slots the caller knows of
     */
    public static PreparedSearch of(Path specFile, DataOptions data, SpecOverrides overrides, int defaultParallelism) {
        SearchSpec spec;
        Path baseDir;
        if (specFile != null) {
            if (!data.given().isEmpty()) {
                // The spec's data section says where the data comes from; a data flag beside it would be ignored.
                throw new IllegalArgumentException("give --spec or data options, not both: " + String.join(", ",
                        data.given()) + " with --spec (the spec's data section sets the data: "
                        + "data.file, data.target, data.testFraction ...)");
            }
            spec = new SpecReader().read(specFile, overrides);
            baseDir = specFile.toAbsolutePath().getParent();
        } else {
            DataSpec dataSpec = data.require();
            SearchSpec defaults = SearchSpec.defaultFor(dataSpec.dataset() != null ? dataSpec.dataset() : "boston");
            String name = dataSpec.dataset() != null ? defaults.name()
                    : sanitize(Path.of(dataSpec.file()).getFileName().toString()) + "-default";
            spec = new SearchSpec(name, dataSpec, defaults.cv(), defaults.strategy(), defaults.training(),
                    defaults.pruning(), defaults.parallelism(), defaults.space());
            baseDir = Path.of("").toAbsolutePath();
            requireEnumerable(spec, overrides, dataSpec.dataset() != null ? "--dataset " + dataSpec.dataset()
                    : "--data " + dataSpec.file());
            spec = overrides.applyTo(spec);
        }
        Strategy strategy = Strategies.create(spec, defaultParallelism);
        DatasetLoader loader = new DatasetLoader(baseDir);
        DatasetSource source = loader.resolve(spec.data());
        Dataset dataset = loader.parse(source);
        // Too few rows for the folds, or a fold column that does not match cv.folds: fail here, not on a worker.
        FoldPlan.of(dataset, spec.cv().folds(), spec.cv().seed());
        return new PreparedSearch(spec, strategy, source, dataset);
    }

    /**
     * What the search will run into that is not an error, said before it starts (validate, local,
     * submit print each as a note): a target trained unstandardized at a large scale
     * ({@link RawTargetScale}), on which every trial may diverge; a space of one configuration
     * (every parameter fixed or left out: {@code space: {}}) searched by several trials, which
     * differ only in their seed; feature columns holding one value ({@link ConstantColumns}).
     */
    public List<String> notes() {
        List<String> notes = new ArrayList<>();
        RawTargetScale.of(spec.training().standardizeTarget(), dataset.train().numeric(dataset.target()).values())
                .ifPresent(scale -> notes.add(scale.note(dataset.target())));
        ConstantColumns.note(dataset.train(), dataset.target()).ifPresent(notes::add);
        if (spec.space().oneConfiguration() && strategy.budget() > 1) {
            notes.add("the space has one configuration (every parameter fixed, or left out and so at its default):"
                    + " its " + strategy.budget() + " trials train it " + strategy.budget() + " times, differing only"
                    + " in their seed; give a parameter a choice or a range to search it (see examples/)");
        }
        return List.copyOf(notes);
    }

    /**
     * The built-in space samples continuous domains, which a grid cannot enumerate; say so in terms
     * of the flags the user gave, not of a spec the user never wrote.
     */
    private static void requireEnumerable(SearchSpec builtIn, SpecOverrides overrides, String data) {
        boolean grid = overrides.strategy().map(s -> s.trim().equalsIgnoreCase(StrategyType.GRID.wireName())).orElse(false);
        if (!grid || builtIn.space().continuous().isEmpty()) {
            return;
        }
        String names = builtIn.space().continuous().stream().map(ParamName::wireName).collect(Collectors.joining(", "));
        throw new IllegalArgumentException("--strategy grid: the built-in space of " + data + " has continuous domains ("
                + names + "); write a spec with choice/fixed domains (see examples/boston-grid.yaml) and pass it with --spec");
    }

    private static String sanitize(String fileName) {
        String stem = fileName.replaceFirst("\\.[^.]*$", "").replaceAll("[^A-Za-z0-9._-]", "-");
        return stem.isEmpty() || !Character.isLetterOrDigit(stem.charAt(0)) ? "data" : stem;
    }
}
