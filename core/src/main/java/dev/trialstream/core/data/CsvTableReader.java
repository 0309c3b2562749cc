package dev.trialstream.core.data;

import dev.trialstream.core.data.CsvRecords.Record;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Reads a CSV file with a header line into a {@link Table}.
 *
 * <p>Quoting follows RFC 4180 (a quoted field may hold commas, doubled quotes and line breaks);
 * CRLF, a trailing newline, blank lines and a UTF-8 byte-order mark are accepted; cells are
 * trimmed. Fields are separated by a comma, semicolon or tab, whichever the header line holds
 * most of ({@link Delimiter}). A cell that is empty or one of NA, N/A, NaN, null, ? (any case) is
 * missing; an infinite number (Infinity, -inf, 1e999) is an error, never a value, and so is a
 * number beyond ±1e150, whose square would overflow ({@link Cells#MAX_MAGNITUDE}).
 *
 * <p>A column's kind is fixed by {@link ColumnRules}, or else inferred: numeric when most of its
 * non-missing cells are numbers, and then every other cell is an error; categorical otherwise.
 * All problems of a file are reported together (up to a limit) in one {@link DataException},
 * each naming the file, the 1-based physical line, the column and the value.
 */
public final class CsvTableReader {

    /** Enough to show a pattern without burying the first problem. */
    public static final int DEFAULT_MAX_PROBLEMS = 10;

    private final int maxProblems;

    public CsvTableReader() {
        this(DEFAULT_MAX_PROBLEMS);
    }

    public CsvTableReader(int maxProblems) {
        if (maxProblems < 1) {
            throw new IllegalArgumentException("maxProblems must be positive, found " + maxProblems);
        }
        this.maxProblems = maxProblems;
    }

    /** Reads with the given columns categorical (each must exist) and every other kind inferred. */
    public Table read(String displayName, byte[] bytes, List<String> categorical) {
        return read(displayName, bytes, ColumnRules.categorical(categorical));
    }

    /**
     * @param displayName how errors and the table name the file, e.g. {@code boston.csv}
     * @throws DataException naming the file, line, column and value of every problem found
     */
    public Table read(String displayName, byte[] bytes, ColumnRules rules) {
        if (displayName == null || displayName.isBlank()) {
            throw new IllegalArgumentException("displayName must be set, found \"" + displayName + "\"");
        }
        byte[] text = CsvBytes.text(displayName, bytes);
        char delimiter = Delimiter.sniff(text);
        List<Record> records = CsvRecords.parse(displayName, text, delimiter);
        if (records.isEmpty()) {
            throw new DataException("file " + displayName + " is empty: expected a header line and data rows");
        }
        String[] header = checkHeader(displayName, records.get(0), rules, delimiter);
        if (records.size() == 1) {
            throw new DataException("file " + displayName + " has a header but no data rows");
        }
        return buildTable(displayName, header, records.subList(1, records.size()), rules);
    }

    private String[] checkHeader(String file, Record headerRecord, ColumnRules rules, char delimiter) {
        String[] header = headerRecord.cells();
        Map<String, Integer> seen = checkNames(file, headerRecord);
        Problems problems = new Problems(maxProblems);
        String columns = String.join(", ", header) + separatedBy(header, delimiter);
        List<String> names = List.of(header);
        if (rules.target() != null && !seen.containsKey(rules.target())) {
            problems.add("target column \"" + rules.target() + "\" not found in " + file
                    + ColumnNames.nearest(rules.target(), names) + "; columns: " + columns);
        }
        for (Map.Entry<String, ColumnKind> kind : rules.kinds().entrySet()) {
            if (!seen.containsKey(kind.getKey()) && !kind.getKey().equals(rules.target())) { // said once, above
                problems.add(kind.getValue().name().toLowerCase(Locale.ROOT) + " column \""
                        + kind.getKey() + "\" not found in " + file + ColumnNames.nearest(kind.getKey(), names)
                        + (rules.kindsFrom().isEmpty() ? "" : ": " + rules.kindsFrom()) + "; columns: " + columns);
            }
        }
        problems.throwIfAny();
        return header;
    }

    /** Column name → index; every name present and distinct. */
    private Map<String, Integer> checkNames(String file, Record headerRecord) {
        String[] header = headerRecord.cells();
        Problems problems = new Problems(maxProblems);
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < header.length; i++) {
            if (header[i].isEmpty()) {
                problems.add("file " + file + ", line " + headerRecord.line() + ": header column " + (i + 1)
                        + " has no name");
                continue;
            }
            Integer first = seen.putIfAbsent(header[i], i);
            if (first != null) {
                problems.add("file " + file + ", line " + headerRecord.line() + ": column \"" + header[i]
                        + "\" appears twice in the header (columns " + (first + 1) + " and " + (i + 1) + ")");
            }
        }
        problems.throwIfAny();
        return seen;
    }

    /** A hint when the header split into one column: the file may use another separator. */
    private static String separatedBy(String[] header, char delimiter) {
        return header.length > 1 ? "" : " (one column when split by " + Delimiter.describe(delimiter)
                + "; the header line must separate names by a comma, semicolon or tab)";
    }

    private Table buildTable(String file, String[] header, List<Record> rows, ColumnRules rules) {
        Problems problems = new Problems(maxProblems);
        checkWidths(file, header.length, rows, problems);
        ColumnScan scan = ColumnScan.of(header.length, rows);
        List<String> commaNumbers = commaNumbers(file, header, rows, scan, rules);
        if (!commaNumbers.isEmpty()) {
            commaNumbers.forEach(problems::add);
            problems.throwIfAny(); // one problem per column, not a "not a number" per cell
        }
        textTarget(file, header, rows, scan, rules.target()).ifPresent(problem -> {
            problems.add(problem); // one problem, not one per row
            problems.throwIfAny();
        });
        ColumnKind[] kinds = kinds(header, scan, rules);
        String[][] labels = checkCells(file, header, rows, scan, kinds, rules.target(), problems);
        problems.throwIfAny();

        List<Column> columns = new ArrayList<>(header.length);
        for (int c = 0; c < header.length; c++) {
            columns.add(kinds[c] == ColumnKind.NUMERIC
                    ? NumericColumn.owning(header[c], scan.numbers(c))
                    : CategoricalColumn.owning(header[c], labels[c]));
        }
        int[] lines = rows.stream().mapToInt(Record::line).toArray();
        return Table.owning(file, columns, lines);
    }

    private static void checkWidths(String file, int width, List<Record> rows, Problems problems) {
        for (Record row : rows) {
            if (row.cells().length != width) {
                problems.add("file " + file + ", line " + row.line() + " has " + row.cells().length
                        + " fields, header has " + width);
            }
        }
    }

    /**
     * Columns that would be read as text although every value is a number written with a comma
     * (a decimal comma, or thousands separators), and at least one is: said as such, where they
     * would otherwise become categories without a word (or, for the target, "text").
     */
    private static List<String> commaNumbers(String file, String[] header, List<Record> rows, ColumnScan scan,
                                             ColumnRules rules) {
        List<String> problems = new ArrayList<>();
        for (int c = 0; c < header.length; c++) {
            if (scan.inferredKind(c) != ColumnKind.CATEGORICAL
                    || rules.kinds().get(header[c]) == ColumnKind.CATEGORICAL) {
                continue;
            }
            int example = -1;
            boolean allNumbers = true;
            for (int r = 0; r < rows.size() && allNumbers; r++) {
                String[] cells = rows.get(r).cells();
                String cell = c < cells.length ? cells[c] : "";
                if (Cells.isMissing(cell) || !Double.isNaN(scan.number(c, r))) {
                    continue;
                }
                allNumbers = Cells.isCommaNumber(cell);
                if (allNumbers && example < 0) {
                    example = r;
                }
            }
            if (allNumbers && example >= 0) {
                boolean target = header[c].equals(rules.target());
                problems.add("file " + file + ", column \"" + header[c] + "\": its values are numbers written with a"
                        + " comma (\"" + rows.get(example).cells()[c] + "\" on line " + rows.get(example).line()
                        + "); write them with a decimal point and no thousands separator"
                        + (target ? "" : ", or list the column as categorical if it holds categories"));
            }
        }
        return problems;
    }

    /**
     * A target column that is mostly text (as a feature it would be categorical): a regression needs
     * a number to predict, so this is said once, with an example, instead of once per row.
     */
    private static Optional<String> textTarget(String file, String[] header, List<Record> rows, ColumnScan scan,
                                               String target) {
        int c = target == null ? -1 : List.of(header).indexOf(target);
        if (c < 0 || scan.inferredKind(c) != ColumnKind.CATEGORICAL) {
            return Optional.empty();
        }
        for (int r = 0; r < rows.size(); r++) {
            String cell = rows.get(r).cells().length > c ? rows.get(r).cells()[c] : "";
            if (!Cells.isMissing(cell) && Double.isNaN(scan.number(c, r))) {
                return Optional.of("file " + file + ": the target column \"" + target + "\" holds text (e.g. \""
                        + cell + "\" on line " + rows.get(r).line() + "), not numbers: a regressor predicts a number;"
                        + " choose a numeric target column (a text column can be a feature)");
            }
        }
        return Optional.empty();
    }

    /** The target is numeric; a column the rules fix keeps its kind; the rest are inferred. */
    private static ColumnKind[] kinds(String[] header, ColumnScan scan, ColumnRules rules) {
        ColumnKind[] kinds = new ColumnKind[header.length];
        for (int c = 0; c < header.length; c++) {
            ColumnKind fixed = header[c].equals(rules.target()) ? ColumnKind.NUMERIC : rules.kinds().get(header[c]);
            kinds[c] = fixed != null ? fixed : scan.inferredKind(c);
        }
        return kinds;
    }

    /**
     * Row by row, so that problems come out in line order: a missing target, a number cell that is
     * not a number, is infinite or too large. Returns the labels of the categorical columns (null elsewhere).
     */
    private static String[][] checkCells(String file, String[] header, List<Record> rows, ColumnScan scan,
                                         ColumnKind[] kinds, String target, Problems problems) {
        String[][] labels = new String[header.length][];
        for (int c = 0; c < header.length; c++) {
            labels[c] = kinds[c] == ColumnKind.CATEGORICAL ? new String[rows.size()] : null;
        }
        for (int r = 0; r < rows.size(); r++) {
            Record row = rows.get(r);
            if (row.cells().length != header.length) {
                continue;
            }
            for (int c = 0; c < header.length; c++) {
                String cell = row.cells()[c];
                if (labels[c] != null) {
                    labels[c][r] = Cells.isMissing(cell) ? null : cell;
                    continue;
                }
                boolean isTarget = header[c].equals(target);
                String problem = cellProblem(cell, isTarget, scan.number(c, r));
                if (problem != null) {
                    problems.add("file " + file + ", line " + row.line() + ", " + (isTarget && Cells.isMissing(cell) ? "target " : "")
                            + "column \"" + header[c] + "\": " + problem);
                }
            }
        }
        return labels;
    }

    /** What is wrong with a cell of a number column, or null. */
    private static String cellProblem(String cell, boolean isTarget, double number) {
        boolean missing = Cells.isMissing(cell);
        if (missing && isTarget) {
            return "the value is missing" + (cell.isEmpty() ? "" : " (\"" + cell + "\")");
        }
        if (Math.abs(number) > Cells.MAX_MAGNITUDE) {
            return "\"" + cell + "\" is too large; a number must be within ±1e150 (standardization and the MSE"
                    + " square it; rescale the column, or check for a placeholder value)";
        }
        if (missing || !Double.isNaN(number)) {
            return null;
        }
        if (Cells.isInfinity(cell)) {
            return "\"" + cell + "\" is infinite; a number must be finite"
                    + " (leave the cell empty or write NaN for a missing value)";
        }
        if (Cells.isCommaNumber(cell)) { // one such cell among numbers: a decimal comma typed by hand, say
            return "\"" + cell + "\" is not a number: write it with a decimal point and no thousands separator";
        }
        return "\"" + cell + "\" is not a number";
    }
}
