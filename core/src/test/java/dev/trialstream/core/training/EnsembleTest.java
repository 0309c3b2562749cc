package dev.trialstream.core.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trialstream.core.prep.Matrix;
import java.io.OutputStream;
import java.util.List;
import org.junit.jupiter.api.Test;

class EnsembleTest {

    /** Predicts {@code scale * x + shift} for a one-column input. */
    private static FittedModel line(float scale, float shift) {
        return new FittedModel() {
            @Override
            public float[] predict(Matrix features) {
                float[] out = new float[features.rows()];
                for (int i = 0; i < out.length; i++) {
                    out[i] = scale * features.get(i, 0) + shift;
                }
                return out;
            }

            @Override
            public void writeTo(OutputStream out) {
                throw new UnsupportedOperationException();
            }
        };
    }

    @Test
    void ensemble_predictsTheMeanOfItsMembers() {
        Matrix x = new Matrix(3, 1, new float[] {0, 1, 2});

        float[] mean = new Ensemble(List.of(line(1, 0), line(3, 1), line(2, 2))).predict(x);

        assertThat(mean).containsExactly(1f, 3f, 5f);
    }

    @Test
    void ensemble_ofOneIsThatModel() {
        Matrix x = new Matrix(2, 1, new float[] {4, -1});

        assertThat(new Ensemble(List.of(line(0.5f, 1))).predict(x)).containsExactly(3f, 0.5f);
    }

    @Test
    void ensemble_needsAMember() {
        assertThatThrownBy(() -> new Ensemble(List.of())).hasMessageContaining("at least one model");
    }
}
