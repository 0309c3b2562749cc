package dev.trialstream.core.importance;

import dev.trialstream.core.params.ParamName;
import dev.trialstream.core.space.Domain;
import dev.trialstream.core.space.SearchSpace;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * PED-ANOVA (Watanabe, Bansal and Hutter, "PED-ANOVA: Efficiently Quantifying Hyperparameter
 * Importance in Arbitrary Subspaces", IJCAI 2023), as Optuna's {@code PedAnovaImportanceEvaluator}
 * computes it: a parameter matters as much as the distribution of its values among the best
 * trials (the top {@code quantile}) differs from its distribution among all trials, measured by
 * the Pearson divergence {@code Σ p_all·(p_top/p_all − 1)²} and scaled by the top set's share.
 * Each marginal is a Parzen estimator on the parameter's own scale (log for log-uniform domains,
 * a category per choice). No forest and no random numbers: the same trials give the same answer.
 */
public final class PedAnova {

    /** Optuna's defaults: the top 10 % of trials, at least two of them, 50 cells per real range. */
    public static final double DEFAULT_QUANTILE = 0.1;
    public static final int MIN_TOP = 2;
    private static final int STEPS = 50;

    private final double quantile;

    public PedAnova() {
        this(DEFAULT_QUANTILE);
    }

    public PedAnova(double quantile) {
        if (!(quantile > 0 && quantile < 1)) {
            throw new IllegalArgumentException("quantile must be in (0, 1), found " + quantile);
        }
        this.quantile = quantile;
    }

    /** How many trials an evaluation needs: more than the top set, so that there is a rest. */
    public static int minTrials() {
        return MIN_TOP + 1;
    }

    /**
     * The importance of every searched (not fixed) parameter of {@code space}, most important first.
     *
     * @throws IllegalArgumentException when there are fewer than {@link #minTrials()} observations,
     *                                  or a value lies outside its parameter's domain
     */
    public List<ParamImportance> evaluate(SearchSpace space, List<Observation> observations) {
        if (observations.size() < minTrials()) {
            throw new IllegalArgumentException("importance needs at least " + minTrials() + " trials, found "
                    + observations.size());
        }
        List<Observation> sorted = new ArrayList<>(observations);
        sorted.sort(Comparator.comparingDouble(Observation::objective));
        int topCount = Math.max(MIN_TOP, (int) Math.ceil(quantile * sorted.size()));
        List<Observation> top = sorted.subList(0, Math.min(topCount, sorted.size()));
        double share = (double) top.size() / sorted.size();

        List<ParamName> searched = new ArrayList<>();
        List<Double> raw = new ArrayList<>();
        for (Map.Entry<ParamName, Domain> entry : space.domains().entrySet()) {
            Grid grid = Grid.of(entry.getValue());
            if (grid == null) {
                continue;
            }
            ParamName name = entry.getKey();
            double[] all = grid.marginal(cells(grid, name, sorted));
            double[] best = grid.marginal(cells(grid, name, top));
            double divergence = 0;
            for (int i = 0; i < all.length; i++) {
                double ratio = best[i] / all[i] - 1;
                divergence += all[i] * ratio * ratio;
            }
            searched.add(name);
            raw.add(share * divergence);
        }
        double total = raw.stream().mapToDouble(Double::doubleValue).sum();
        List<ParamImportance> result = new ArrayList<>();
        for (int i = 0; i < searched.size(); i++) {
            double value = total > 0 ? Math.min(1, raw.get(i) / total) : 0;
            result.add(new ParamImportance(searched.get(i), value));
        }
        result.sort(Comparator.comparingDouble(ParamImportance::importance).reversed());
        return List.copyOf(result);
    }

    private static int[] cells(Grid grid, ParamName name, List<Observation> observations) {
        int[] cells = new int[observations.size()];
        for (int i = 0; i < cells.length; i++) {
            Object value = observations.get(i).params().toParamMap().get(name);
            cells[i] = grid.cell(value);
            if (cells[i] < 0) {
                throw new IllegalArgumentException(name.wireName() + ": " + value + " is outside the searched domain");
            }
        }
        return cells;
    }

    /** A domain cut into cells: categories, or equal steps on the domain's own scale. */
    private record Grid(Domain domain, int size, boolean categorical) {

        /** Null for a domain with one value: nothing to learn about it. */
        static Grid of(Domain domain) {
            if (domain instanceof Domain.Choice choice) {
                return choice.values().size() < 2 ? null : new Grid(domain, choice.values().size(), true);
            }
            if (domain instanceof Domain.IntRange range) {
                return range.count() < 2 ? null : new Grid(domain, Math.min(STEPS, range.count()), false);
            }
            if (domain instanceof Domain.Uniform || domain instanceof Domain.LogUniform) {
                return new Grid(domain, STEPS, false);
            }
            return null;
        }

        double[] marginal(int[] cells) {
            return categorical ? Marginal.categorical(cells, size) : Marginal.numerical(cells, size);
        }

        /** The cell of a value, or -1 when the value is not in the domain. */
        int cell(Object value) {
            if (domain instanceof Domain.Choice choice) {
                return choice.values().indexOf(value);
            }
            double v = ((Number) value).doubleValue();
            double u;
            if (domain instanceof Domain.IntRange range) {
                u = (v - range.min()) / (range.last() - range.min());
            } else if (domain instanceof Domain.Uniform uniform) {
                u = (v - uniform.min()) / (uniform.max() - uniform.min());
            } else {
                Domain.LogUniform log = (Domain.LogUniform) domain;
                u = (Math.log(v) - Math.log(log.min())) / (Math.log(log.max()) - Math.log(log.min()));
            }
            if (!(u >= -1e-9 && u <= 1 + 1e-9)) {
                return -1;
            }
            return (int) Math.round(Math.min(1, Math.max(0, u)) * (size - 1));
        }
    }
}
