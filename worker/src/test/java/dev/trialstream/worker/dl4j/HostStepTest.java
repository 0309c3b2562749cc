package dev.trialstream.worker.dl4j;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trialstream.core.params.Hyperparameters;
import dev.trialstream.core.prep.Matrix;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The CPU host step ({@link HostGemm}, {@link HostLayers}, {@link HostActivation}, the host
 * updaters) against the ND4J ops and DL4J updaters it replaces, for every activation and every
 * optimizer with a host updater.
 */
class HostStepTest {

    private static final int FEATURES = 5;

    private static Hyperparameters params(String activation, String optimizer, double dropout, double l2) {
        return Hyperparameters.fromMap(Map.of("hiddenLayers", 2, "neurons", 16, "batchSize", 16,
                "activation", activation, "optimizer", optimizer, "learningRate", 0.01, "dropout", dropout,
                "l2", l2));
    }

    /**
     * Two trials of two members each (the second with dropout and L2), members of 70 and 60 rows
     * (padded batches).
     */
    private static LockstepMlp net(String activation, String optimizer, boolean hostStep) {
        List<LockstepMlp.Member> members = new ArrayList<>();
        for (int m = 0; m < 4; m++) {
            Hyperparameters p = m < 2 ? params(activation, optimizer, 0, 0) : params(activation, optimizer, 0.3, 1e-3);
            members.add(new LockstepMlp.Member(p, 10, new SplittableRandom(100 + m)));
        }
        return LockstepMlp.create(members, FEATURES, hostStep);
    }

    private static StackedBatches batches() {
        List<Matrix> x = new ArrayList<>();
        List<float[]> y = new ArrayList<>();
        List<SplittableRandom> order = new ArrayList<>();
        SplittableRandom data = new SplittableRandom(7);
        for (int m = 0; m < 4; m++) {
            int rows = m % 2 == 0 ? 70 : 60;
            float[] values = new float[rows * FEATURES];
            float[] target = new float[rows];
            for (int i = 0; i < rows; i++) {
                for (int f = 0; f < FEATURES; f++) {
                    values[i * FEATURES + f] = (float) data.nextGaussian();
                    target[i] += (f + 1) * values[i * FEATURES + f] * 0.3f;
                }
            }
            x.add(new Matrix(rows, FEATURES, values));
            y.add(target);
            order.add(new SplittableRandom(200 + m));
        }
        return new StackedBatches(x, y, 16, order, List.of(new StackedBatches.MaskGroup(2, 0, new SplittableRandom(1)),
                new StackedBatches.MaskGroup(2, 0.3, new SplittableRandom(2))), List.of(16, 16));
    }

    private static void train(LockstepMlp net, StackedBatches batches, int epochs) {
        for (int e = 0; e < epochs; e++) {
            batches.shuffle();
            while (batches.hasNext()) {
                net.step(batches, e);
            }
        }
    }

    @ParameterizedTest(name = "{0} with {1}")
    @CsvSource({"relu, adam", "tanh, adam", "elu, adam", "sigmoid, adam", "leakyrelu, adam", "selu, adam",
            "relu, nesterov", "elu, nesterov", "tanh, sgd", "relu, rmsprop", "elu, adamw"})
    void hostStep_trainsEveryMemberAsTheNd4jOpsDo(String activation, String optimizer) {
        LockstepMlp host = net(activation, optimizer, true);
        LockstepMlp nd4j = net(activation, optimizer, false);
        float[] before = host.kernel(1, 3).data().asFloat();
        train(host, batches(), 4);
        train(nd4j, batches(), 4);
        assertThat(host.kernel(1, 3).data().asFloat()).isNotEqualTo(before);
        for (int l = 0; l < 3; l++) {
            for (int m = 0; m < 4; m++) {
                float[] expected = nd4j.kernel(l, m).data().asFloat();
                float[] actual = host.kernel(l, m).data().asFloat();
                for (int i = 0; i < expected.length; i++) {
                    assertThat(actual[i]).as("layer %d member %d kernel %d", l, m, i)
                            .isCloseTo(expected[i], org.assertj.core.api.Assertions.within(1e-4f));
                }
                float[] expectedBias = nd4j.bias(l, m).data().asFloat();
                float[] actualBias = host.bias(l, m).data().asFloat();
                for (int i = 0; i < expectedBias.length; i++) {
                    assertThat(actualBias[i]).as("layer %d member %d bias %d", l, m, i)
                            .isCloseTo(expectedBias[i], org.assertj.core.api.Assertions.within(1e-4f));
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"relu", "tanh", "elu", "sigmoid", "leakyrelu", "selu"})
    void hostPredict_givesTheNd4jForwardPass(String activation) {
        LockstepMlp host = net(activation, "adam", true);
        LockstepMlp nd4j = net(activation, "adam", false);
        train(host, batches(), 2);
        train(nd4j, batches(), 2);
        org.nd4j.linalg.api.ndarray.INDArray x = org.nd4j.linalg.factory.Nd4j.rand(
                org.nd4j.linalg.api.buffer.DataType.FLOAT, 4, 9, FEATURES).subi(0.5);
        float[] expected = nd4j.predict(x);
        float[] actual = host.predict(x);
        assertThat(actual).hasSameSizeAs(expected);
        for (int i = 0; i < expected.length; i++) {
            assertThat(actual[i]).as("row %d", i).isCloseTo(expected[i], org.assertj.core.api.Assertions.within(1e-4f));
        }
    }

    @Test
    void step_isOneForPositiveValuesOnlyWithoutABranch() {
        assertThat(HostLayers.step(Float.MIN_VALUE)).isEqualTo(1f);
        assertThat(HostLayers.step(3.5f)).isEqualTo(1f);
        assertThat(HostLayers.step(Float.MAX_VALUE)).isEqualTo(1f);
        assertThat(HostLayers.step(0f)).isEqualTo(0f);
        assertThat(HostLayers.step(-0f)).isEqualTo(0f);
        assertThat(HostLayers.step(-Float.MIN_VALUE)).isEqualTo(0f);
        assertThat(HostLayers.step(-1e30f)).isEqualTo(0f);
    }
}
