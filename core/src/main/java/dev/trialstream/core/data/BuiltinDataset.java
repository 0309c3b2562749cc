package dev.trialstream.core.data;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A dataset shipped as resources under {@code dev/trialstream/core/data/builtin/} (see
 * PROVENANCE.md there). A built-in defines its own split: the spec's test fraction does not apply.
 *
 * @param trainResource file name of the training rows (all rows when {@code testResource} is null)
 * @param testResource  file name of the held-out rows, or null to split {@code trainResource}
 * @param testFraction  without a test resource: the fraction held out
 * @param testSeed      the seed of that split, fixed so every run sees the same test rows
 */
public record BuiltinDataset(String name, String trainResource, String testResource, String target,
                             List<String> categorical, double testFraction, long testSeed) {

    /** Boston housing split exactly as {@code keras.datasets.boston_housing} splits it (404 / 102). */
    public static final BuiltinDataset BOSTON = new BuiltinDataset(
            "boston", "boston_train.csv", "boston_test.csv", "medv", List.of(), 0, 0);

    /** California housing, 20,640 rows; 80/20 random split with seed 42 (16,512 / 4,128). */
    public static final BuiltinDataset CALIFORNIA = new BuiltinDataset(
            "california", "california_housing.csv", null, "median_house_value", List.of("ocean_proximity"),
            0.2, 42);

    public static final List<BuiltinDataset> ALL = List.of(BOSTON, CALIFORNIA);

    public BuiltinDataset {
        categorical = List.copyOf(categorical);
        TestFraction.require("testFraction", testFraction);
    }

    /** The built-in a user names, in any case ({@code Boston} is boston); empty for an unknown name. */
    public static Optional<BuiltinDataset> find(String name) {
        return ALL.stream().filter(builtin -> builtin.name.equalsIgnoreCase(name)).findFirst();
    }

    /** The known names, comma-separated, for error messages. */
    public static String knownNames() {
        return ALL.stream().map(BuiltinDataset::name).collect(Collectors.joining(", "));
    }

    /** The dataset's column names, in file order (read from its header once). */
    public List<String> columns() {
        return BuiltinColumns.of(this);
    }

    /**
     * What is wrong with a column name this dataset does not have, said the same way by the spec
     * ({@code data.target: ...}) and the flags ({@code --target: ...}); empty when it has it.
     * The columns are listed, and a name that differs only in case is pointed at, since column
     * names are matched exactly.
     */
    public Optional<String> columnProblem(String column) {
        List<String> columns = columns();
        if (columns.contains(column)) {
            return Optional.empty();
        }
        return Optional.of("built-in dataset " + name + " has no column \"" + column + "\""
                + ColumnNames.nearest(column, columns)
                + "; its columns: " + String.join(", ", columns));
    }

    /** What is wrong with a name {@link #find} does not know, said the same way by the spec and the flags. */
    public static String nameProblem(String name) {
        return "must be one of " + knownNames() + ", found \"" + name + "\"";
    }
}
