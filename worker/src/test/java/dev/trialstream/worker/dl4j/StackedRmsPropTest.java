package dev.trialstream.worker.dl4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.trialstream.core.params.Optimizer;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.IUpdater;

class StackedRmsPropTest {

    @Test
    void step_followsDl4jsRmsPropWithEachParametersOwnRateAndL2() {
        int n = 64;
        UpdaterCase test = UpdaterCase.of(n);
        float[] params = test.params();
        float[] rates = test.rates();
        float[] l2 = test.l2();
        float[] expected = params.clone();
        StackedRmsProp rmsProp = new StackedRmsProp(n);
        // The updater LockstepMlp used for RMSProp before: DL4J's at rate 1, the rate applied after it.
        IUpdater unit = Updaters.unitRate(Optimizer.RMSPROP);
        GradientUpdater<?> dl4j = unit.instantiate(Nd4j.create(DataType.FLOAT, 1, unit.stateSize(n)), true);

        for (int iteration = 0; iteration < 20; iteration++) {
            float[] gradients = test.gradients();
            float[] withL2 = new float[n];
            for (int i = 0; i < n; i++) {
                withL2[i] = gradients[i] + l2[i] * expected[i];
            }
            INDArray g = Nd4j.create(withL2, new long[] {1, n}, 'c');
            dl4j.applyUpdater(g, iteration, 0);
            for (int i = 0; i < n; i++) {
                expected[i] -= g.getFloat(i) * rates[i];
            }
            rmsProp.step(params, gradients, iteration, rates, l2, null);
        }

        for (int i = 0; i < n; i++) {
            assertThat(params[i]).as("parameter " + i).isCloseTo(expected[i], within(1e-5f));
        }
    }

    @Test
    void state_isTheMeanSquareThatAFreshUpdaterContinuesFrom() {
        float[] params = {1f, -2f};
        StackedRmsProp first = new StackedRmsProp(2);
        first.step(params, new float[] {0.5f, -1f}, 0, new float[] {0.1f, 0.1f}, null, null);
        float[] meanSquare = first.state()[0].clone();
        assertThat(meanSquare[0]).isCloseTo(0.9f * 1e-7f + 0.1f * 0.25f, within(1e-8f));
        assertThat(meanSquare[1]).isCloseTo(0.9f * 1e-7f + 0.1f * 1f, within(1e-8f));

        float[] a = params.clone();
        float[] b = params.clone();
        first.step(a, new float[] {0.2f, 0.3f}, 1, new float[] {0.1f, 0.1f}, null, null);
        new StackedRmsProp(meanSquare.clone()).step(b, new float[] {0.2f, 0.3f}, 1, new float[] {0.1f, 0.1f}, null, null);
        assertThat(b).containsExactly(a);
    }
}
