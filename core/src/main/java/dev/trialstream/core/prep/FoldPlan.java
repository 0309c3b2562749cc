package dev.trialstream.core.prep;

import dev.trialstream.core.data.DataException;
import dev.trialstream.core.data.Dataset;
import dev.trialstream.core.data.PredefinedFolds;
import dev.trialstream.core.data.RowShuffle;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * How {@code rows} training rows are cut into cross-validation folds: every row is validated on in
 * exactly one fold and trained on in all the others.
 */
public record FoldPlan(int rows, List<Fold> folds) {

    public FoldPlan {
        folds = List.copyOf(folds);
        if (folds.size() < 2) {
            throw new IllegalArgumentException("a fold plan needs at least 2 folds, found " + folds.size());
        }
        int[] validatedIn = new int[rows];
        Arrays.fill(validatedIn, -1);
        for (int f = 0; f < folds.size(); f++) {
            Fold fold = folds.get(f);
            for (int row : fold.valid()) {
                checkRow(row, rows, f);
                if (validatedIn[row] >= 0) {
                    throw new IllegalArgumentException("row " + row + " is validated in folds " + validatedIn[row]
                            + " and " + f);
                }
                validatedIn[row] = f;
            }
            boolean[] trained = new boolean[rows];
            for (int row : fold.train()) {
                checkRow(row, rows, f);
                if (validatedIn[row] == f) {
                    throw new IllegalArgumentException("row " + row + " is both trained and validated in fold " + f);
                }
                trained[row] = true;
            }
            int trainedCount = 0;
            for (boolean t : trained) {
                trainedCount += t ? 1 : 0;
            }
            if (trainedCount + fold.valid().length != rows) {
                throw new IllegalArgumentException("fold " + f + " covers " + (trainedCount + fold.valid().length)
                        + " of the " + rows + " rows");
            }
        }
        for (int row = 0; row < rows; row++) {
            if (validatedIn[row] < 0) {
                throw new IllegalArgumentException("row " + row + " is validated in no fold");
            }
        }
    }

    private static void checkRow(int row, int rows, int fold) {
        if (row < 0 || row >= rows) {
            throw new IllegalArgumentException("fold " + fold + " names row " + row + ", outside 0.." + (rows - 1));
        }
    }

    /**
     * The folds a dataset is cross-validated on: its own when it names them (a fold column), which
     * must then number exactly {@code k}; otherwise {@link #kFold} with {@code seed}.
     *
     * @throws DataException when the fold column has fewer than 2 or other than {@code k} folds
     */
    public static FoldPlan of(Dataset dataset, int k, long seed) {
        PredefinedFolds given = dataset.folds();
        if (given == null) {
            requireRowPerFold(dataset, k);
            return kFold(dataset.train().rows(), k, seed);
        }
        int[] values = given.values();
        if (values.length != k) {
            throw new DataException("fold column \"" + given.column() + "\" of " + dataset.train().source() + " names "
                    + values.length + " fold" + (values.length == 1 ? "" : "s") + " " + Arrays.toString(values)
                    + " but cv.folds is " + k + "; set cv.folds (or --folds) to " + values.length);
        }
        List<Fold> folds = new ArrayList<>(k);
        for (int value : values) {
            int[] valid = given.rowsOf(value);
            int[] train = new int[given.labels().length - valid.length];
            int n = 0;
            for (int row = 0; row < given.labels().length; row++) {
                if (given.labels()[row] != value) {
                    train[n++] = row;
                }
            }
            folds.add(new Fold(train, valid));
        }
        return new FoldPlan(given.labels().length, folds);
    }

    private static void requireRowPerFold(Dataset dataset, int k) {
        int train = dataset.train().rows();
        if (k <= train) {
            return;
        }
        int test = dataset.test().rows();
        String held = test == 0 ? "" : " (" + (train + test) + " rows, " + test + (test == 1 ? " row" : " rows")
                + " held out as the test split)";
        // Two folds need two rows: below that no --folds helps, only more data.
        String remedy = train < 2 ? "use more data" : "use --folds " + Math.min(train, 5) + " or more data";
        throw new DataException("cv.folds (--folds) is " + k + " but " + dataset.name() + " has " + train
                + (train == 1 ? " training row" : " training rows") + held
                + ": k-fold CV needs at least one validation row per fold; " + remedy);
    }

    /**
     * Shuffles the rows with {@code seed} and deals them into {@code k} validation folds whose sizes
     * differ by at most one; each fold trains on the other rows. Indices within a fold are sorted.
     */
    public static FoldPlan kFold(int rows, int k, long seed) {
        if (rows < 2) {
            throw new IllegalArgumentException("k-fold needs at least 2 rows, found " + rows);
        }
        if (k < 2 || k > rows) {
            throw new IllegalArgumentException("k must be in [2, " + rows + "] (the number of rows), found " + k);
        }
        int[] order = RowShuffle.permutation(rows, seed);
        List<Fold> folds = new ArrayList<>(k);
        int start = 0;
        for (int f = 0; f < k; f++) {
            int size = rows / k + (f < rows % k ? 1 : 0);
            int[] valid = Arrays.copyOfRange(order, start, start + size);
            int[] train = new int[rows - size];
            System.arraycopy(order, 0, train, 0, start);
            System.arraycopy(order, start + size, train, start, rows - start - size);
            Arrays.sort(valid);
            Arrays.sort(train);
            folds.add(new Fold(train, valid));
            start += size;
        }
        return new FoldPlan(rows, folds);
    }

    public int k() {
        return folds.size();
    }
}
