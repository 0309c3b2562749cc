package dev.trialstream.core.strategy;

import dev.trialstream.core.data.RowShuffle;
import dev.trialstream.core.text.Plural;
import dev.trialstream.core.params.Hyperparameters;
import dev.trialstream.core.params.ParamName;
import dev.trialstream.core.space.Domain;
import dev.trialstream.core.space.SearchSpace;
import dev.trialstream.core.spec.AdaptiveOptions;
import dev.trialstream.core.status.TrialState;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Tree-structured Parzen estimator (Bergstra et al., NeurIPS 2011; Optuna's default sampler),
 * independent per parameter. After {@code startup} finished trials, the finished trials are
 * split into the best {@code gamma} fraction ("good") and the rest; for each parameter a density
 * l(x) is fitted to the good values and g(x) to the others, {@code candidates} points are drawn
 * from l, and the one with the highest l(x)/g(x) is proposed. Log-uniform parameters are modelled
 * in log space, int ranges on their index, categories by smoothed counts (one pseudo-count per
 * category: the prior). Pruned trials count with the CV MSE they were stopped at and the epoch they
 * reached, below every completed trial (as in Optuna); failed ones as the worst. Deterministic: the same history and seed propose the same point.
 *
 * <p>The first {@code startup} trials are a Latin hypercube over the space ({@link #startupTrials}).
 */
public final class TpeStrategy implements Strategy {

    /**
     * Best first, as Optuna's TPE splits trials: completed trials by CV MSE; then stopped (pruned)
     * ones, those that reached more epochs first and by the CV MSE they were stopped at within an
     * epoch (an early-epoch MSE is not comparable with a finished one); then failed ones and any
     * trial without a score. Ties keep index order.
     */
    static final Comparator<TrialOutcome> RANKING = Comparator
            .comparingInt((TrialOutcome t) -> !t.scored() || t.state() == TrialState.FAILED ? 2
                    : t.state() == TrialState.PRUNED ? 1 : 0)
            .thenComparingInt(t -> t.state() == TrialState.PRUNED ? -t.epochs() : 0)
            .thenComparingDouble(t -> t.scored() ? t.objective() : Double.POSITIVE_INFINITY)
            .thenComparingInt(TrialOutcome::index);

    private final SearchSpace space;
    private final int budget;
    private final long seed;
    private final AdaptiveOptions options;
    private final int parallelism;
    /** The trials before TPE proposes, planned once ({@link #startupTrials}). */
    private final List<TrialPlan> startupPlans;

    public TpeStrategy(SearchSpace space, int trials, long seed, AdaptiveOptions options, int parallelism) {
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism must be positive, found " + parallelism);
        }
        this.space = space;
        this.budget = trials;
        this.seed = seed;
        this.options = options;
        this.parallelism = parallelism;
        this.startupPlans = startupTrials(new RandomStrategy(space, trials, seed).initialTrials());
    }

    @Override
    public int budget() {
        return budget;
    }

    @Override
    public boolean adaptive() {
        return true;
    }

    /** The first {@code parallelism} startup trials: enough to keep every worker busy. */
    @Override
    public List<TrialPlan> initialTrials() {
        return startupPlans.subList(0, Math.min(parallelism, budget));
    }

    @Override
    public List<TrialPlan> next(List<TrialOutcome> finished, int issued, int count) {
        List<TrialPlan> plans = new ArrayList<>();
        for (int index = issued; index < Math.min(budget, issued + count); index++) {
            if (finished.size() < options.startup()) {
                plans.add(startupPlans.get(index));
            } else {
                plans.add(propose(finished, index));
            }
        }
        return plans;
    }

    /**
     * The trials before TPE proposes: the first {@code startup} form a Latin hypercube (each
     * parameter's range cut into {@code startup} equal strata, one point per stratum, at its middle
     * for categories and ints, the strata matched at random across parameters), so a few trials still cover every part of each range and
     * every category about equally, where independent draws can leave the whole start in one corner
     * and TPE near it (README: "The main job at 40 trials").
     * Later indices (issued before {@code startup} trials finished) are the random strategy's. Each
     * trial keeps the random strategy's training seed.
     */
    private List<TrialPlan> startupTrials(List<TrialPlan> randomPlans) {
        int n = Math.min(options.startup(), budget);
        SplittableRandom rng = new SplittableRandom(seed ^ LATIN_HYPERCUBE);
        List<Map<String, Object>> points = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            points.add(new LinkedHashMap<>());
        }
        for (ParamName name : ParamName.values()) {
            Domain domain = space.domain(name);
            int[] strata = RowShuffle.permutation(n, rng);
            for (int i = 0; i < n; i++) {
                // A stratum's middle for categories and ints, so that n >= k strata reach all k values.
                double within = domain.enumerable() ? 0.5 : rng.nextDouble();
                points.get(i).put(name.wireName(), domain.at((strata[i] + within) / n));
            }
        }
        List<TrialPlan> plans = new ArrayList<>(randomPlans);
        for (int i = 0; i < n; i++) {
            plans.set(i, new TrialPlan(i, Hyperparameters.fromMap(points.get(i)), randomPlans.get(i).seed()));
        }
        return List.copyOf(plans);
    }

    /** Mixed into the search's seed for the start's strata, apart from the random strategy's stream. */
    private static final long LATIN_HYPERCUBE = 0x4C48533A5450454CL;

    /** The TPE proposal for trial {@code index} given the finished trials. */
    TrialPlan propose(List<TrialOutcome> finished, int index) {
        SplittableRandom rng = proposalStream(seed, index);
        List<TrialOutcome> ranked = new ArrayList<>(finished);
        ranked.sort(RANKING);
        int good = Math.max(1, (int) Math.ceil(options.gamma() * ranked.size()));
        List<Hyperparameters> below = ranked.subList(0, good).stream().map(TrialOutcome::params).toList();
        List<Hyperparameters> above = ranked.subList(good, ranked.size()).stream().map(TrialOutcome::params).toList();
        Map<String, Object> values = new LinkedHashMap<>();
        for (ParamName name : ParamName.values()) {
            values.put(name.wireName(), choose(space.domain(name), name, below, above, rng));
        }
        return new TrialPlan(index, Hyperparameters.fromMap(values), rng.nextLong());
    }

    /**
     * Trial {@code index}'s own stream. Its seed is mixed ({@code nextLong} of a generator seeded
     * with seed and index), not {@code seed ^ (γ·(index + 1))}: SplittableRandom advances by that
     * same γ, so seeds γ apart start streams one draw apart, and every proposal from one history
     * drew nearly the same candidates: the same point, even the same trial seed, again and again.
     */
    static SplittableRandom proposalStream(long seed, int index) {
        return new SplittableRandom(new SplittableRandom(seed + INDEX_STRIDE * (index + 1L)).nextLong());
    }

    /** An odd constant that is not SplittableRandom's own increment. */
    private static final long INDEX_STRIDE = 0xD1B54A32D192ED03L;

    private Object choose(Domain domain, ParamName name, List<Hyperparameters> below, List<Hyperparameters> above,
                          SplittableRandom rng) {
        if (domain instanceof Domain.Fixed fixed) {
            return fixed.value();
        }
        if (domain instanceof Domain.Choice choice) {
            return chooseCategory(choice.values(), name, below, above, rng);
        }
        Scale scale = Scale.of(domain);
        ParzenEstimator l = new ParzenEstimator(scale.encode(name, below), scale.low, scale.high);
        ParzenEstimator g = new ParzenEstimator(scale.encode(name, above), scale.low, scale.high);
        double best = Double.NaN;
        double bestScore = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < options.candidates(); c++) {
            double x = l.sample(rng);
            double score = l.logDensity(x) - g.logDensity(x);
            if (score > bestScore) {
                bestScore = score;
                best = x;
            }
        }
        return scale.decode(best);
    }

    private Object chooseCategory(List<Object> categories, ParamName name, List<Hyperparameters> below,
                                  List<Hyperparameters> above, SplittableRandom rng) {
        double[] l = categoryWeights(categories, name, below);
        double[] g = categoryWeights(categories, name, above);
        int best = 0;
        double bestScore = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < options.candidates(); c++) {
            int k = draw(l, rng);
            double score = Math.log(l[k]) - Math.log(g[k]);
            if (score > bestScore) {
                bestScore = score;
                best = k;
            }
        }
        return categories.get(best);
    }

    /** Counts plus one pseudo-count per category, normalised. */
    private static double[] categoryWeights(List<Object> categories, ParamName name, List<Hyperparameters> trials) {
        double[] weights = new double[categories.size()];
        java.util.Arrays.fill(weights, 1.0);
        for (Hyperparameters params : trials) {
            Object value = params.toParamMap().get(name);
            for (int k = 0; k < categories.size(); k++) {
                if (name.coerce(categories.get(k)).equals(value)) {
                    weights[k] += 1;
                }
            }
        }
        double total = java.util.Arrays.stream(weights).sum();
        for (int k = 0; k < weights.length; k++) {
            weights[k] /= total;
        }
        return weights;
    }

    private static int draw(double[] weights, SplittableRandom rng) {
        double pick = rng.nextDouble();
        double cumulative = 0;
        for (int k = 0; k < weights.length; k++) {
            cumulative += weights[k];
            if (pick < cumulative) {
                return k;
            }
        }
        return weights.length - 1;
    }

    /** Where a numeric domain is modelled: its own scale, log scale, or the index of an int range. */
    private static final class Scale {
        private final Domain domain;
        private final double low;
        private final double high;

        private Scale(Domain domain, double low, double high) {
            this.domain = domain;
            this.low = low;
            this.high = high;
        }

        static Scale of(Domain domain) {
            if (domain instanceof Domain.Uniform u) {
                return new Scale(domain, u.min(), u.max());
            }
            if (domain instanceof Domain.LogUniform u) {
                return new Scale(domain, Math.log(u.min()), Math.log(u.max()));
            }
            Domain.IntRange r = (Domain.IntRange) domain;
            // Each index owns the interval [k - 0.5, k + 0.5], so the ends are as likely as the middle.
            return new Scale(domain, -0.5, r.count() - 0.5);
        }

        double[] encode(ParamName name, List<Hyperparameters> trials) {
            double[] values = new double[trials.size()];
            for (int i = 0; i < values.length; i++) {
                double v = ((Number) trials.get(i).toParamMap().get(name)).doubleValue();
                if (domain instanceof Domain.LogUniform) {
                    v = Math.log(v);
                } else if (domain instanceof Domain.IntRange r) {
                    v = (v - r.min()) / r.step();
                }
                values[i] = Math.max(low, Math.min(high, v));
            }
            return values;
        }

        Object decode(double x) {
            if (domain instanceof Domain.LogUniform u) {
                return Math.max(u.min(), Math.min(u.max(), Math.exp(x)));
            }
            if (domain instanceof Domain.IntRange r) {
                long k = Math.max(0, Math.min(r.count() - 1, Math.round(x)));
                return (int) (r.min() + k * r.step());
            }
            return x;
        }
    }

    @Override
    public String describe() {
        String model = budget <= options.startup()
                ? "all a Latin hypercube: TPE proposes only after the first " + options.startup() + " ended"
                : options.startup() + " first as a Latin hypercube, gamma " + options.gamma() + ", "
                        + Plural.of(options.candidates(), "candidate");
        return "tpe: " + Plural.of(budget, "trial") + " (" + model + "), " + parallelism + " at a time, seed " + seed;
    }
}
