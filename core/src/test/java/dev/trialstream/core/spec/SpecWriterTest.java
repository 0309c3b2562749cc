package dev.trialstream.core.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trialstream.core.data.DataSpec;
import dev.trialstream.core.params.LrSchedule;
import dev.trialstream.core.params.ParamName;
import dev.trialstream.core.space.Domain;
import dev.trialstream.core.space.SearchSpace;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class SpecWriterTest {

    private final SpecWriter writer = new SpecWriter();
    private final SpecReader reader = new SpecReader();

    private static SearchSpec richSpec() {
        return new SearchSpec("rich", new DataSpec(null, "/data/houses.csv", "price", "/data/test.csv", 0.2, 42,
                List.of("zip", "kind"), "fold"), new CvSpec(5, -3), new StrategySpec(StrategyType.GRID, OptionalInt.of(4), 9, true),
                new TrainingSpec(30, 4, false, 3, 1.25), new PruningSpec(PruningPolicy.MEDIAN, 7, 2, 1, 3), OptionalInt.of(8),
                new SearchSpace(Map.of(
                        ParamName.HIDDEN_LAYERS, new Domain.IntRange(1, 3, 2),
                        ParamName.NEURONS, new Domain.Choice(List.of(16, 32, 64)),
                        ParamName.LEARNING_RATE, new Domain.Choice(List.of(1e-4, 3e-3)),
                        ParamName.LR_SCHEDULE, new Domain.Choice(List.of(LrSchedule.NONE, LrSchedule.COSINE)))));
    }

    @Test
    void roundTrip_writeThenReadGivesEqualSpec() {
        for (SearchSpec spec : List.of(richSpec(), SearchSpec.defaultFor("boston"), SearchSpec.defaultFor("california"))) {
            String json = writer.toJson(spec);

            assertThat(reader.read("message", json, null)).as(json).isEqualTo(spec);
            assertThat(reader.read("yaml", writer.toYaml(spec), null)).isEqualTo(spec);
        }
    }

    @Test
    void roundTrip_keepsTheEnsemblesLibraryPruning() {
        for (double within : new double[] {0.5, 0, EnsembleSpec.ALL}) {
            SearchSpec base = SearchSpec.defaultFor("boston");
            SearchSpec spec = new SearchSpec(base.name(), base.data(), base.cv(), base.strategy(), base.training(),
                    base.pruning(), base.parallelism(), base.space(), new EnsembleSpec(25, 1, within));

            assertThat(reader.read("message", writer.toJson(spec), null).ensemble().within()).isEqualTo(within);
            assertThat(reader.read("yaml", writer.toYaml(spec), null).ensemble().within()).isEqualTo(within);
        }
    }

    @Test
    void finalEpochScale_isWrittenOnlyWhenNotTheDefault() {
        assertThat(writer.toTree(SearchSpec.defaultFor("boston")).get("training").has("finalEpochScale"))
                .as("the default is left out, so aggregators from before it read the spec").isFalse();
        assertThat(writer.toTree(richSpec()).get("training").get("finalEpochScale").doubleValue()).isEqualTo(1.25);
    }

    @Test
    void roundTrip_throughTree() {
        SearchSpec spec = richSpec();

        assertThat(reader.fromTree("message", writer.toTree(spec))).isEqualTo(spec);
    }

    @Test
    void toJson_isCanonical() throws Exception {
        SearchSpec spec = SearchSpec.defaultFor("boston");
        String json = writer.toJson(spec);

        assertThat(writer.toJson(reader.read("again", json, null))).isEqualTo(json);
        assertThat(new ObjectMapper().readTree(json).fieldNames()).toIterable().containsExactly(
                "name", "data", "cv", "strategy", "training", "pruning", "space", "ensemble");
        assertThat(json).startsWith("{\"name\":\"boston-default\",\"data\":{\"dataset\":\"boston\","
                + "\"testFraction\":0.2,\"testSeed\":42},\"cv\":{\"folds\":3,\"seed\":0},"
                + "\"strategy\":{\"type\":\"tpe\",\"trials\":40,\"seed\":0,\"startup\":10,");
        assertThat(json).contains("\"space\":{\"hiddenLayers\":{\"intRange\":{\"min\":1,\"max\":4,\"step\":1}},"
                + "\"neurons\":{\"choice\":[16,32,64,128,256]},\"dropout\":{\"uniform\":{\"min\":0.0,\"max\":0.5}},"
                + "\"activation\":{\"choice\":[\"relu\",\"tanh\",\"elu\"]},");
        assertThat(json).endsWith("\"l2\":{\"fixed\":0.0}},\"ensemble\":{\"size\":25}}");
        assertThat(json).contains("\"minEpochs\":\"auto\",\"eta\":3,\"minTrialsPerRung\":\"auto\"}");
    }

    record Envelope(String searchId, SearchSpec spec) {
    }

    @Test
    void jackson_specInsideARecordRoundTrips() throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        Envelope envelope = new Envelope("s-1", richSpec());

        String json = mapper.writeValueAsString(envelope);

        assertThat(json).isEqualTo("{\"searchId\":\"s-1\",\"spec\":" + writer.toJson(richSpec()) + "}");
        assertThat(mapper.readValue(json, Envelope.class)).isEqualTo(envelope);
    }

    @Test
    void jackson_invalidSpecFailsAtDecode() {
        String json = "{\"searchId\":\"s-1\",\"spec\":"
                + writer.toJson(richSpec()).replace("\"maxEpochs\":30", "\"maxEpochs\":-1") + "}";

        assertThatThrownBy(() -> new ObjectMapper().readValue(json, Envelope.class))
                .hasRootCauseInstanceOf(InvalidSpecException.class)
                .rootCause().hasMessage("spec rich: training.maxEpochs: must be positive, found -1");
    }
}
