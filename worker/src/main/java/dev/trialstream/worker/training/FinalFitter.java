package dev.trialstream.worker.training;

import dev.trialstream.core.bundle.BundleInfo;
import dev.trialstream.core.bundle.ModelBundle;
import dev.trialstream.core.data.Dataset;
import dev.trialstream.core.metrics.RegressionMetrics;
import dev.trialstream.core.params.Hyperparameters;
import dev.trialstream.core.prep.FoldPreparer;
import dev.trialstream.core.prep.PrepOptions;
import dev.trialstream.core.prep.PreparedFinal;
import dev.trialstream.core.training.FinalFitJob;
import dev.trialstream.core.training.FittedModel;
import dev.trialstream.core.training.Trainer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;

/**
 * Trains the chosen configuration on the whole training set, scores the test split in the
 * target's own units, and packs the model with its preprocessing into a {@link ModelBundle}.
 */
public final class FinalFitter {

    private final Trainer trainer;
    private final Clock clock;

    public FinalFitter(Trainer trainer, Clock clock) {
        this.trainer = trainer;
        this.clock = clock;
    }

    /** Who asked, so the bundle can say where its parameters came from. */
    public record Origin(String searchId, String trialId, double cvMse) {
        public static Origin standalone(double cvMse) {
            return new Origin("", "", cvMse);
        }
    }

    public ModelBundle fit(Dataset dataset, PrepOptions prep, Hyperparameters params, long seed, int epochs,
                           Origin origin) {
        PreparedFinal prepared = new FoldPreparer(prep).prepareFinal(dataset);
        FittedModel model = trainer.finalFit(new FinalFitJob(params, seed, epochs, prepared.data()));
        double[] predicted = prepared.preprocessing().unscaleTargets(model.predict(prepared.data().validX()));
        double[] truth = dataset.test().rows() == 0 ? new double[0] : dataset.test().numeric(dataset.target()).values();
        RegressionMetrics test = RegressionMetrics.of(truth, predicted);
        BundleInfo info = new BundleInfo(BundleInfo.SCHEMA_VERSION, origin.searchId(), origin.trialId(), dataset.name(),
                dataset.fingerprint(), params, epochs, seed, prepared.preprocessing(), test, origin.cvMse(),
                trainer.backend(), clock.millis());
        return new ModelBundle(info, bytes(model));
    }

    private static byte[] bytes(FittedModel model) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            model.writeTo(out);
        } catch (IOException e) {
            throw new UncheckedIOException("could not serialize the model", e);
        }
        return out.toByteArray();
    }
}
