package dev.trialstream.core.spec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.trialstream.core.data.DataSpec;
import dev.trialstream.core.params.ParamName;
import dev.trialstream.core.space.Domain;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Map;

/**
 * Renders a spec in its canonical form: every section and every parameter written out, in a
 * fixed order, with domains in their long form. Defaults are written too, so that a spec in a
 * message means the same thing to a reader whose defaults have since changed.
 * {@link SpecReader} reads the result back to an equal spec.
 */
public final class SpecWriter {

    private final JsonNodeFactory nodes = JsonNodeFactory.instance;
    private final ObjectMapper json = new ObjectMapper();
    private final YAMLMapper yaml = new YAMLMapper();

    public ObjectNode toTree(SearchSpec spec) {
        ObjectNode root = nodes.objectNode();
        root.put("name", spec.name());
        root.set("data", data(spec.data()));
        root.set("cv", nodes.objectNode().put("folds", spec.cv().folds()).put("seed", spec.cv().seed()));
        ObjectNode strategy = root.putObject("strategy").put("type", spec.strategy().type().wireName());
        spec.strategy().trials().ifPresent(trials -> strategy.put("trials", trials));
        strategy.put("seed", spec.strategy().seed());
        if (spec.strategy().type() == StrategyType.TPE || spec.strategy().type() == StrategyType.HYPERBAND) {
            AdaptiveOptions options = spec.strategy().options();
            strategy.put("startup", options.startup()).put("gamma", options.gamma())
                    .put("candidates", options.candidates()).put("eta", options.eta())
                    .put("minEpochs", options.minEpochs());
        }
        if (spec.strategy().type() == StrategyType.GRID) {
            strategy.put("sample", spec.strategy().sample());
        }
        ObjectNode training = root.putObject("training")
                .put("maxEpochs", spec.training().maxEpochs())
                .put("patience", spec.training().patience())
                .put("standardizeTarget", spec.training().standardizeTarget())
                .put("finalModels", spec.training().finalModels());
        // Only when not the default: a spec that leaves it alone stays readable by aggregators before it.
        if (spec.training().finalEpochScale() != TrainingSpec.DEFAULT_FINAL_EPOCH_SCALE) {
            training.put("finalEpochScale", spec.training().finalEpochScale());
        }
        PruningSpec pruning = spec.pruning();
        ObjectNode pruningNode = root.putObject("pruning")
                .put("policy", pruning.policy().wireName())
                .put("minTrials", pruning.minTrials())
                .put("warmupEpochs", pruning.warmupEpochs());
        autoOr(pruningNode, "minEpochs", pruning.minEpochs());
        pruningNode.put("eta", pruning.eta());
        autoOr(pruningNode, "minTrialsPerRung", pruning.minTrialsPerRung());
        spec.parallelism().ifPresent(parallelism -> root.put("parallelism", parallelism));
        // Only when not normal: a spec of normal priority stays readable by aggregators before it.
        if (!spec.priority().equals(Priority.NORMAL)) {
            spec.priority().name().ifPresentOrElse(name -> root.put("priority", name),
                    () -> root.put("priority", spec.priority().weight()));
        }
        ObjectNode space = root.putObject("space");
        for (Map.Entry<ParamName, Domain> entry : spec.space().domains().entrySet()) {
            space.set(entry.getKey().wireName(), domain(entry.getValue()));
        }
        if (spec.ensemble().enabled()) {
            ObjectNode ensemble = root.putObject("ensemble").put("size", spec.ensemble().size());
            if (spec.ensemble().bagged()) {   // written only when bagged: readers before bags read the rest
                ensemble.put("bags", spec.ensemble().bags());
            }
            if (spec.ensemble().within() != EnsembleSpec.DEFAULT_WITHIN) {   // likewise: only when not the default
                if (spec.ensemble().within() == EnsembleSpec.ALL) {
                    ensemble.put("within", "all");
                } else {
                    ensemble.put("within", spec.ensemble().within());
                }
            }
        } else {
            root.put("ensemble", "off");
        }
        return root;
    }

    /** {@code auto} for {@link PruningSpec#AUTO}, else the number. */
    private static void autoOr(ObjectNode node, String key, int value) {
        if (value == PruningSpec.AUTO) {
            node.put(key, "auto");
        } else {
            node.put(key, value);
        }
    }

    /** One line of JSON, the form that travels in messages. */
    public String toJson(SearchSpec spec) {
        try {
            return json.writeValueAsString(toTree(spec));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("cannot render spec " + spec.name() + " as JSON", e);
        }
    }

    /** The same content as YAML, for showing a user the spec a run actually used. */
    public String toYaml(SearchSpec spec) {
        try {
            return yaml.writeValueAsString(toTree(spec));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("cannot render spec " + spec.name() + " as YAML", e);
        }
    }

    private ObjectNode data(DataSpec data) {
        ObjectNode node = nodes.objectNode();
        if (data.dataset() != null) {
            node.put("dataset", data.dataset());
        }
        if (data.file() != null) {
            node.put("file", data.file());
        }
        if (data.target() != null) {
            node.put("target", data.target());
        }
        if (data.testFile() != null) {
            node.put("testFile", data.testFile());
        } else {
            // With a test file the fraction and seed mean nothing, and the reader refuses them.
            node.put("testFraction", data.testFraction());
            node.put("testSeed", data.testSeed());
        }
        if (!data.categorical().isEmpty()) {
            ArrayNode categorical = node.putArray("categorical");
            data.categorical().forEach(categorical::add);
        }
        if (data.foldColumn() != null) {
            node.put("foldColumn", data.foldColumn());
        }
        return node;
    }

    private ObjectNode domain(Domain domain) {
        ObjectNode node = nodes.objectNode();
        if (domain instanceof Domain.Fixed fixed) {
            node.set("fixed", value(fixed.value()));
        } else if (domain instanceof Domain.Choice choice) {
            ArrayNode values = node.putArray("choice");
            choice.values().forEach(value -> values.add(value(value)));
        } else if (domain instanceof Domain.IntRange range) {
            node.putObject("intRange").put("min", range.min()).put("max", range.max()).put("step", range.step());
        } else if (domain instanceof Domain.Uniform uniform) {
            node.putObject("uniform").put("min", uniform.min()).put("max", uniform.max());
        } else if (domain instanceof Domain.LogUniform logUniform) {
            node.putObject("logUniform").put("min", logUniform.min()).put("max", logUniform.max());
        }
        return node;
    }

    /** Integers as integers, reals as reals, enum values by their wire name. */
    private JsonNode value(Object value) {
        if (value instanceof Integer integer) {
            return nodes.numberNode(integer);
        }
        if (value instanceof Double real) {
            return nodes.numberNode(real);
        }
        if (value instanceof Enum<?> constant) {
            return nodes.textNode(constant.name().toLowerCase(Locale.ROOT));
        }
        throw new IllegalArgumentException("cannot write a parameter value of type " + value.getClass().getName());
    }
}
