package dev.trialstream.core.space;

import dev.trialstream.core.params.Hyperparameters;
import dev.trialstream.core.params.ParamName;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Collectors;

/**
 * The points of a space with no continuous domain, in a fixed order: parameters in
 * {@link ParamName} order, the last one varying fastest (like nested loops written in that order).
 * Points are computed from their index, so a huge grid costs nothing until a point is asked for.
 */
public final class Grid {

    private final List<ParamName> names = new ArrayList<>();
    private final List<List<Object>> values = new ArrayList<>();
    private final long size;

    Grid(SearchSpace space) {
        List<ParamName> continuous = space.continuous();
        if (!continuous.isEmpty()) {
            throw new IllegalArgumentException("a grid cannot enumerate " + continuous.stream()
                    .map(name -> name.wireName() + " (" + space.domain(name).type() + ")")
                    .collect(Collectors.joining(", ")) + "; use fixed, choice or intRange");
        }
        long count = 1;
        for (Map.Entry<ParamName, Domain> entry : space.domains().entrySet()) {
            List<Object> gridValues = entry.getValue().gridValues();
            names.add(entry.getKey());
            values.add(gridValues);
            count = saturatingMultiply(count, gridValues.size());
        }
        this.size = count;
    }

    /** How many points the grid has; {@link Long#MAX_VALUE} stands for "at least that many". */
    public long size() {
        return size;
    }

    /**
     * Why a budget cannot run on this grid, or empty when it can.
     *
     * @param trials    the budget; empty = every point
     * @param sample    whether a budget smaller than the grid may run a subset of it
     * @param maxTrials the most trials a search may plan
     */
    public Optional<String> budgetProblem(OptionalInt trials, boolean sample, int maxTrials) {
        if (size == Long.MAX_VALUE) {
            return Optional.of("grid has too many points to count; use strategy random");
        }
        if (trials.isEmpty()) {
            return size > maxTrials
                    ? Optional.of("grid has " + size + " points, more than the limit of " + maxTrials
                            + " trials; set trials and sample: true to run a seeded sample")
                    : Optional.empty();
        }
        int budget = trials.getAsInt();
        if (budget > size) {
            return Optional.of("grid has " + size + " points, cannot fill a budget of " + budget);
        }
        if (budget < size && !sample) {
            return Optional.of("grid has " + size + " points, more than a budget of " + budget
                    + "; set sample: true to run a seeded sample of " + budget + " of them");
        }
        return Optional.empty();
    }

    /**
     * The point at a 0-based index.
     *
     * @throws IndexOutOfBoundsException outside [0, size)
     */
    public Hyperparameters point(long index) {
        if (index < 0 || index >= size) {
            throw new IndexOutOfBoundsException("grid point " + index + " outside [0, " + size + ")");
        }
        Object[] chosen = new Object[names.size()];
        long rest = index;
        for (int i = names.size() - 1; i >= 0; i--) {
            List<Object> options = values.get(i);
            chosen[i] = options.get((int) (rest % options.size()));
            rest /= options.size();
        }
        Map<String, Object> point = new LinkedHashMap<>();
        for (int i = 0; i < names.size(); i++) {
            point.put(names.get(i).wireName(), chosen[i]);
        }
        return Hyperparameters.fromMap(point);
    }

    private static long saturatingMultiply(long a, long b) {
        try {
            return Math.multiplyExact(a, b);
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        }
    }
}
