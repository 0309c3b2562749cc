package dev.trialstream.core.data;

import dev.trialstream.core.space.Numbers;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns a {@link DataSpec} into a {@link Dataset} in two steps that can run on different machines:
 * {@link #resolve} reads the raw bytes (from disk or the built-in resources) and {@link #parse}
 * parses and splits them, so a worker given the same bytes builds the same dataset.
 */
public final class DatasetLoader {

    static final String BUILTIN_FOLDER = "builtin/";

    private final Path baseDir;
    private final CsvTableReader reader;

    /** Relative file paths resolve against the working directory. */
    public DatasetLoader() {
        this(Path.of(""));
    }

    /** Relative file paths resolve against {@code baseDir} (e.g. the directory of the spec file). */
    public DatasetLoader(Path baseDir) {
        this(baseDir, new CsvTableReader());
    }

    public DatasetLoader(Path baseDir, CsvTableReader reader) {
        if (baseDir == null || reader == null) {
            throw new IllegalArgumentException("baseDir and reader must be set");
        }
        this.baseDir = baseDir;
        this.reader = reader;
    }

    /** Reads and parses: {@code parse(resolve(spec))}. */
    public Dataset load(DataSpec spec) {
        return parse(resolve(spec));
    }

    /**
     * Reads the raw input bytes a spec names. A built-in supplies its own target (unless the spec
     * names one), its categorical columns (added to the spec's) and its own split.
     *
     * @throws DataException for an unknown built-in or a file that cannot be read
     */
    public DatasetSource resolve(DataSpec spec) {
        if (spec.dataset() != null) {
            return resolveBuiltin(spec);
        }
        if (spec.target() == null || spec.target().isBlank()) {
            throw new DataException("a target column must be named for file " + spec.file());
        }
        requireNumericTarget(spec.target(), spec.categorical());
        DataFile train = readFile(spec.file());
        DataFile test = spec.testFile() == null ? null : readFile(spec.testFile());
        return new DatasetSource(spec.file(), spec.target(), spec.categorical(), train, test,
                spec.testFraction(), spec.testSeed(), spec.foldColumn());
    }

    private DatasetSource resolveBuiltin(DataSpec spec) {
        BuiltinDataset builtin = BuiltinDataset.find(spec.dataset()).orElseThrow(() -> new DataException(
                "built-in dataset " + BuiltinDataset.nameProblem(spec.dataset())));
        if (spec.testFile() != null) {
            throw new DataException("built-in dataset " + builtin.name() + " has its own test split;"
                    + " testFile \"" + spec.testFile() + "\" applies only to a dataset file");
        }
        Set<String> categorical = new LinkedHashSet<>(builtin.categorical());
        categorical.addAll(spec.categorical());
        DataFile train = readResource(builtin.trainResource());
        DataFile test = builtin.testResource() == null ? null : readResource(builtin.testResource());
        String target = spec.target() == null ? builtin.target() : spec.target();
        requireNumericTarget(target, categorical);
        return new DatasetSource(builtin.name(), target, new ArrayList<>(categorical), train, test,
                builtin.testFraction(), builtin.testSeed(), spec.foldColumn());
    }

    private static void requireNumericTarget(String target, Collection<String> categorical) {
        if (categorical.contains(target)) {
            throw new DataException("target column \"" + target + "\" is listed as categorical but must be numeric");
        }
    }

    private DataFile readFile(String file) {
        Path path = baseDir.resolve(file);
        try {
            return new DataFile(file, Files.readAllBytes(path));
        } catch (NoSuchFileException e) {
            throw new DataException("file " + file + " not found (looked at " + path.toAbsolutePath() + ")", e);
        } catch (IOException e) {
            throw new DataException("file " + file + " cannot be read: " + e, e);
        }
    }

    private DataFile readResource(String fileName) {
        try (InputStream in = DatasetLoader.class.getResourceAsStream(BUILTIN_FOLDER + fileName)) {
            if (in == null) {
                throw new IllegalStateException("built-in resource " + BUILTIN_FOLDER + fileName
                        + " is missing from the classpath");
            }
            return new DataFile(fileName, in.readAllBytes());
        } catch (IOException e) {
            throw new IllegalStateException("built-in resource " + BUILTIN_FOLDER + fileName + " cannot be read", e);
        }
    }

    /**
     * Parses the raw inputs and makes the train/test split: a test file is read with the training
     * file's column kinds and must have exactly its columns; otherwise a seeded random fraction of
     * the training rows is held out.
     *
     * @throws DataException naming the file, line, column and value of every problem found
     */
    public Dataset parse(DatasetSource source) {
        ColumnRules rules = ColumnRules.of(source.target(), source.categorical());
        Table all = reader.read(source.train().name(), source.train().bytes(), rules);
        requireValues(all);
        requireVaryingTarget(all, source.target());
        if (all.columns().size() < 2) {
            throw new DataException("file " + all.source() + " has only the target column \"" + source.target()
                    + "\": there are no feature columns");
        }
        Table train;
        Table test;
        String description;
        if (source.test() != null) {
            train = all;
            test = readTestFile(source, all);
            description = prefix(source) + all.source() + " (" + train.rows() + " rows) + test file "
                    + test.source() + " (" + test.rows() + " rows)";
        } else {
            int[][] split = split(all.rows(), source.testFraction(), source.testSeed(), all.source());
            train = all.select(split[0]);
            test = all.select(split[1]);
            description = prefix(source) + all.source() + ", " + all.rows() + " rows, "
                    + (test.rows() == 0 ? "no test split"
                    : "random split " + train.rows() + " train / " + test.rows() + " test (fraction "
                    + source.testFraction() + ", seed " + source.testSeed() + ")");
        }
        // Said here, before anything starts, not by every trial's preprocessing (which fits on these rows).
        for (Column column : train.columns()) {
            if (column instanceof CategoricalColumn categorical) {
                categorical.encodableCategories(all.source());
            }
        }
        if (source.foldColumn() == null) {
            return new Dataset(source.name(), source.target(), train, test, description, source.fingerprint());
        }
        PredefinedFolds folds = PredefinedFolds.read(train, source.foldColumn());
        train = train.without(source.foldColumn());
        test = test.without(source.foldColumn());
        if (train.columns().size() < 2) {
            throw new DataException("file " + all.source() + " has only the target column \"" + source.target()
                    + "\" and the fold column \"" + source.foldColumn() + "\": there are no feature columns");
        }
        description += ", CV folds from column " + source.foldColumn();
        return new Dataset(source.name(), source.target(), train, test, description, source.fingerprint(), folds);
    }

    /**
     * Rejects a column with no value in any row: it cannot inform the model, and training on it
     * silently would hide a broken export or a wrong delimiter.
     */
    private static void requireValues(Table table) {
        List<String> empty = new ArrayList<>();
        for (Column column : table.columns()) {
            boolean any = false;
            for (int row = 0; row < column.size() && !any; row++) {
                any = !column.isMissing(row);
            }
            if (!any) {
                empty.add(column.name());
            }
        }
        if (!empty.isEmpty()) {
            throw new DataException("file " + table.source() + (empty.size() == 1 ? ": column \"" + empty.get(0)
                    + "\" is" : ": columns " + empty + " are") + " empty in every row; remove "
                    + (empty.size() == 1 ? "it" : "them") + " from the file");
        }
    }

    /** Rejects a target with one value in every row: there is nothing to learn, and every score would be 0. */
    private static void requireVaryingTarget(Table table, String target) {
        if (!table.columnNames().contains(target)) {
            return; // said by the reader's own check
        }
        double[] values = table.numeric(target).values();
        if (values.length > 1 && Arrays.stream(values).allMatch(value -> value == values[0])) {
            throw new DataException("file " + table.source() + ": the target column \"" + target + "\" holds the same"
                    + " value (" + Numbers.plain(values[0]) + ") in every row: there is nothing to learn; choose a"
                    + " target column whose values vary");
        }
    }

    private static String prefix(DatasetSource source) {
        return source.name().equals(source.train().name()) ? "" : "built-in " + source.name() + ": ";
    }

    private Table readTestFile(DatasetSource source, Table train) {
        // A test file need not carry the fold column: only training rows are cross-validated.
        Map<String, ColumnKind> kinds = new LinkedHashMap<>(train.kinds());
        if (source.foldColumn() != null) {
            kinds.remove(source.foldColumn());
        }
        Table test = reader.read(source.test().name(), source.test().bytes(), new ColumnRules(source.target(), kinds,
                "the training file " + train.source() + " has it"));
        List<String> extra = new ArrayList<>(test.columnNames());
        extra.removeAll(train.columnNames());
        if (!extra.isEmpty()) {
            throw new DataException("test file " + test.source() + " has columns that " + train.source()
                    + " does not: " + String.join(", ", extra));
        }
        return test;
    }

    /**
     * Row indices {train, test}, each in ascending order; the test rows are the first
     * {@code round(rows × fraction)} (at least one when the fraction is positive) of a seeded
     * permutation.
     */
    static int[][] split(int rows, double testFraction, long seed, String file) {
        if (testFraction == 0) {
            return new int[][] {allRows(rows), new int[0]};
        }
        int testRows = (int) Math.max(1, Math.round(rows * testFraction));
        if (testRows >= rows) {
            throw new DataException("file " + file + " has " + rows + (rows == 1 ? " row" : " rows")
                    + ": too few to hold out a test fraction of " + testFraction + " and keep training rows");
        }
        int[] order = RowShuffle.permutation(rows, seed);
        int[] test = Arrays.copyOfRange(order, 0, testRows);
        int[] train = Arrays.copyOfRange(order, testRows, rows);
        Arrays.sort(test);
        Arrays.sort(train);
        return new int[][] {train, test};
    }

    private static int[] allRows(int rows) {
        int[] all = new int[rows];
        for (int i = 0; i < rows; i++) {
            all[i] = i;
        }
        return all;
    }
}
