package dev.trialstream.worker.dl4j;

import dev.trialstream.core.params.Optimizer;
import org.nd4j.linalg.learning.config.AdaGrad;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Nadam;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.learning.config.RmsProp;
import org.nd4j.linalg.learning.config.Sgd;

/**
 * Maps an optimizer onto ND4J's updater with a learning rate of 1: the rate (and its schedule) is
 * a per-member number in a pack, applied by {@link LockstepMlp} as an elementwise factor. Every
 * updater here is linear in its rate, either in the step ({@link #rateScalesGradient} false: Adam,
 * RMSProp, AdaGrad, Nadam scale their normalized step by it) or in the gradient it accumulates
 * (true: SGD, and Nesterov whose velocity holds {@code lr × g}), so scaling outside the updater
 * gives the same numbers as an updater built with that rate.
 */
final class Updaters {

    /** AdamW's decay when the trial sets no l2 (the PyTorch/Keras default). */
    static final double DEFAULT_ADAMW_DECAY = 0.01;

    private Updaters() {
    }

    static IUpdater unitRate(Optimizer optimizer) {
        return switch (optimizer) {
            case SGD -> new Sgd(1.0);
            case NESTEROV -> new Nesterovs(1.0, 0.9);
            case ADAM, ADAMW -> Adam.builder().learningRate(1.0).build();
            case RMSPROP -> RmsProp.builder().learningRate(1.0).rmsDecay(0.9).epsilon(1e-7).build();
            case ADAGRAD -> new AdaGrad(1.0, 1e-7);
            case NADAM -> Nadam.builder().learningRate(1.0).build();
        };
    }

    /** True when the rate multiplies the gradient before the updater, false when it multiplies the step after. */
    static boolean rateScalesGradient(Optimizer optimizer) {
        return optimizer == Optimizer.SGD || optimizer == Optimizer.NESTEROV;
    }

    /**
     * The L2 coefficient added to the kernels' gradient before the updater (coupled L2), or 0.
     * AdamW's decay is decoupled instead: see {@link #decoupledDecay}.
     */
    static double coupledL2(Optimizer optimizer, double l2) {
        return optimizer == Optimizer.ADAMW ? 0 : l2;
    }

    /** AdamW's decoupled weight decay, scaled by the learning rate as Loshchilov &amp; Hutter define it; 0 for others. */
    static double decoupledDecay(Optimizer optimizer, double l2) {
        if (optimizer != Optimizer.ADAMW) {
            return 0;
        }
        return l2 > 0 ? l2 : DEFAULT_ADAMW_DECAY;
    }
}
