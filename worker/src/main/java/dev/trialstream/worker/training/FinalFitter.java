package dev.trialstream.worker.training;

import dev.trialstream.core.bundle.BundleInfo;
import dev.trialstream.core.bundle.BundleMember;
import dev.trialstream.core.bundle.ModelBundle;
import dev.trialstream.core.data.Dataset;
import dev.trialstream.core.ensemble.EnsembleSelection;
import dev.trialstream.core.message.FinalFitMember;
import dev.trialstream.core.metrics.RegressionMetrics;
import dev.trialstream.core.params.Hyperparameters;
import dev.trialstream.core.prep.FoldPreparer;
import dev.trialstream.core.prep.PrepOptions;
import dev.trialstream.core.prep.PreparedFinal;
import dev.trialstream.core.training.Divergence;
import dev.trialstream.core.training.Ensemble;
import dev.trialstream.core.training.FinalFitJob;
import dev.trialstream.core.training.FittedModel;
import dev.trialstream.core.training.FoldData;
import dev.trialstream.core.training.RawTargetScale;
import dev.trialstream.core.training.Trainer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Trains the chosen configuration on the whole training set ({@code models} networks with seeds
 * {@code seed, seed + 1, ...}, averaged), scores the test split in the target's own units, and packs
 * the networks with their preprocessing into a {@link ModelBundle}. All networks of a fit go to the
 * trainer in one {@link Trainer#finalFitPack} call, which stacks those that share a shape.
 *
 * <p>A network whose training diverged (judged on its own training rows by {@link
 * Divergence#ofTraining}: a learning rate that cross-validation survived can still blow up over
 * more epochs on more rows) is left out of the bundle, which says so ({@link BundleInfo#leftOut()});
 * an ensemble member with no usable network is left out and the others' weights rescaled. When no
 * network is usable the fit fails, saying why.
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
        List<String> leftOut = new ArrayList<>();
        List<FittedModel> members = usable(origin.trialId(), jobs, trainer.finalFitPack(jobs), prepared.data(),
                prep.standardizeTarget(), leftOut);
        if (members.isEmpty()) {
            throw noneUsable(leftOut);
        }
        double[] truth = dataset.test().rows() == 0 ? new double[0] : dataset.test().numeric(dataset.target()).values();
        List<float[]> predicted = members.stream().map(m -> m.predict(prepared.data().validX())).toList();
        List<RegressionMetrics> memberTests = predicted.stream().map(p -> score(truth, prepared, p)).toList();
        RegressionMetrics test = score(truth, prepared, Ensemble.mean(predicted));
        BundleInfo info = new BundleInfo(BundleInfo.SCHEMA_VERSION, origin.searchId(), origin.trialId(), dataset.name(),
                dataset.fingerprint(), params, epochs, seed, members.size(), prepared.preprocessing(), test, memberTests,
                origin.cvMse(), trainer.backend(), clock.millis(), List.of(), leftOut);
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
        List<FittedModel> trained = trainer.finalFitPack(jobs);
        List<String> leftOut = new ArrayList<>();
        List<FittedMember> fitted = new ArrayList<>();
        for (int m = 0; m < ensemble.size(); m++) {
            FinalFitMember member = ensemble.get(m);
            List<FittedModel> own = usable(member.trialId(), jobs.subList(m * models, (m + 1) * models),
                    trained.subList(m * models, (m + 1) * models), prepared.data(), prep.standardizeTarget(), leftOut);
            if (own.isEmpty()) {
                leftOut.add(String.format(Locale.ROOT, "trial %s left out of the ensemble (weight %.2f): none of its"
                        + " networks is usable; the other members' weights rescaled to sum to 1", member.trialId(),
                        member.weight()));
            } else {
                fitted.add(new FittedMember(member, own,
                        own.stream().map(n -> n.predict(prepared.data().validX())).toList()));
            }
        }
        if (fitted.isEmpty()) {
            throw noneUsable(leftOut);
        }
        double total = fitted.stream().mapToDouble(f -> f.member().weight()).sum();
        double[] weights = fitted.stream().mapToDouble(f -> f.member().weight() / total).toArray();
        List<BundleMember> members = new ArrayList<>();
        for (int m = 0; m < fitted.size(); m++) {
            FinalFitMember member = fitted.get(m).member();
            members.add(new BundleMember(member.trialId(), member.params(), member.epochs(), member.seed(),
                    weights[m], fitted.get(m).networks().size(), score(truth, prepared, fitted.get(m).mean())));
        }
        RegressionMetrics test = score(truth, prepared,
                Ensemble.weightedMean(fitted.stream().map(FittedMember::mean).toList(), weights));
        List<FittedModel> networks = fitted.stream().flatMap(f -> f.networks().stream()).toList();
        List<RegressionMetrics> networkTests = fitted.stream().flatMap(f -> f.predicted().stream())
                .map(p -> score(truth, prepared, p)).toList();
        BundleInfo info = new BundleInfo(BundleInfo.SCHEMA_VERSION, origin.searchId(), winner.trialId(),
                dataset.name(), dataset.fingerprint(), winner.params(), winner.epochs(), winner.seed(),
                networks.size(), prepared.preprocessing(), test, networkTests, origin.cvMse(), trainer.backend(),
                clock.millis(), members, leftOut);
        return new ModelBundle(info, networks.stream().map(FinalFitter::bytes).toList());
    }

    /** An ensemble member's usable networks and their test-split predictions, in model units. */
    private record FittedMember(FinalFitMember member, List<FittedModel> networks, List<float[]> predicted) {

        float[] mean() {
            return Ensemble.mean(predicted);
        }
    }

    /**
     * The networks whose training did not diverge, judged on the training rows they fitted; each
     * diverged one adds why to {@code leftOut} ("trial s-1-t0008, network seed 9: training MSE is
     * NaN after 150 epochs (learning rate 0.093 with nesterov)"), and the target's scale when it was
     * trained unstandardized at a scale large enough to be the likely cause ({@link RawTargetScale}).
     */
    private static List<FittedModel> usable(String trialId, List<FinalFitJob> jobs, List<FittedModel> networks,
                                            FoldData data, boolean standardizeTarget, List<String> leftOut) {
        String rawScale = RawTargetScale.of(standardizeTarget, data)
                .map(scale -> "; " + scale.likelyCause())
                .orElse("");
        double[] targets = new double[data.trainY().length];
        for (int i = 0; i < targets.length; i++) {
            targets[i] = data.trainY()[i];
        }
        double variance = variance(targets);
        List<FittedModel> kept = new ArrayList<>();
        for (int n = 0; n < networks.size(); n++) {
            FinalFitJob job = jobs.get(n);
            Optional<String> diverged = Divergence.ofTraining(
                    EnsembleSelection.mse(targets, networks.get(n).predict(data.trainX())), variance);
            if (diverged.isPresent()) {
                leftOut.add(String.format(Locale.ROOT, "%snetwork seed %d: %s after %d epochs (%s)",
                        trialId.isEmpty() ? "" : "trial " + trialId + ", ", job.seed(), diverged.get(), job.epochs(),
                        Divergence.setting(job.params())) + rawScale);
            } else {
                kept.add(networks.get(n));
            }
        }
        return kept;
    }

    /** The targets' variance: the MSE of predicting their mean. */
    private static double variance(double[] targets) {
        float[] mean = new float[targets.length];
        Arrays.fill(mean, (float) Arrays.stream(targets).average().orElse(0));
        return EnsembleSelection.mse(targets, mean);
    }

    /** Why a fit with no usable network failed: each network and why it was left out. */
    private static IllegalStateException noneUsable(List<String> leftOut) {
        return new IllegalStateException("every network of the final fit diverged: " + String.join("; ", leftOut));
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
