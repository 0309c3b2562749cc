package dev.trialstream.core.data;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads a CSV file with a header line into a {@link Table}.
 *
 * <p>Quoting follows RFC 4180 (a quoted field may hold commas, doubled quotes and line breaks);
 * CRLF, a trailing newline, blank lines and a UTF-8 byte-order mark are accepted; cells are
 * trimmed. A cell that is empty or one of NA, N/A, NaN, null, ? (any case) is missing.
 *
 * <p>A column's kind is fixed by {@link ColumnRules}, or else inferred: numeric when most of its
 * non-missing cells are numbers, and then every other cell is an error; categorical otherwise.
 * All problems of a file are reported together (up to a limit) in one {@link DataException},
 * each naming the file, the 1-based physical line, the column and the value.
 */
public final class CsvTableReader {

    /** Enough to show a pattern without burying the first problem. */
    public static final int DEFAULT_MAX_PROBLEMS = 10;

    private final CsvMapper mapper = CsvMapper.builder()
            .enable(CsvParser.Feature.WRAP_AS_ARRAY)
            .enable(CsvParser.Feature.SKIP_EMPTY_LINES)
            .build();
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
        List<Record> records = parse(displayName, bytes);
        if (records.isEmpty()) {
            throw new DataException("file " + displayName + " is empty: expected a header line and data rows");
        }
        String[] header = checkHeader(displayName, records.get(0), rules);
        if (records.size() == 1) {
            throw new DataException("file " + displayName + " has a header but no data rows");
        }
        return buildTable(displayName, header, records.subList(1, records.size()), rules);
    }

    /** One CSV record and the physical line it started on. */
    private record Record(int line, String[] cells) {
    }

    private List<Record> parse(String file, byte[] bytes) {
        List<Record> records = new ArrayList<>();
        try (JsonParser parser = mapper.getFactory().createParser(bytes)) {
            if (parser.nextToken() != JsonToken.START_ARRAY) {
                return records;
            }
            // Tokens: an outer array of rows, each an array of strings.
            while (parser.nextToken() == JsonToken.START_ARRAY) {
                List<String> cells = new ArrayList<>();
                int line = -1;
                JsonToken token;
                while ((token = parser.nextToken()) == JsonToken.VALUE_STRING) {
                    if (line < 0) {
                        line = parser.currentTokenLocation().getLineNr();
                    }
                    cells.add(parser.getText().strip());
                }
                if (token != JsonToken.END_ARRAY) {
                    throw new DataException("file " + file + ", line " + line + ": unexpected CSV token " + token);
                }
                if (!cells.isEmpty()) {
                    records.add(new Record(line, cells.toArray(String[]::new)));
                }
            }
        } catch (JsonProcessingException e) {
            JsonLocation where = e.getLocation();
            String line = where == null || where.getLineNr() < 0 ? "" : ", line " + where.getLineNr();
            throw new DataException("file " + file + line + ": malformed CSV: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new DataException("file " + file + ": cannot read CSV: " + e.getMessage(), e);
        }
        return records;
    }

    private String[] checkHeader(String file, Record headerRecord, ColumnRules rules) {
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
        String columns = String.join(", ", header);
        if (rules.target() != null && !seen.containsKey(rules.target())) {
            problems.add("target column \"" + rules.target() + "\" not found in " + file + "; columns: " + columns);
        }
        for (Map.Entry<String, ColumnKind> kind : rules.kinds().entrySet()) {
            if (!seen.containsKey(kind.getKey())) {
                problems.add(kind.getValue().name().toLowerCase(Locale.ROOT) + " column \""
                        + kind.getKey() + "\" not found in " + file + "; columns: " + columns);
            }
        }
        problems.throwIfAny();
        return header;
    }

    private Table buildTable(String file, String[] header, List<Record> rows, ColumnRules rules) {
        int width = header.length;
        int n = rows.size();
        Problems problems = new Problems(maxProblems);
        int[] lines = new int[n];
        for (int r = 0; r < n; r++) {
            Record row = rows.get(r);
            lines[r] = row.line();
            if (row.cells().length != width) {
                problems.add("file " + file + ", line " + row.line() + " has " + row.cells().length
                        + " fields, header has " + width);
            }
        }

        // First pass: parse every cell once and count, per column, the numbers among non-missing cells.
        double[][] numbers = new double[width][n];
        int[] present = new int[width];
        int[] numeric = new int[width];
        for (int r = 0; r < n; r++) {
            String[] cells = rows.get(r).cells();
            for (int c = 0; c < width; c++) {
                String cell = c < cells.length ? cells[c] : "";
                double value = Double.NaN;
                if (!Cells.isMissing(cell)) {
                    present[c]++;
                    value = Cells.parseNumber(cell);
                    if (!Double.isNaN(value)) {
                        numeric[c]++;
                    }
                }
                numbers[c][r] = value;
            }
        }
        ColumnKind[] kinds = new ColumnKind[width];
        for (int c = 0; c < width; c++) {
            ColumnKind fixed = header[c].equals(rules.target()) ? ColumnKind.NUMERIC : rules.kinds().get(header[c]);
            // A strict majority of numbers makes a column numeric; an all-missing column counts as numeric.
            kinds[c] = fixed != null ? fixed
                    : 2 * numeric[c] > present[c] || present[c] == 0 ? ColumnKind.NUMERIC : ColumnKind.CATEGORICAL;
        }

        // Second pass, row by row so that problems come out in line order.
        String[][] labels = new String[width][];
        for (int c = 0; c < width; c++) {
            if (kinds[c] == ColumnKind.CATEGORICAL) {
                labels[c] = new String[n];
            }
        }
        for (int r = 0; r < n; r++) {
            Record row = rows.get(r);
            String[] cells = row.cells();
            if (cells.length != width) {
                continue;
            }
            for (int c = 0; c < width; c++) {
                String cell = cells[c];
                boolean missing = Cells.isMissing(cell);
                if (kinds[c] == ColumnKind.CATEGORICAL) {
                    labels[c][r] = missing ? null : cell;
                } else if (missing && header[c].equals(rules.target())) {
                    problems.add("file " + file + ", line " + row.line() + ", target column \"" + header[c]
                            + "\": the value is missing" + (cell.isEmpty() ? "" : " (\"" + cell + "\")"));
                } else if (!missing && Double.isNaN(numbers[c][r])) {
                    problems.add("file " + file + ", line " + row.line() + ", column \"" + header[c] + "\": \""
                            + cell + "\" is not a number");
                }
            }
        }
        problems.throwIfAny();

        List<Column> columns = new ArrayList<>(width);
        for (int c = 0; c < width; c++) {
            columns.add(kinds[c] == ColumnKind.NUMERIC
                    ? NumericColumn.owning(header[c], numbers[c])
                    : CategoricalColumn.owning(header[c], labels[c]));
        }
        return Table.owning(file, columns, lines);
    }
}
