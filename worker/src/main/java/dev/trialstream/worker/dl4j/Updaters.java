package dev.trialstream.worker.dl4j;

import dev.trialstream.core.params.Hyperparameters;
import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.learning.config.AdaGrad;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Nadam;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.learning.config.RmsProp;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.learning.regularization.L2Regularization;
import org.nd4j.linalg.learning.regularization.Regularization;
import org.nd4j.linalg.learning.regularization.WeightDecay;
import org.nd4j.linalg.schedule.ISchedule;

/** Maps a trial's optimizer, learning rate, schedule and L2 onto ND4J updaters. */
final class Updaters {

    /** AdamW's decay when the trial sets no l2 (the PyTorch/Keras default). */
    static final double DEFAULT_ADAMW_DECAY = 0.01;

    private Updaters() {
    }

    static IUpdater updater(Hyperparameters params, int maxEpochs) {
        ISchedule lr = new EpochRateSchedule(params.lrSchedule(), params.learningRate(), maxEpochs);
        return switch (params.optimizer()) {
            case SGD -> new Sgd(lr);
            case NESTEROV -> new Nesterovs(lr, 0.9);
            case ADAM, ADAMW -> Adam.builder().learningRateSchedule(lr).build();
            case RMSPROP -> RmsProp.builder().learningRateSchedule(lr).rmsDecay(0.9).epsilon(1e-7).build();
            case ADAGRAD -> new AdaGrad(lr, 1e-7);
            case NADAM -> Nadam.builder().learningRateSchedule(lr).build();
        };
    }

    static List<Regularization> regularization(Hyperparameters params) {
        List<Regularization> list = new ArrayList<>();
        if (params.optimizer() == dev.trialstream.core.params.Optimizer.ADAMW) {
            // Decoupled decay, scaled by the learning rate: AdamW as Loshchilov & Hutter define it.
            list.add(new WeightDecay(params.l2() > 0 ? params.l2() : DEFAULT_ADAMW_DECAY, true));
        } else if (params.l2() > 0) {
            list.add(new L2Regularization(params.l2()));
        }
        return list;
    }
}
