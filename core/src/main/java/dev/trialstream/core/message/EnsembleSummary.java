package dev.trialstream.core.message;

import dev.trialstream.core.metrics.RegressionMetrics;
import java.util.List;

/**
 * The ensemble chosen from a search's completed trials by greedy selection with replacement on their
 * out-of-fold predictions.
 *
 * @param members   the chosen trials in order of first choice; their weights sum to 1
 * @param outOfFold the weighted mean's scores on every training row's out-of-fold prediction, in the
 *                  target's units: <em>optimistic</em>, since the members were selected on these same
 *                  predictions (the test split and fresh data are the honest judges)
 * @param rounds    the rounds of selection kept (the weights' denominator; summed over the bags when
 *                  bagged)
 */
public record EnsembleSummary(List<EnsembleMember> members, RegressionMetrics outOfFold, int rounds) {

    public EnsembleSummary {
        members = List.copyOf(Checks.present(members, "members"));
        if (members.isEmpty()) {
            throw new IllegalArgumentException("an ensemble needs at least one member");
        }
        double sum = members.stream().mapToDouble(EnsembleMember::weight).sum();
        if (Math.abs(sum - 1) > 1e-6) {
            throw new IllegalArgumentException("members' weights must sum to 1, found " + sum);
        }
        Checks.present(outOfFold, "outOfFold");
        Checks.positive(rounds, "rounds");
    }
}
