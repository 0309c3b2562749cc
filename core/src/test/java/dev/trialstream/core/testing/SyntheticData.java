package dev.trialstream.core.testing;

import dev.trialstream.core.data.CategoricalColumn;
import dev.trialstream.core.data.Column;
import dev.trialstream.core.data.DataFile;
import dev.trialstream.core.data.Dataset;
import dev.trialstream.core.data.DatasetLoader;
import dev.trialstream.core.data.DatasetSource;
import dev.trialstream.core.data.NumericColumn;
import dev.trialstream.core.data.Table;
import dev.trialstream.core.prep.FoldPlan;
import dev.trialstream.core.prep.FoldPreparer;
import dev.trialstream.core.prep.PrepOptions;
import dev.trialstream.core.training.FoldData;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Seeded linear-regression data for tests: {@code y = 3 + Σ w_j x_j + noise · N(0, 1)} with
 * features {@code x1..xn}, where {@code x_j = 10 j + (j + 1) · N(0, 1)} (offsets and scales differ
 * so that standardization matters) and weights {@code w_j} uniform in [-2, 2]. The same arguments
 * always give the same data.
 */
public final class SyntheticData {

    public static final String TARGET = "y";
    public static final double BIAS = 3.0;

    private SyntheticData() {
    }

    /** The true weights {@code w_1..w_n} behind every table made with this {@code seed}. */
    public static double[] linearWeights(int features, long seed) {
        return weights(new SplittableRandom(seed), features);
    }

    private static double[] weights(SplittableRandom random, int features) {
        double[] weights = new double[features];
        for (int j = 0; j < features; j++) {
            weights[j] = random.nextDouble(-2, 2);
        }
        return weights;
    }

    /** Columns {@code x1..xn, y}; line numbers as in a CSV with a header (row i on line i + 2). */
    public static Table linearTable(int rows, int features, double noise, long seed) {
        if (rows < 1 || features < 1 || noise < 0) {
            throw new IllegalArgumentException("need rows >= 1, features >= 1, noise >= 0; found "
                    + rows + ", " + features + ", " + noise);
        }
        SplittableRandom random = new SplittableRandom(seed);
        double[] weights = weights(random, features);
        double[][] x = new double[features][rows];
        double[] y = new double[rows];
        for (int i = 0; i < rows; i++) {
            double sum = BIAS;
            for (int j = 0; j < features; j++) {
                x[j][i] = 10.0 * (j + 1) + (j + 2) * random.nextGaussian();
                sum += weights[j] * x[j][i];
            }
            y[i] = sum + noise * random.nextGaussian();
        }
        List<Column> columns = new ArrayList<>();
        for (int j = 0; j < features; j++) {
            columns.add(new NumericColumn("x" + (j + 1), x[j]));
        }
        columns.add(new NumericColumn(TARGET, y));
        int[] lines = new int[rows];
        for (int i = 0; i < rows; i++) {
            lines[i] = i + 2;
        }
        return new Table("synthetic-" + seed + ".csv", columns, lines);
    }

    /** {@link #linearTable} as CSV text with a header line. */
    public static String linearCsv(int rows, int features, double noise, long seed) {
        return toCsv(linearTable(rows, features, noise, seed));
    }

    /**
     * A dataset parsed from CSV text, as a real one would be: the first {@code trainRows} rows are
     * the training table, the next {@code testRows} a test file (none when 0).
     */
    public static Dataset linearDataset(int trainRows, int testRows, int features, double noise, long seed) {
        Table all = linearTable(trainRows + testRows, features, noise, seed);
        DataFile train = DataFile.ofText("synthetic-train.csv", toCsv(all.select(range(0, trainRows))));
        DataFile test = testRows == 0 ? null
                : DataFile.ofText("synthetic-test.csv", toCsv(all.select(range(trainRows, trainRows + testRows))));
        return new DatasetLoader().parse(new DatasetSource("synthetic", TARGET, List.of(), train, test, 0, seed));
    }

    /** k folds of a linear table, preprocessed with the default options. */
    public static List<FoldData> linearFolds(int rows, int features, int k, long seed) {
        Table table = linearTable(rows, features, 0.1, seed);
        return new FoldPreparer(PrepOptions.DEFAULTS).prepare(table, TARGET, FoldPlan.kFold(rows, k, seed));
    }

    /** One train/valid pair, preprocessed with statistics of the training rows. */
    public static FoldData linearFoldData(int trainRows, int validRows, int features, long seed) {
        return new FoldPreparer(PrepOptions.DEFAULTS)
                .prepareFinal(linearDataset(trainRows, validRows, features, 0.1, seed)).data();
    }

    /**
     * Writes a table as CSV: numbers via {@link Double#toString} (exact round trip), missing
     * values empty, labels quoted when they hold a comma, quote or line break.
     */
    public static String toCsv(Table table) {
        StringBuilder csv = new StringBuilder(String.join(",", table.columnNames().stream()
                .map(SyntheticData::quote).toList())).append('\n');
        for (int row = 0; row < table.rows(); row++) {
            for (int c = 0; c < table.columns().size(); c++) {
                if (c > 0) {
                    csv.append(',');
                }
                Column column = table.columns().get(c);
                if (column.isMissing(row)) {
                    continue;
                }
                csv.append(column instanceof NumericColumn numeric
                        ? Double.toString(numeric.get(row))
                        : quote(((CategoricalColumn) column).get(row)));
            }
            csv.append('\n');
        }
        return csv.toString();
    }

    private static String quote(String text) {
        if (text.contains(",") || text.contains("\"") || text.contains("\n") || text.contains("\r")) {
            return '"' + text.replace("\"", "\"\"") + '"';
        }
        return text;
    }

    private static int[] range(int from, int to) {
        int[] rows = new int[to - from];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = from + i;
        }
        return rows;
    }
}
