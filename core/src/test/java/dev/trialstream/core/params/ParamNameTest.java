package dev.trialstream.core.params;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ParamNameTest {

    @Test
    void coerce_intParameterGivesInteger() {
        assertThat(ParamName.NEURONS.coerce(64)).isInstanceOf(Integer.class).isEqualTo(64);
        assertThat(ParamName.NEURONS.coerce("128")).isEqualTo(128);
        assertThat(ParamName.DROPOUT.coerce(0)).isInstanceOf(Double.class).isEqualTo(0.0);
    }

    @Test
    void fromMap_intParameter() {
        assertThat(Hyperparameters.fromMap(Map.of("neurons", 16, "batchSize", "64")))
                .extracting(Hyperparameters::neurons, Hyperparameters::batchSize)
                .containsExactly(16, 64);
    }
}
