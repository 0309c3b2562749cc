package dev.trialstream.core.data;

import java.util.List;

/**
 * One pass over a file's data rows: every cell parsed as a number once (NaN when missing or not a
 * number) and, per column, how many cells are present and how many of those are numbers.
 */
final class ColumnScan {

    private final double[][] numbers;
    private final int[] present;
    private final int[] numeric;

    private ColumnScan(int width, int rows) {
        numbers = new double[width][rows];
        present = new int[width];
        numeric = new int[width];
    }

    static ColumnScan of(int width, List<CsvRecords.Record> rows) {
        ColumnScan scan = new ColumnScan(width, rows.size());
        for (int r = 0; r < rows.size(); r++) {
            String[] cells = rows.get(r).cells();
            for (int c = 0; c < width; c++) {
                scan.add(c, r, c < cells.length ? cells[c] : "");
            }
        }
        return scan;
    }

    private void add(int column, int row, String cell) {
        double value = Double.NaN;
        if (!Cells.isMissing(cell)) {
            present[column]++;
            value = Cells.parseNumber(cell);
            // An infinity is a number gone wrong, not a label: it must not make the column categorical.
            if (!Double.isNaN(value) || Cells.isInfinity(cell)) {
                numeric[column]++;
            }
        }
        numbers[column][row] = value;
    }

    /** A strict majority of numbers among present cells makes a column numeric; so does having none. */
    ColumnKind inferredKind(int column) {
        return 2 * numeric[column] > present[column] || present[column] == 0
                ? ColumnKind.NUMERIC : ColumnKind.CATEGORICAL;
    }

    double number(int column, int row) {
        return numbers[column][row];
    }

    /** The column's numbers, owned by the caller from now on. */
    double[] numbers(int column) {
        return numbers[column];
    }
}
