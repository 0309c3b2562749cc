package dev.trialstream.core.ensemble;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trialstream.core.message.MessageCodec;
import dev.trialstream.core.message.MessageDecodeException;
import dev.trialstream.core.message.MessageSamples;
import dev.trialstream.core.message.TrialCompleted;
import dev.trialstream.core.prep.Fold;
import dev.trialstream.core.prep.FoldPlan;
import dev.trialstream.core.prep.Matrix;
import dev.trialstream.core.training.FoldData;
import java.util.List;
import org.junit.jupiter.api.Test;

class OutOfFoldTest {

    /** Rows 0..4: fold 0 validates rows 1 and 3, fold 1 rows 0, 2 and 4. */
    private static final FoldPlan PLAN = new FoldPlan(5, List.of(
            new Fold(new int[] {0, 2, 4}, new int[] {1, 3}), new Fold(new int[] {1, 3}, new int[] {0, 2, 4})));
    private static final double[] TARGETS = {100, 110, 120, 130, 140};

    /** A fold whose target was standardized with {@code mean} and {@code scale}. */
    private static FoldData fold(int[] valid, double mean, double scale) {
        float[] scaled = new float[valid.length];
        for (int i = 0; i < valid.length; i++) {
            scaled[i] = (float) ((TARGETS[valid[i]] - mean) / scale);
        }
        return new FoldData(Matrix.zeros(1, 1), new float[1], Matrix.zeros(valid.length, 1), scaled, scale);
    }

    @Test
    void assemble_putsEachFoldsPredictionsBackAtTheirRowsInTheTargetsUnits() {
        List<FoldData> folds = List.of(fold(new int[] {1, 3}, 120, 10), fold(new int[] {0, 2, 4}, 120, 20));
        // Fold 0 predicts row 1 as 1.0 scaled (130) and row 3 as 0.5 (125); fold 1 predicts 0 (120) everywhere.
        List<float[]> predictions = List.of(new float[] {1.0f, 0.5f}, new float[] {0f, 0f, 0f});

        OutOfFold oof = OutOfFold.assemble(PLAN, folds, predictions, TARGETS);

        assertThat(oof.predictions()).containsExactly(120f, 130f, 120f, 125f, 120f);
        assertThat(oof.targets()).containsExactly(100f, 110f, 120f, 130f, 140f);
    }

    @Test
    void assemble_refusesPredictionsThatDoNotMatchTheFold() {
        List<FoldData> folds = List.of(fold(new int[] {1, 3}, 0, 1), fold(new int[] {0, 2, 4}, 0, 1));

        assertThatThrownBy(() -> OutOfFold.assemble(PLAN, folds, List.of(new float[2], new float[2]), TARGETS))
                .hasMessage("fold 1 validates 3 rows but has 2 predictions and 3 targets");
    }

    @Test
    void decode_refusesAPayloadThatIsNotWholeFloats() {
        String json = new MessageCodec().encodeToString(MessageSamples.all().stream()
                .filter(TrialCompleted.class::isInstance).findFirst().orElseThrow());
        String broken = json.replaceFirst("\"predictions\":\"[^\"]*\"", "\"predictions\":\"AAAA\"");

        assertThatThrownBy(() -> new MessageCodec().decode(broken.getBytes(), TrialCompleted.class))
                .isInstanceOf(MessageDecodeException.class)
                .hasMessageContaining("predictions must be a whole number of float32s, found 3 bytes");
    }

    @Test
    void outOfFold_refusesPredictionsAndTargetsOfDifferentLengths() {
        assertThatThrownBy(() -> new OutOfFold(new float[3], new float[2]))
                .hasMessage("3 out-of-fold predictions for 2 targets");
    }

    @Test
    void toBytes_roundTripsThroughTheBlobStoresForm() {
        OutOfFold oof = new OutOfFold(new float[] {1.5f, -2f, 24.25f}, new float[] {1f, 2f, 3f});

        byte[] bytes = oof.toBytes();

        assertThat(bytes).hasSize(24).startsWith(0, 0, (byte) 0xc0, 0x3f);
        assertThat(OutOfFold.fromBytes(bytes, "t.oof")).isEqualTo(oof);
        assertThatThrownBy(() -> OutOfFold.fromBytes(new byte[12], "t.oof"))
                .hasMessage("t.oof: out-of-fold predictions must be a positive multiple of 8 bytes (a float32 prediction"
                        + " and target per row), found 12");
    }

    @Test
    void tooLargeInline_aboveTheInlineLimitOf24576Rows() {
        assertThat(new OutOfFold(new float[24_576], new float[24_576]).tooLargeInline()).isFalse();
        assertThat(new OutOfFold(new float[24_577], new float[24_577]).tooLargeInline()).isTrue();
    }
}
