package dev.trialstream.worker.training;

import dev.trialstream.core.bundle.BundleMember;
import dev.trialstream.core.bundle.ModelBundle;
import dev.trialstream.core.data.Table;
import dev.trialstream.core.metrics.RegressionMetrics;
import dev.trialstream.core.prep.FittedPreprocessing;
import dev.trialstream.core.prep.Matrix;
import dev.trialstream.core.training.Ensemble;
import dev.trialstream.core.training.FittedModel;
import dev.trialstream.core.training.Trainer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Scores new rows with a bundle: the bundle's own preprocessing, then its model (the weighted mean of
 * its networks when it holds several: equal weights, or its ensemble members' weights), in target units.
 */
public final class BundlePredictor {

    private final ModelBundle bundle;
    private final Ensemble model;

    public BundlePredictor(Trainer trainer, ModelBundle bundle) {
        this.bundle = bundle;
        List<FittedModel> members = new ArrayList<>();
        for (byte[] member : bundle.models()) {
            try {
                members.add(trainer.loadModel(new ByteArrayInputStream(member)));
            } catch (IOException e) {
                throw new UncheckedIOException("could not load the bundle's model " + (members.size() + 1) + " of "
                        + bundle.models().size(), e);
            }
        }
        this.model = new Ensemble(members);
    }

    /** Predictions for every row of the table, in the target's own units. */
    public double[] predict(Table table) {
        FittedPreprocessing prep = bundle.info().preprocessing();
        Matrix features = prep.features(table);
        List<float[]> predicted = model.members().stream().map(m -> m.predict(features)).toList();
        return prep.unscaleTargets(Ensemble.weightedMean(predicted, bundle.info().networkWeights()));
    }

    /**
     * Each ensemble member's own predictions (the mean of its networks), in the target's units, by
     * trial id in the bundle's order; empty for a bundle of one configuration.
     */
    public Map<String, double[]> memberPredictions(Table table) {
        Map<String, double[]> byMember = new LinkedHashMap<>();
        FittedPreprocessing prep = bundle.info().preprocessing();
        Matrix features = prep.features(table);
        int network = 0;
        for (BundleMember member : bundle.info().members()) {
            List<float[]> own = new ArrayList<>();
            for (int i = 0; i < member.models(); i++) {
                own.add(model.members().get(network++).predict(features));
            }
            byMember.put(member.trialId(), prep.unscaleTargets(Ensemble.mean(own)));
        }
        return byMember;
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
