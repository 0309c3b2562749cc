package dev.trialstream.worker.dl4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.trialstream.core.params.Optimizer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.IUpdater;

/** {@link StackedNesterov} and {@link StackedSgd} against the DL4J updaters LockstepMlp used for them before. */
class StackedNesterovTest {

    @ParameterizedTest
    @EnumSource(value = Optimizer.class, names = {"NESTEROV", "SGD"})
    void step_followsDl4jsUpdaterWithEachParametersOwnRateAndL2(Optimizer optimizer) {
        int n = 64;
        UpdaterCase test = UpdaterCase.of(n);
        float[] params = test.params();
        float[] rates = test.rates();
        float[] l2 = test.l2();
        float[] expected = params.clone();
        HostUpdater host = HostUpdater.of(optimizer, n, null);
        // DL4J's updater at rate 1 with the rate applied to the gradient first (Updaters.rateScalesGradient).
        IUpdater unit = Updaters.unitRate(optimizer);
        long stateSize = unit.stateSize(n);
        GradientUpdater<?> dl4j = unit.instantiate(stateSize > 0 ? Nd4j.create(DataType.FLOAT, 1, stateSize) : null, true);

        for (int iteration = 0; iteration < 20; iteration++) {
            float[] gradients = test.gradients();
            float[] scaled = new float[n];
            for (int i = 0; i < n; i++) {
                scaled[i] = (gradients[i] + l2[i] * expected[i]) * rates[i];
            }
            INDArray g = Nd4j.create(scaled, new long[] {1, n}, 'c');
            dl4j.applyUpdater(g, iteration, 0);
            for (int i = 0; i < n; i++) {
                expected[i] -= g.getFloat(i);
            }
            host.step(params, gradients, iteration, rates, l2, null);
        }

        for (int i = 0; i < n; i++) {
            assertThat(params[i]).as("parameter " + i).isCloseTo(expected[i], within(1e-5f));
        }
    }

    @org.junit.jupiter.api.Test
    void state_isTheVelocityThatAFreshUpdaterContinuesFrom() {
        float[] params = {1f, -2f};
        StackedNesterov first = new StackedNesterov(2);
        first.step(params, new float[] {0.5f, -1f}, 0, new float[] {0.1f, 0.1f}, null, null);
        float[] velocity = first.state()[0].clone();
        assertThat(velocity[0]).isCloseTo(-0.05f, within(1e-7f));
        assertThat(velocity[1]).isCloseTo(0.1f, within(1e-7f));

        float[] a = params.clone();
        float[] b = params.clone();
        first.step(a, new float[] {0.2f, 0.3f}, 1, new float[] {0.1f, 0.1f}, null, null);
        new StackedNesterov(velocity.clone()).step(b, new float[] {0.2f, 0.3f}, 1, new float[] {0.1f, 0.1f}, null, null);
        assertThat(b).containsExactly(a);
    }
}
