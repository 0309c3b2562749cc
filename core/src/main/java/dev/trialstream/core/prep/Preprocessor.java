package dev.trialstream.core.prep;

import dev.trialstream.core.data.CategoricalColumn;
import dev.trialstream.core.data.Column;
import dev.trialstream.core.data.DataException;
import dev.trialstream.core.data.NumericColumn;
import dev.trialstream.core.data.Table;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Fits a {@link FittedPreprocessing} on chosen rows of a table. Every statistic (imputation
 * values, vocabularies, means, standard deviations) comes from those rows alone, so fitting on a
 * fold's training rows keeps its validation rows out of everything the trainer sees.
 */
public final class Preprocessor {

    private final PrepOptions options;

    public Preprocessor(PrepOptions options) {
        if (options == null) {
            throw new IllegalArgumentException("options must be set");
        }
        this.options = options;
    }

    /**
     * @param table  the table; every column except {@code target} becomes a feature, in table order
     * @param target the numeric target column
     * @param rows   the training rows to fit on (at least one)
     * @throws DataException when the target is missing, not numeric or lacks a value in {@code rows}
     */
    public FittedPreprocessing fit(Table table, String target, int[] rows) {
        if (rows.length == 0) {
            throw new IllegalArgumentException("cannot fit preprocessing of " + table.source() + " on 0 rows");
        }
        for (int row : rows) {
            if (row < 0 || row >= table.rows()) {
                throw new IllegalArgumentException(
                        "row " + row + " is outside " + table.source() + " (" + table.rows() + " rows)");
            }
        }
        if (!table.hasColumn(target)) {
            throw new DataException("target column \"" + target + "\" not found in " + table.source()
                    + "; columns: " + String.join(", ", table.columnNames()));
        }
        NumericColumn targetColumn = table.numeric(target);
        List<FeatureColumn> features = new ArrayList<>();
        for (Column column : table.columns()) {
            if (column.name().equals(target)) {
                continue;
            }
            features.add(column instanceof NumericColumn numeric
                    ? fitNumeric(numeric, rows)
                    : fitCategorical((CategoricalColumn) column, rows, table.source()));
        }
        if (features.isEmpty()) {
            throw new DataException(table.source() + " has only the target column \"" + target
                    + "\": there are no feature columns");
        }
        double[] targets = new double[rows.length];
        for (int i = 0; i < rows.length; i++) {
            targets[i] = targetColumn.get(rows[i]);
            if (Double.isNaN(targets[i])) {
                throw new DataException("file " + table.source() + ", line " + table.line(rows[i])
                        + ", target column \"" + target + "\": the value is missing");
            }
        }
        if (!options.standardizeTarget()) {
            return new FittedPreprocessing(target, 0, 1, features);
        }
        double targetMean = mean(targets);
        return new FittedPreprocessing(target, targetMean, stdOrOne(targets, targetMean), features);
    }

    private static NumericFeature fitNumeric(NumericColumn column, int[] rows) {
        double[] present = new double[rows.length];
        int count = 0;
        for (int row : rows) {
            if (!column.isMissing(row)) {
                present[count++] = column.get(row);
            }
        }
        // A column with no value in these rows is constant after imputation: 0 keeps it harmless.
        double impute = count == 0 ? 0 : median(Arrays.copyOf(present, count));
        double[] imputed = new double[rows.length];
        for (int i = 0; i < rows.length; i++) {
            double value = column.get(rows[i]);
            imputed[i] = Double.isNaN(value) ? impute : value;
        }
        double mean = mean(imputed);
        return new NumericFeature(column.name(), impute, mean, stdOrOne(imputed, mean));
    }

    private static CategoricalFeature fitCategorical(CategoricalColumn column, int[] rows, String source) {
        List<String> categories = column.encodableCategories(source);
        Map<String, Integer> counts = new TreeMap<>();
        for (int row : rows) {
            String value = column.get(row);
            if (value != null) {
                counts.merge(value, 1, Integer::sum);
            }
        }
        String mode = null;
        int best = 0;
        for (Map.Entry<String, Integer> entry : counts.entrySet()) {
            if (entry.getValue() > best) {
                best = entry.getValue();
                mode = entry.getKey();
            }
        }
        TreeSet<String> padding = new TreeSet<>(categories);
        padding.removeAll(counts.keySet());
        return new CategoricalFeature(column.name(), new ArrayList<>(counts.keySet()), new ArrayList<>(padding), mode);
    }

    private static double median(double[] values) {
        Arrays.sort(values);
        int mid = values.length / 2;
        return values.length % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
    }

    private static double mean(double[] values) {
        double sum = 0;
        for (double value : values) {
            sum += value;
        }
        return sum / values.length;
    }

    /** Population standard deviation; 1 for a constant column so that scaling never divides by 0. */
    private static double stdOrOne(double[] values, double mean) {
        double sum = 0;
        for (double value : values) {
            sum += (value - mean) * (value - mean);
        }
        double std = Math.sqrt(sum / values.length);
        return std > 0 ? std : 1;
    }
}
