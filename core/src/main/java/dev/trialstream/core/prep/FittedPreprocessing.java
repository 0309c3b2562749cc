package dev.trialstream.core.prep;

import dev.trialstream.core.data.CategoricalColumn;
import dev.trialstream.core.data.Column;
import dev.trialstream.core.data.ColumnKind;
import dev.trialstream.core.data.ColumnRules;
import dev.trialstream.core.data.DataException;
import dev.trialstream.core.data.NumericColumn;
import dev.trialstream.core.data.Table;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Preprocessing state fitted on some training rows, applied unchanged to any rows after that
 * (validation, test, new data). Plain JSON through Jackson, so the final model carries it.
 *
 * @param target     the raw target column
 * @param targetMean subtracted from the target before training; 0 when not standardized
 * @param targetStd  the target is divided by it; 1 when not standardized
 * @param features   the raw feature columns in model-input order
 */
public record FittedPreprocessing(String target, double targetMean, double targetStd, List<FeatureColumn> features) {

    public FittedPreprocessing {
        if (target == null || target.isBlank()) {
            throw new IllegalArgumentException("target must be set, found \"" + target + "\"");
        }
        if (!Double.isFinite(targetMean)) {
            throw new IllegalArgumentException("targetMean must be finite, found " + targetMean);
        }
        if (!(targetStd > 0) || Double.isInfinite(targetStd)) {
            throw new IllegalArgumentException("targetStd must be > 0, found " + targetStd);
        }
        features = List.copyOf(features);
        if (features.isEmpty()) {
            throw new IllegalArgumentException("at least one feature column is needed");
        }
        Set<String> names = new HashSet<>();
        for (FeatureColumn feature : features) {
            if (feature.name().equals(target)) {
                throw new IllegalArgumentException("the target \"" + target + "\" cannot also be a feature");
            }
            if (!names.add(feature.name())) {
                throw new IllegalArgumentException("feature \"" + feature.name() + "\" appears twice");
            }
        }
    }

    /** Number of model inputs after one-hot expansion. */
    public int width() {
        int width = 0;
        for (FeatureColumn feature : features) {
            width += feature.width();
        }
        return width;
    }

    /** One name per model input, e.g. {@code rm}, {@code ocean_proximity=NEAR BAY}. */
    public List<String> featureNames() {
        List<String> names = new ArrayList<>(width());
        for (FeatureColumn feature : features) {
            names.addAll(feature.featureNames());
        }
        return names;
    }

    /** Raw feature column → kind: what a CSV of new rows must provide. */
    public Map<String, ColumnKind> columnKinds() {
        Map<String, ColumnKind> kinds = new LinkedHashMap<>();
        for (FeatureColumn feature : features) {
            kinds.put(feature.name(), feature.columnKind());
        }
        return kinds;
    }

    /**
     * Rules for reading a CSV of new rows to predict: every feature column required with the kind
     * the model gives it; the target column optional.
     */
    public ColumnRules columnRules() {
        return ColumnRules.trainedOn(null, columnKinds());
    }

    /**
     * A target column of new rows that holds text cannot be scored against: said with an example
     * and its line (it was "column ... is categorical, expected numbers"); empty when the column
     * is absent or numeric.
     */
    public Optional<String> textTargetProblem(Table table) {
        if (!table.hasColumn(target) || table.column(target).kind() != ColumnKind.CATEGORICAL) {
            return Optional.empty();
        }
        CategoricalColumn column = table.categorical(target);
        int row = column.firstNonNumberRow(); // a text cell, not a number beside it
        if (row < 0) {
            return Optional.empty();
        }
        return Optional.of("file " + table.source() + ": the target column \"" + target + "\" holds text (e.g. \""
                + column.get(row) + "\" on line " + table.line(row) + "), not numbers, so predictions cannot"
                + " be scored against it; fix its values, or rename or remove the column to predict without"
                + " scores");
    }

    /** The categories of {@code table} that the fitted rows never showed, per categorical column. */
    public UnknownCategories unknownCategories(Table table) {
        Map<String, Map<String, Integer>> counts = new LinkedHashMap<>();
        for (FeatureColumn feature : features) {
            if (feature instanceof CategoricalFeature categorical && table.hasColumn(feature.name())) {
                counts.put(feature.name(), categorical.unknownIn(table));
            }
        }
        return new UnknownCategories(counts);
    }

    /**
     * The columns of {@code table} the model neither reads as a feature nor scores against as the
     * target: an id, a fold column, a column the spec left out. Predicting ignores them, as users of
     * such tools expect when they pass the file they trained on; callers name them, since a column
     * the user believes the model reads (renamed in the new file, say) would otherwise change
     * nothing without a word.
     */
    public List<String> unusedColumns(Table table) {
        Set<String> used = new HashSet<>(columnKinds().keySet());
        used.add(target);
        List<String> unused = new ArrayList<>();
        for (String name : table.columnNames()) {
            if (!used.contains(name)) {
                unused.add(name);
            }
        }
        return unused;
    }

    /**
     * Feature column → its missing cells in {@code table} (empty, NA, ? ...), in model order, for
     * the columns that have any. Each is filled as the training rows were (a number with their
     * median, a category with the most frequent), so every row is scored; the count is what a
     * caller reports, since a file half empty would otherwise score without a word.
     */
    public Map<String, Integer> imputedCells(Table table) {
        Map<String, Integer> imputed = new LinkedHashMap<>();
        for (FeatureColumn feature : features) {
            if (!table.hasColumn(feature.name())) {
                continue;
            }
            Column column = table.column(feature.name());
            int missing = 0;
            for (int row = 0; row < column.size(); row++) {
                if (column.isMissing(row)) {
                    missing++;
                }
            }
            if (missing > 0) {
                imputed.put(feature.name(), missing);
            }
        }
        return imputed;
    }

    /** Categorical column → the categories the fitted rows showed. */
    public Map<String, List<String>> knownCategories() {
        Map<String, List<String>> known = new LinkedHashMap<>();
        for (FeatureColumn feature : features) {
            if (feature instanceof CategoricalFeature categorical) {
                known.put(feature.name(), categorical.vocabulary());
            }
        }
        return known;
    }

    /** All rows of {@code table} as model inputs. */
    public Matrix features(Table table) {
        return features(table, table.allRows());
    }

    /**
     * The given rows as model inputs, one matrix row per entry of {@code rows}.
     *
     * @throws DataException when a feature column is missing or of the other kind
     */
    public Matrix features(Table table, int[] rows) {
        List<String> missing = new ArrayList<>();
        for (FeatureColumn feature : features) {
            if (!table.hasColumn(feature.name())) {
                missing.add(feature.name());
            }
        }
        if (!missing.isEmpty()) {
            throw new DataException((missing.size() == 1 ? "column \"" + missing.get(0) + "\" is" : "columns "
                    + missing + " are") + " required by the model but not found in " + table.source()
                    + "; columns: " + String.join(", ", table.columnNames()));
        }
        Matrix out = Matrix.zeros(rows.length, width());
        int column = 0;
        for (FeatureColumn feature : features) {
            feature.encode(table, rows, out, column);
            column += feature.width();
        }
        return out;
    }

    /** All targets of {@code table}, scaled as the trainer sees them. */
    public float[] target(Table table) {
        return target(table, table.allRows());
    }

    /**
     * The given rows' targets, scaled as the trainer sees them.
     *
     * @throws DataException when the table has no target column or a row misses its value
     */
    public float[] target(Table table, int[] rows) {
        if (!table.hasColumn(target)) {
            throw new DataException("target column \"" + target + "\" not found in " + table.source()
                    + "; columns: " + String.join(", ", table.columnNames()));
        }
        NumericColumn column = table.numeric(target);
        float[] scaled = new float[rows.length];
        for (int i = 0; i < rows.length; i++) {
            double value = column.get(rows[i]);
            if (Double.isNaN(value)) {
                throw new DataException("file " + table.source() + ", line " + table.line(rows[i])
                        + ", target column \"" + target + "\": the value is missing");
            }
            scaled[i] = (float) ((value - targetMean) / targetStd);
        }
        return scaled;
    }

    /** Multiply a scaled error by this (its square for a squared error) to get the target's units. */
    public double targetScale() {
        return targetStd;
    }

    /** A scaled prediction back in the target's own units. */
    public double unscaleTarget(double scaled) {
        return scaled * targetStd + targetMean;
    }

    /** Scaled predictions back in the target's own units. */
    public double[] unscaleTargets(float[] scaled) {
        double[] original = new double[scaled.length];
        for (int i = 0; i < scaled.length; i++) {
            original[i] = unscaleTarget(scaled[i]);
        }
        return original;
    }
}
