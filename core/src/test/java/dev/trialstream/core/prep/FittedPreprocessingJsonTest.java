package dev.trialstream.core.prep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trialstream.core.data.Dataset;
import dev.trialstream.core.data.DataSpec;
import dev.trialstream.core.data.DatasetLoader;
import java.util.List;
import org.junit.jupiter.api.Test;

class FittedPreprocessingJsonTest {

    private final ObjectMapper mapper = new ObjectMapper();

    @Test
    void shouldRoundTripThroughJson() throws Exception {
        FittedPreprocessing fitted = new FittedPreprocessing("y", 25.5, 11.25, List.of(
                new NumericFeature("a", 3, 3.75, 2.586),
                new CategoricalFeature("c", List.of("blue", "red"), List.of("green"), "red"),
                new CategoricalFeature("d", List.of(), List.of(), null)));

        String json = mapper.writeValueAsString(fitted);
        FittedPreprocessing back = mapper.readValue(json, FittedPreprocessing.class);

        assertThat(back).isEqualTo(fitted);
        assertThat(json).isEqualTo("{\"target\":\"y\",\"targetMean\":25.5,\"targetStd\":11.25,\"features\":["
                + "{\"type\":\"numeric\",\"name\":\"a\",\"imputeValue\":3.0,\"mean\":3.75,\"std\":2.586},"
                + "{\"type\":\"categorical\",\"name\":\"c\",\"vocabulary\":[\"blue\",\"red\"],"
                + "\"padding\":[\"green\"],\"imputeValue\":\"red\"},"
                + "{\"type\":\"categorical\",\"name\":\"d\",\"vocabulary\":[],\"padding\":[],\"imputeValue\":null}]}");
    }

    @Test
    void shouldRoundTripCaliforniaStateAndEncodeTheSame() throws Exception {
        Dataset california = new DatasetLoader().load(DataSpec.builtin("california"));
        FittedPreprocessing fitted = new FoldPreparer(PrepOptions.DEFAULTS).prepareFinal(california).preprocessing();

        FittedPreprocessing back = mapper.readValue(mapper.writeValueAsBytes(fitted), FittedPreprocessing.class);

        assertThat(back).isEqualTo(fitted);
        assertThat(back.features(california.test()).data()).containsExactly(fitted.features(california.test()).data());
    }

    @Test
    void shouldRejectInvalidStateWhenDecoding() {
        String json = "{\"target\":\"y\",\"targetMean\":0,\"targetStd\":1,\"features\":["
                + "{\"type\":\"numeric\",\"name\":\"a\",\"imputeValue\":0,\"mean\":0,\"std\":0}]}";

        assertThatThrownBy(() -> mapper.readValue(json, FittedPreprocessing.class))
                .isInstanceOf(JsonMappingException.class)
                .hasMessageContaining("feature \"a\": std must be > 0, found 0.0");
    }

    @Test
    void shouldRejectUnknownFeatureType() {
        String json = "{\"target\":\"y\",\"targetMean\":0,\"targetStd\":1,\"features\":["
                + "{\"type\":\"java.lang.Runtime\",\"name\":\"a\"}]}";

        assertThatThrownBy(() -> mapper.readValue(json, FittedPreprocessing.class))
                .isInstanceOf(JsonMappingException.class)
                .hasMessageContaining("Could not resolve type id 'java.lang.Runtime'");
    }
}
