package dev.trialstream.worker.dl4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.Adam;

class StackedAdamTest {

    @Test
    void step_followsDl4jsAdamWithEachParametersOwnRate() {
        int n = 64;
        SplittableRandom random = new SplittableRandom(3);
        float[] params = new float[n];
        float[] rates = new float[n];
        for (int i = 0; i < n; i++) {
            params[i] = (float) random.nextGaussian();
            rates[i] = i < n / 2 ? 0.01f : 0.003f;
        }
        float[] expected = params.clone();
        StackedAdam adam = new StackedAdam(n);
        GradientUpdater<?> low = Adam.builder().learningRate(0.01).build()
                .instantiate(Nd4j.create(DataType.FLOAT, 1, 2 * n), true);
        GradientUpdater<?> high = Adam.builder().learningRate(0.003).build()
                .instantiate(Nd4j.create(DataType.FLOAT, 1, 2 * n), true);

        for (int iteration = 0; iteration < 20; iteration++) {
            float[] gradients = new float[n];
            for (int i = 0; i < n; i++) {
                gradients[i] = (float) random.nextGaussian();
            }
            INDArray g = Nd4j.create(gradients.clone(), new long[] {1, n}, 'c');
            INDArray h = g.dup();
            low.applyUpdater(g, iteration, 0);
            high.applyUpdater(h, iteration, 0);
            for (int i = 0; i < n; i++) {
                expected[i] -= (i < n / 2 ? g : h).getFloat(i);
            }
            adam.step(params, gradients, iteration, rates, null, null);
        }

        for (int i = 0; i < n; i++) {
            assertThat(params[i]).as("parameter " + i).isCloseTo(expected[i], within(1e-5f));
        }
    }
}
