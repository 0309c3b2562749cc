package dev.trialstream.worker.training;

import dev.trialstream.core.bundle.BundleInfo;
import dev.trialstream.core.bundle.BundleMember;
import dev.trialstream.core.bundle.ModelBundle;
import dev.trialstream.core.data.Dataset;
import dev.trialstream.core.message.FinalFitMember;
import dev.trialstream.core.metrics.RegressionMetrics;
import dev.trialstream.core.params.Hyperparameters;
import dev.trialstream.core.prep.FoldPreparer;
import dev.trialstream.core.prep.PrepOptions;
import dev.trialstream.core.prep.PreparedFinal;
import dev.trialstream.core.training.Ensemble;
import dev.trialstream.core.training.FinalFitJob;
import dev.trialstream.core.training.FittedModel;
import dev.trialstream.core.training.Trainer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * Trains the chosen configuration on the whole training set ({@code models} networks with seeds
 * {@code seed, seed + 1, ...}, averaged), scores the test split in the target's own units, and packs
 * the networks with their preprocessing into a {@link ModelBundle}. All networks of a fit go to the
 * trainer in one {@link Trainer#finalFitPack} call, which stacks those that share a shape.
 */
public final class FinalFitter {

    private final Trainer trainer;
    private final Clock clock;

    public FinalFitter(Trainer trainer, Clock clock) {
        this.trainer = trainer;
        this.clock = clock;
    }

    /**
     * Who asked, so the bundle can say where its parameters came from.
     *
     * @param cvMse the configuration's CV MSE when the caller measured it, else NaN (a search's
     *              winner has its CV scores on the search's leaderboard)
     */
    public record Origin(String searchId, String trialId, double cvMse) {

        /** A search's winner. */
        public Origin(String searchId, String trialId) {
            this(searchId, trialId, Double.NaN);
        }

        public static Origin standalone(double cvMse) {
            return new Origin("", "", cvMse);
        }
    }

    public ModelBundle fit(Dataset dataset, PrepOptions prep, Hyperparameters params, long seed, int epochs,
                           int models, Origin origin) {
        if (models < 1) {
            throw new IllegalArgumentException("models must be positive, found " + models);
        }
        PreparedFinal prepared = new FoldPreparer(prep).prepareFinal(dataset);
        List<FinalFitJob> jobs = new ArrayList<>();
        for (int member = 0; member < models; member++) {
            jobs.add(new FinalFitJob(params, seed + member, epochs, prepared.data()));
        }
        List<FittedModel> members = trainer.finalFitPack(jobs);
        double[] truth = dataset.test().rows() == 0 ? new double[0] : dataset.test().numeric(dataset.target()).values();
        List<float[]> predicted = members.stream().map(m -> m.predict(prepared.data().validX())).toList();
        List<RegressionMetrics> memberTests = predicted.stream().map(p -> score(truth, prepared, p)).toList();
        RegressionMetrics test = score(truth, prepared, Ensemble.mean(predicted));
        BundleInfo info = new BundleInfo(BundleInfo.SCHEMA_VERSION, origin.searchId(), origin.trialId(), dataset.name(),
                dataset.fingerprint(), params, epochs, seed, models, prepared.preprocessing(), test, memberTests,
                origin.cvMse(), trainer.backend(), clock.millis());
        return new ModelBundle(info, members.stream().map(FinalFitter::bytes).toList());
    }

    /**
     * A search's ensemble: each member's configuration trained on the whole training set for its
     * trial's epochs ({@code models} networks each, averaged), the bundle predicting the members'
     * weighted mean. One member is {@link #fit} of that member alone.
     *
     * @param winner the search's best single trial, which the bundle's top-level fields describe
     */
    public ModelBundle fitEnsemble(Dataset dataset, PrepOptions prep, List<FinalFitMember> ensemble,
                                   FinalFitMember winner, int models, Origin origin) {
        if (ensemble.size() == 1) {
            FinalFitMember only = ensemble.get(0);
            return fit(dataset, prep, only.params(), only.seed(), only.epochs(), models,
                    new Origin(origin.searchId(), only.trialId(), origin.cvMse()));
        }
        PreparedFinal prepared = new FoldPreparer(prep).prepareFinal(dataset);
        double[] truth = dataset.test().rows() == 0 ? new double[0] : dataset.test().numeric(dataset.target()).values();
        // Every member's every seed in one call, so the trainer can stack those that share a shape.
        List<FinalFitJob> jobs = new ArrayList<>();
        for (FinalFitMember member : ensemble) {
            for (int n = 0; n < models; n++) {
                jobs.add(new FinalFitJob(member.params(), member.seed() + n, member.epochs(), prepared.data()));
            }
        }
        List<FittedModel> networks = trainer.finalFitPack(jobs);
        List<float[]> predicted = new ArrayList<>();
        List<float[]> memberPredicted = new ArrayList<>();
        List<BundleMember> members = new ArrayList<>();
        double[] weights = new double[ensemble.size()];
        for (int m = 0; m < ensemble.size(); m++) {
            FinalFitMember member = ensemble.get(m);
            List<float[]> own = new ArrayList<>();
            for (int n = 0; n < models; n++) {
                own.add(networks.get(m * models + n).predict(prepared.data().validX()));
            }
            predicted.addAll(own);
            float[] mean = Ensemble.mean(own);
            memberPredicted.add(mean);
            weights[m] = member.weight();
            members.add(new BundleMember(member.trialId(), member.params(), member.epochs(), member.seed(),
                    member.weight(), models, score(truth, prepared, mean)));
        }
        RegressionMetrics test = score(truth, prepared, Ensemble.weightedMean(memberPredicted, weights));
        List<RegressionMetrics> networkTests = predicted.stream().map(p -> score(truth, prepared, p)).toList();
        BundleInfo info = new BundleInfo(BundleInfo.SCHEMA_VERSION, origin.searchId(), winner.trialId(),
                dataset.name(), dataset.fingerprint(), winner.params(), winner.epochs(), winner.seed(),
                networks.size(), prepared.preprocessing(), test, networkTests, origin.cvMse(), trainer.backend(),
                clock.millis(), members);
        return new ModelBundle(info, networks.stream().map(FinalFitter::bytes).toList());
    }

    private static RegressionMetrics score(double[] truth, PreparedFinal prepared, float[] predicted) {
        return RegressionMetrics.of(truth, prepared.preprocessing().unscaleTargets(predicted));
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
