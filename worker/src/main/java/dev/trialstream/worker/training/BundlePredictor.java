package dev.trialstream.worker.training;

import dev.trialstream.core.bundle.BundleMember;
import dev.trialstream.core.bundle.ModelBundle;
import dev.trialstream.core.data.NumericColumn;
import dev.trialstream.core.data.Table;
import dev.trialstream.core.metrics.RegressionMetrics;
import dev.trialstream.core.prep.FittedPreprocessing;
import dev.trialstream.core.prep.Matrix;
import dev.trialstream.core.training.Ensemble;
import dev.trialstream.core.training.FittedModel;
import dev.trialstream.core.training.Trainer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;

/**
 * Scores new rows with a bundle: the bundle's own preprocessing, then its model (the weighted mean of
 * its networks when it holds several: equal weights, or its ensemble members' weights), in target units.
 */
public final class BundlePredictor {

    private final ModelBundle bundle;
    private final Ensemble model;

    public BundlePredictor(Trainer trainer, ModelBundle bundle) {
        this(trainer, "the bundle", bundle);
    }

    /**
     * @param displayName names the bundle in errors, e.g. {@code --model m.zip}
     * @throws IllegalArgumentException (bad input) naming the bundle and the network that cannot be loaded
     */
    public BundlePredictor(Trainer trainer, String displayName, ModelBundle bundle) {
        this.bundle = bundle;
        List<FittedModel> members = new ArrayList<>();
        for (int member = 0; member < bundle.models().size(); member++) {
            members.add(load(trainer, displayName, member));
        }
        this.model = new Ensemble(members);
    }

    private FittedModel load(Trainer trainer, String displayName, int member) {
        try {
            return trainer.loadModel(new ByteArrayInputStream(bundle.models().get(member)));
        } catch (IOException | RuntimeException e) {
            // The engine's own words ("Model wasnt found within file ...") do not say which file: a
            // damaged network in a bundle is the bundle's fault, so name it and the network.
            throw new IllegalArgumentException(displayName + ": its network " + ModelBundle.entryName(member) + " ("
                    + (member + 1) + " of " + bundle.models().size() + ") cannot be loaded: the bundle is truncated or"
                    + " corrupt (" + e.getMessage() + ")", e);
        }
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

    /**
     * Scores against the table's target column when it has one, on the rows whose target is there:
     * a row with a missing target (empty, NaN, NA ...) is predicted but not scored (see
     * {@link #linesWithoutTarget}).
     */
    public Optional<RegressionMetrics> score(Table table, double[] predictions) {
        String target = bundle.info().preprocessing().target();
        if (!table.hasColumn(target)) {
            return Optional.empty();
        }
        NumericColumn truth = table.numeric(target);
        int[] scored = IntStream.range(0, truth.size()).filter(row -> !truth.isMissing(row)).toArray();
        double[] truthScored = new double[scored.length];
        double[] predictedScored = new double[scored.length];
        for (int i = 0; i < scored.length; i++) {
            truthScored[i] = truth.get(scored[i]);
            predictedScored[i] = predictions[scored[i]];
        }
        return Optional.of(RegressionMetrics.of(truthScored, predictedScored));
    }

    /** The input lines of the rows {@link #score} leaves out, their target missing; none without a target column. */
    public List<Integer> linesWithoutTarget(Table table) {
        String target = bundle.info().preprocessing().target();
        if (!table.hasColumn(target)) {
            return List.of();
        }
        NumericColumn truth = table.numeric(target);
        return IntStream.range(0, truth.size()).filter(truth::isMissing).mapToObj(table::line).toList();
    }
}
