package dev.trialstream.worker.training;

import dev.trialstream.core.bundle.ModelBundle;
import dev.trialstream.core.data.Table;
import dev.trialstream.core.metrics.RegressionMetrics;
import dev.trialstream.core.prep.FittedPreprocessing;
import dev.trialstream.core.training.FittedModel;
import dev.trialstream.core.training.Trainer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;

/** Scores new rows with a bundle: the bundle's own preprocessing, then its model, in target units. */
public final class BundlePredictor {

    private final ModelBundle bundle;
    private final FittedModel model;

    public BundlePredictor(Trainer trainer, ModelBundle bundle) {
        this.bundle = bundle;
        try {
            this.model = trainer.loadModel(new ByteArrayInputStream(bundle.model()));
        } catch (IOException e) {
            throw new UncheckedIOException("could not load the bundle's model", e);
        }
    }

    /** Predictions for every row of the table, in the target's own units. */
    public double[] predict(Table table) {
        FittedPreprocessing prep = bundle.info().preprocessing();
        return prep.unscaleTargets(model.predict(prep.features(table)));
    }

    /** Scores against the table's target column when it has one. */
    public Optional<RegressionMetrics> score(Table table, double[] predictions) {
        String target = bundle.info().preprocessing().target();
        if (!table.hasColumn(target)) {
            return Optional.empty();
        }
        return Optional.of(RegressionMetrics.of(table.numeric(target).values(), predictions));
    }
}
