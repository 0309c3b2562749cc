package dev.trialstream.core.space;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * The values one parameter may take. A domain knows nothing about which parameter it describes;
 * {@link SearchSpace} checks that its values suit the parameter. Every domain samples from a
 * {@link SplittableRandom} handed in, so one seed replays a whole search.
 */
public sealed interface Domain {

    /** The name of this domain in a spec: {@code fixed}, {@code choice}, {@code intRange}, ... */
    String type();

    /** One value drawn from this domain; domains with a single value draw nothing from {@code rng}. */
    Object sample(SplittableRandom rng);

    /**
     * The value at position {@code u} in [0, 1) of this domain's natural order: uniform in the
     * domain's own scale (log scale for log-uniform; equal shares of a choice or an int range).
     * Quasi-random sequences map through this.
     */
    Object at(double u);

    /** True when {@link #gridValues()} can list every value (so a grid may use this domain). */
    boolean enumerable();

    /**
     * Every value in a fixed order, for grid search.
     *
     * @throws IllegalStateException for continuous domains
     */
    List<Object> gridValues();

    /** Exactly one value. */
    record Fixed(Object value) implements Domain {

        public Fixed {
            if (value == null) {
                throw new IllegalArgumentException("fixed value must be set");
            }
        }

        @Override
        public String type() {
            return "fixed";
        }

        @Override
        public Object sample(SplittableRandom rng) {
            return value;
        }

        @Override
        public Object at(double u) {
            return value;
        }

        @Override
        public boolean enumerable() {
            return true;
        }

        @Override
        public List<Object> gridValues() {
            return List.of(value);
        }
    }

    /** One of a list of values, each equally likely; grid order is list order. */
    record Choice(List<Object> values) implements Domain {

        public Choice {
            if (values == null || values.isEmpty()) {
                throw new IllegalArgumentException("choice needs at least one value");
            }
            Set<Object> seen = new HashSet<>();
            for (Object value : values) {
                if (value == null) {
                    throw new IllegalArgumentException("choice values must be set, found null");
                }
                if (!seen.add(value)) {
                    throw new IllegalArgumentException("choice lists " + value + " twice");
                }
            }
            values = List.copyOf(values);
        }

        @Override
        public String type() {
            return "choice";
        }

        @Override
        public Object sample(SplittableRandom rng) {
            return values.size() == 1 ? values.get(0) : values.get(rng.nextInt(values.size()));
        }

        @Override
        public Object at(double u) {
            return values.get(Math.min(values.size() - 1, (int) Math.floor(u * values.size())));
        }

        @Override
        public boolean enumerable() {
            return true;
        }

        @Override
        public List<Object> gridValues() {
            return values;
        }
    }

    /** The integers {@code min, min+step, ...} up to {@code max} inclusive, each equally likely. */
    record IntRange(int min, int max, int step) implements Domain {

        public IntRange {
            if (step < 1) {
                throw new IllegalArgumentException("step must be positive, found " + step);
            }
            if (max < min) {
                throw new IllegalArgumentException("max must be >= min, found min " + min + ", max " + max);
            }
        }

        public IntRange(int min, int max) {
            this(min, max, 1);
        }

        /** How many values the range holds; {@code max} is one of them only when step reaches it. */
        public int count() {
            return (int) (((long) max - min) / step + 1);
        }

        /** The largest value the range holds: {@code max}, or less when the step does not reach it. */
        public int last() {
            return (int) (min + (long) (count() - 1) * step);
        }

        @Override
        public String type() {
            return "intRange";
        }

        @Override
        public Object sample(SplittableRandom rng) {
            int count = count();
            return count == 1 ? min : (int) (min + (long) rng.nextInt(count) * step);
        }

        @Override
        public Object at(double u) {
            int count = count();
            return (int) (min + (long) Math.min(count - 1, (int) Math.floor(u * count)) * step);
        }

        @Override
        public boolean enumerable() {
            return true;
        }

        @Override
        public List<Object> gridValues() {
            int count = count();
            List<Object> values = new ArrayList<>(count);
            for (int k = 0; k < count; k++) {
                values.add((int) (min + (long) k * step));
            }
            return List.copyOf(values);
        }
    }

    /** A real number drawn uniformly from [min, max). */
    record Uniform(double min, double max) implements Domain {

        public Uniform {
            requireFinite(min, max);
            if (!(max > min)) {
                throw new IllegalArgumentException(
                        "max must be > min, found min " + Numbers.plain(min) + ", max " + Numbers.plain(max));
            }
        }

        @Override
        public String type() {
            return "uniform";
        }

        @Override
        public Object sample(SplittableRandom rng) {
            return rng.nextDouble(min, max);
        }

        @Override
        public Object at(double u) {
            return min + u * (max - min);
        }

        @Override
        public boolean enumerable() {
            return false;
        }

        @Override
        public List<Object> gridValues() {
            throw new IllegalStateException("a uniform domain has no grid values");
        }
    }

    /**
     * A positive real number whose logarithm is uniform on [log min, log max]: each decade is
     * equally likely, which is how learning rates and penalties should be searched.
     */
    record LogUniform(double min, double max) implements Domain {

        public LogUniform {
            requireFinite(min, max);
            if (!(min > 0)) {
                throw new IllegalArgumentException("min must be > 0, found " + Numbers.plain(min));
            }
            if (!(max > min)) {
                throw new IllegalArgumentException(
                        "max must be > min, found min " + Numbers.plain(min) + ", max " + Numbers.plain(max));
            }
        }

        @Override
        public String type() {
            return "logUniform";
        }

        @Override
        public Object sample(SplittableRandom rng) {
            double value = Math.exp(rng.nextDouble(Math.log(min), Math.log(max)));
            // exp(log(x)) may land an ulp outside the bounds; the bounds are what was validated.
            return Math.min(max, Math.max(min, value));
        }

        @Override
        public Object at(double u) {
            return Math.exp(Math.log(min) + u * (Math.log(max) - Math.log(min)));
        }

        @Override
        public boolean enumerable() {
            return false;
        }

        @Override
        public List<Object> gridValues() {
            throw new IllegalStateException("a logUniform domain has no grid values");
        }
    }

    private static void requireFinite(double min, double max) {
        if (!Double.isFinite(min)) {
            throw new IllegalArgumentException("min must be a finite number, found " + min);
        }
        if (!Double.isFinite(max)) {
            throw new IllegalArgumentException("max must be a finite number, found " + max);
        }
    }
}
