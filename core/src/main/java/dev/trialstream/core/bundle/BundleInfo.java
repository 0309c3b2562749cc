package dev.trialstream.core.bundle;

import dev.trialstream.core.metrics.RegressionMetrics;
import dev.trialstream.core.params.Hyperparameters;
import dev.trialstream.core.prep.FittedPreprocessing;
import java.util.List;

/**
 * What a model bundle says about its model, stored as {@code bundle.json} beside the model.
 *
 * @param searchId      the search that chose these parameters, or empty for {@code train}
 * @param dataset       the training data's name
 * @param fingerprint   sha256 of the training data's bytes
 * @param seed          the first network's seed
 * @param models        how many networks the bundle averages (seeds {@code seed, seed + 1, ...}, but
 *                      those {@code leftOut} names); bundles written before ensembles existed read as 1
 * @param preprocessing fitted on the whole training set; turns a new CSV into model inputs
 * @param test          scores on the held-out test split (n = 0 when there was none), of the
 *                      averaged prediction when the bundle holds several networks
 * @param memberTests   each network's own test scores, in seed order (empty in bundles written
 *                      before ensembles existed)
 * @param cvMse         the configuration's k-fold CV MSE, NaN when unknown
 * @param backend       the engine and device that trained it
 * @param members       when the bundle is a search's ensemble: its configurations with their weights
 *                      and networks, in the order of {@code models}; then {@code trialId}, {@code
 *                      params}, {@code epochs} and {@code seed} describe the search's best single
 *                      trial. Empty for one configuration (and in bundles written before ensembles)
 * @param leftOut       what the final fit trained but the bundle does not hold, one sentence each: a
 *                      network that diverged (its seed and why), an ensemble member all of whose
 *                      networks did (the others' weights then rescaled to sum to 1). Usually empty
 */
public record BundleInfo(int schemaVersion, String searchId, String trialId, String dataset, String fingerprint,
                         Hyperparameters params, int epochs, long seed, int models, FittedPreprocessing preprocessing,
                         RegressionMetrics test, List<RegressionMetrics> memberTests, double cvMse, String backend,
                         long createdAt, List<BundleMember> members, List<String> leftOut) {

    /** Nothing left out. */
    public BundleInfo(int schemaVersion, String searchId, String trialId, String dataset, String fingerprint,
                      Hyperparameters params, int epochs, long seed, int models, FittedPreprocessing preprocessing,
                      RegressionMetrics test, List<RegressionMetrics> memberTests, double cvMse, String backend,
                      long createdAt, List<BundleMember> members) {
        this(schemaVersion, searchId, trialId, dataset, fingerprint, params, epochs, seed, models, preprocessing, test,
                memberTests, cvMse, backend, createdAt, members, List.of());
    }

    /** One configuration: its networks averaged with equal weights. */
    public BundleInfo(int schemaVersion, String searchId, String trialId, String dataset, String fingerprint,
                      Hyperparameters params, int epochs, long seed, int models, FittedPreprocessing preprocessing,
                      RegressionMetrics test, List<RegressionMetrics> memberTests, double cvMse, String backend,
                      long createdAt) {
        this(schemaVersion, searchId, trialId, dataset, fingerprint, params, epochs, seed, models, preprocessing, test,
                memberTests, cvMse, backend, createdAt, List.of(), List.of());
    }

    public static final int SCHEMA_VERSION = 1;

    public BundleInfo {
        if (schemaVersion != SCHEMA_VERSION) {
            throw new IllegalArgumentException(
                    "bundle schemaVersion " + schemaVersion + " is not supported; this build reads " + SCHEMA_VERSION);
        }
        if (params == null || preprocessing == null || test == null) {
            throw new IllegalArgumentException("a bundle needs params, preprocessing and test metrics");
        }
        if (epochs < 1) {
            throw new IllegalArgumentException("epochs must be positive, found " + epochs);
        }
        if (models < 0) {
            throw new IllegalArgumentException("models must be positive, found " + models);
        }
        models = Math.max(models, 1);
        memberTests = memberTests == null ? List.of() : List.copyOf(memberTests);
        if (!memberTests.isEmpty() && memberTests.size() != models) {
            throw new IllegalArgumentException("memberTests has " + memberTests.size() + " entries for " + models
                    + " models");
        }
        members = members == null ? List.of() : List.copyOf(members);
        int networks = members.stream().mapToInt(BundleMember::models).sum();
        if (!members.isEmpty() && networks != models) {
            throw new IllegalArgumentException("members hold " + networks + " networks but models is " + models);
        }
        leftOut = leftOut == null ? List.of() : List.copyOf(leftOut);
        searchId = searchId == null ? "" : searchId;
        trialId = trialId == null ? "" : trialId;
    }

    /**
     * Each network's weight in the bundle's prediction, in the order of {@code models}: a member's
     * weight shared by its networks, or equal weights for one configuration.
     */
    public double[] networkWeights() {
        double[] weights = new double[models];
        if (members.isEmpty()) {
            java.util.Arrays.fill(weights, 1.0 / models);
            return weights;
        }
        int n = 0;
        for (BundleMember member : members) {
            for (int i = 0; i < member.models(); i++) {
                weights[n++] = member.weight() / member.models();
            }
        }
        return weights;
    }
}
