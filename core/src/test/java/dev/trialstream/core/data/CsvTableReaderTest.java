package dev.trialstream.core.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

class CsvTableReaderTest {

    private final CsvTableReader reader = new CsvTableReader();

    private Table read(String csv) {
        return reader.read("test.csv", csv.getBytes(StandardCharsets.UTF_8), List.of());
    }

    private Table read(String csv, ColumnRules rules) {
        return reader.read("test.csv", csv.getBytes(StandardCharsets.UTF_8), rules);
    }

    private DataException failure(String csv, ColumnRules rules) {
        return catchThrowableOfType(DataException.class, () -> read(csv, rules));
    }

    @Test
    void shouldReadNumericAndCategoricalColumns() {
        Table table = read("a,b,c\n1,x,2.5\n-3e2,y,.5\n");

        assertThat(table.source()).isEqualTo("test.csv");
        assertThat(table.rows()).isEqualTo(2);
        assertThat(table.columnNames()).containsExactly("a", "b", "c");
        assertThat(table.kinds()).containsExactly(
                Map.entry("a", ColumnKind.NUMERIC), Map.entry("b", ColumnKind.CATEGORICAL),
                Map.entry("c", ColumnKind.NUMERIC));
        assertThat(table.numeric("a").values()).containsExactly(1.0, -300.0);
        assertThat(table.categorical("b").get(1)).isEqualTo("y");
        assertThat(table.numeric("c").values()).containsExactly(2.5, 0.5);
        assertThat(table.line(0)).isEqualTo(2);
        assertThat(table.line(1)).isEqualTo(3);
    }

    @Test
    void shouldHandleQuotesCrlfBomAndBlankLines() {
        String csv = "\uFEFFname,\"size, m2\",price\r\n"
                + "\"Smith, \"\"Jr\"\"\",10,1\r\n"
                + "\r\n"
                + "\"two\nlines\",20,2\r\n"
                + "plain , 30 ,3";

        Table table = read(csv);

        assertThat(table.columnNames()).containsExactly("name", "size, m2", "price");
        assertThat(table.categorical("name").get(0)).isEqualTo("Smith, \"Jr\"");
        assertThat(table.categorical("name").get(1)).isEqualTo("two\nlines");
        assertThat(table.categorical("name").get(2)).isEqualTo("plain");
        assertThat(table.numeric("size, m2").values()).containsExactly(10.0, 20.0, 30.0);
        // Physical lines: the blank line 3 is skipped and the quoted line break pushes the last row to 6.
        assertThat(new int[] {table.line(0), table.line(1), table.line(2)}).containsExactly(2, 4, 6);
    }

    @Test
    void shouldTreatMissingTokensAsMissingInAnyCase() {
        Table table = read("v,c\n,a\nNA,b\nn/a,c\nNaN,d\nnan,e\nNULL,f\n?,g\n7,\nna,Na\n");

        NumericColumn v = table.numeric("v");
        assertThat(v.missingCount()).isEqualTo(8);
        assertThat(v.get(7)).isEqualTo(7.0);
        assertThat(table.categorical("c").get(7)).isNull();
        assertThat(table.categorical("c").missingCount()).isEqualTo(2);
    }

    @Test
    void shouldInferCategoricalWhenMostValuesAreNotNumbers() {
        Table table = read("code,y\nA1,1\nB2,2\n3,3\n");

        assertThat(table.kinds().get("code")).isEqualTo(ColumnKind.CATEGORICAL);
        assertThat(table.categorical("code").get(2)).isEqualTo("3");
    }

    @Test
    void shouldForceCategoricalColumnsListedInRules() {
        Table table = read("zip,y\n02139,1\n10001,2\n", ColumnRules.of("y", List.of("zip")));

        assertThat(table.categorical("zip").categories()).containsExactly("02139", "10001");
    }

    @Test
    void shouldReadAllMissingColumnAsNumeric() {
        Table table = read("empty,y\n,1\nNA,2\n");

        assertThat(table.numeric("empty").missingCount()).isEqualTo(2);
    }

    @Test
    void shouldRejectBadNumberNamingFileLineColumnAndValue() {
        String csv = "crim,rm,medv\n0.1,6.5,24\n0.2,abc,21\n0.3,7.1,30\n";

        assertThatThrownBy(() -> reader.read("boston.csv", csv.getBytes(StandardCharsets.UTF_8), List.of()))
                .isInstanceOf(DataException.class)
                .hasMessage("file boston.csv, line 3, column \"rm\": \"abc\" is not a number");
    }

    @Test
    void shouldRejectNumberLookalikesThatJavaWouldParse() {
        DataException error = failure("x,y\n1,1\n2,2\n3d,3\n0x10,4\nInfinity,5\n6,6\n7,7\n8,8\n", ColumnRules.none());

        assertThat(error.problems()).containsExactly(
                "file test.csv, line 4, column \"x\": \"3d\" is not a number",
                "file test.csv, line 5, column \"x\": \"0x10\" is not a number",
                "file test.csv, line 6, column \"x\": \"Infinity\" is infinite; a number must be finite"
                        + " (leave the cell empty or write NaN for a missing value)");
    }

    @Test
    void infinity_isAnErrorWhileNaNIsMissing() {
        DataException error = failure("x,y\n1,1\nNaN,2\n-inf,3\n1e999,4\n", ColumnRules.none());

        assertThat(error.problems()).containsExactly(
                "file test.csv, line 4, column \"x\": \"-inf\" is infinite; a number must be finite"
                        + " (leave the cell empty or write NaN for a missing value)",
                "file test.csv, line 5, column \"x\": \"1e999\" is infinite; a number must be finite"
                        + " (leave the cell empty or write NaN for a missing value)");
        assertThat(read("x,y\n1,1\nNaN,2\n").numeric("x").isMissing(1)).isTrue();
    }

    @Test
    void number_beyond1e150_isAnErrorNamingLineAndColumn_asItsSquareWouldOverflow() {
        DataException error = failure("x,y\n1,1\n1e160,2\n3,-2e300\n-1e150,4\n", ColumnRules.of("y", List.of()));

        assertThat(error.problems()).containsExactly(
                "file test.csv, line 3, column \"x\": \"1e160\" is too large; a number must be within ±1e150"
                        + " (standardization and the MSE square it; rescale the column, or check for a placeholder value)",
                "file test.csv, line 4, column \"y\": \"-2e300\" is too large; a number must be within ±1e150"
                        + " (standardization and the MSE square it; rescale the column, or check for a placeholder value)");
    }

    @Test
    void numbersWithADecimalComma_areNamedOncePerColumn_notReadAsCategories() {
        // As a European spreadsheet exports: semicolons between fields, commas in the numbers.
        DataException error = failure("a;b;c;y\n0,83;x;1;2,5\n1;y;2,5;3\n-0,2;x;1 000;4,25\n",
                ColumnRules.of("y", List.of()));

        assertThat(error.problems()).containsExactly(
                "file test.csv, column \"a\": its values are numbers written with a comma (\"0,83\" on line 2);"
                        + " write them with a decimal point and no thousands separator, or list the column as"
                        + " categorical if it holds categories",
                "file test.csv, column \"y\": its values are numbers written with a comma (\"2,5\" on line 2);"
                        + " write them with a decimal point and no thousands separator");
        assertThat(read("a;y\n0,83;1\n1,5;2\n", ColumnRules.of("y", List.of("a"))).categorical("a").categories())
                .as("categories, when the spec says so").containsExactly("0,83", "1,5");
    }

    @Test
    void delimiter_semicolonHeaderSplitsOnSemicolons() {
        Table table = read("a;b;y\n1,x;x;3\n2;\"p;q\";4\n", ColumnRules.of("y", List.of()));

        assertThat(table.columnNames()).containsExactly("a", "b", "y");
        assertThat(table.categorical("a").get(0)).isEqualTo("1,x");
        assertThat(table.categorical("b").get(1)).isEqualTo("p;q");
        assertThat(table.numeric("y").values()).containsExactly(3, 4);
    }

    @Test
    void delimiter_tabHeaderSplitsOnTabs() {
        Table table = read("a\tb\ty\n1\t2\t3\n4\t5\t6\n", ColumnRules.of("y", List.of()));

        assertThat(table.columnNames()).containsExactly("a", "b", "y");
        assertThat(table.numeric("b").values()).containsExactly(2, 5);
    }

    @Test
    void delimiter_unknownSeparatorHintsAtTheDelimiterWhenTheTargetIsMissing() {
        DataException error = failure("a|b|y\n1|2|3\n", ColumnRules.of("y", List.of()));

        assertThat(error).hasMessageContaining("target column \"y\" not found in test.csv; columns: a|b|y"
                + " (one column when split by comma; the header line must separate names by a comma, semicolon or tab)");
    }

    @Test
    void shouldReportManyProblemsAtOnceUpToTheLimit() {
        StringBuilder csv = new StringBuilder("a,b\n");
        for (int i = 0; i < 20; i++) {
            csv.append(i).append(',').append(i).append('\n');
        }
        for (int i = 0; i < 12; i++) {
            csv.append("bad").append(i).append(",1\n");
        }

        DataException error = failure(csv.toString(), ColumnRules.none());

        assertThat(error.totalProblems()).isEqualTo(12);
        assertThat(error.problems()).hasSize(10);
        assertThat(error.problems().get(0)).isEqualTo("file test.csv, line 22, column \"a\": \"bad0\" is not a number");
        assertThat(error.getMessage()).startsWith("12 problems (first 10 shown):\n  file test.csv, line 22,");
    }

    @Test
    void shouldRejectMissingTargetColumnListingColumns() {
        String csv = "crim,zn,medv\n1,2,3\n";

        assertThatThrownBy(() -> reader.read("boston.csv", csv.getBytes(StandardCharsets.UTF_8),
                ColumnRules.of("price", List.of())))
                .isInstanceOf(DataException.class)
                .hasMessage("target column \"price\" not found in boston.csv; columns: crim, zn, medv");
    }

    @Test
    void shouldRejectMissingCategoricalColumnListingColumns() {
        assertThat(failure("a,y\n1,2\n", ColumnRules.of("y", List.of("zone"))))
                .hasMessage("categorical column \"zone\" not found in test.csv; columns: a, y");
    }

    /** A test file or predict's CSV is read with the training file's columns: the name meant is pointed at. */
    @Test
    void aMissingColumn_differingInCaseOrByOneTypo_namesTheColumnMeant() {
        ColumnRules rules = new ColumnRules("price", Map.of("rooms", ColumnKind.NUMERIC, "zone", ColumnKind.CATEGORICAL,
                "a", ColumnKind.NUMERIC, "price", ColumnKind.NUMERIC));

        assertThat(failure("Price,romms,b,zone\n1,2,3,x\n", rules).problems()).containsExactlyInAnyOrder(
                "target column \"price\" not found in test.csv (did you mean Price?); columns: Price, romms, b, zone",
                "numeric column \"rooms\" not found in test.csv (did you mean romms?); columns: Price, romms, b, zone",
                "numeric column \"a\" not found in test.csv; columns: Price, romms, b, zone"); // "b" is no guess
    }

    /** Predict's CSV lacking a column the model was trained on said only "not found", not why it is needed. */
    @Test
    void aMissingColumnTheModelWasTrainedOn_saysSo() {
        ColumnRules rules = ColumnRules.trainedOn(null, Map.of("rooms", ColumnKind.NUMERIC));

        assertThat(failure("romms,b\n2,3\n", rules)).hasMessage("numeric column \"rooms\" not found in test.csv"
                + " (did you mean romms?): the model was trained on it; columns: romms, b");
    }

    /** One cell among numbers with a decimal comma ("1,5" typed by hand) said only "is not a number". */
    @Test
    void aNumberWithACommaAmongNumbers_saysHowToWriteIt() {
        assertThat(failure("x,y\n1.5,1\n2,2\n\"1,5\",3\n4,4\n", ColumnRules.none()).problems()).containsExactly(
                "file test.csv, line 4, column \"x\": \"1,5\" is not a number: write it with a decimal point and no"
                        + " thousands separator");
    }

    @Test
    void shouldNameAMissingTargetOnceWhenTheRulesAlsoListItsKind() {
        // A test file is read with the training file's kinds, the target's included.
        ColumnRules rules = new ColumnRules("y", Map.of("a", ColumnKind.NUMERIC, "y", ColumnKind.NUMERIC));

        assertThat(failure("a,price\n1,2\n", rules).problems())
                .containsExactly("target column \"y\" not found in test.csv; columns: a, price");
    }

    @Test
    void shouldRejectMissingTargetValueNamingLine() {
        assertThat(failure("a,y\n1,2\n3,\n5,NA\n", ColumnRules.of("y", List.of())).problems()).containsExactly(
                "file test.csv, line 3, target column \"y\": the value is missing",
                "file test.csv, line 4, target column \"y\": the value is missing (\"NA\")");
    }

    @Test
    void shouldRejectATargetThatIsMostlyTextOnceNotRowByRow() {
        assertThat(failure("a,y\n1,high\n2,low\n3,4\n", ColumnRules.of("y", List.of())).problems()).containsExactly(
                "file test.csv: the target column \"y\" holds text (e.g. \"high\" on line 2), not numbers: a regressor"
                        + " predicts a number; choose a numeric target column (a text column can be a feature)");
    }

    @Test
    void shouldRejectTextCellsInANumericTargetRowByRow() {
        assertThat(failure("a,y\n1,2\n2,low\n3,4\n", ColumnRules.of("y", List.of())).problems()).containsExactly(
                "file test.csv, line 3, column \"y\": \"low\" is not a number");
    }

    @Test
    void shouldRejectRaggedRow() {
        assertThat(failure("a,b,c\n1,2,3\n4,5\n6,7,8,9\n", ColumnRules.none()).problems()).containsExactly(
                "file test.csv, line 3 has 2 fields, header has 3",
                "file test.csv, line 4 has 4 fields, header has 3");
    }

    @Test
    void shouldReportRaggedRowsAndBadNumbersTogether() {
        assertThat(failure("a,b\n1,2\n3\n4,x\n5,6\n7,8\n", ColumnRules.none()).problems()).containsExactly(
                "file test.csv, line 3 has 1 fields, header has 2",
                "file test.csv, line 4, column \"b\": \"x\" is not a number");
    }

    @Test
    void shouldRejectEmptyFile() {
        assertThat(failure("", ColumnRules.none()))
                .hasMessage("file test.csv is empty: expected a header line and data rows");
        assertThat(failure("\n\r\n", ColumnRules.none()))
                .hasMessage("file test.csv is empty: expected a header line and data rows");
    }

    @Test
    void shouldRejectHeaderWithoutRows() {
        assertThat(failure("a,b\n", ColumnRules.none())).hasMessage("file test.csv has a header but no data rows");
    }

    @Test
    void shouldRejectDuplicateAndEmptyHeaderNames() {
        assertThat(failure("a,b,,a\n1,2,3,4\n", ColumnRules.none()).problems()).containsExactly(
                "file test.csv, line 1: header column 3 has no name",
                "file test.csv, line 1: column \"a\" appears twice in the header (columns 1 and 4)");
    }

    @Test
    void shouldRejectUnterminatedQuoteNamingLine() {
        DataException error = failure("a,b\n1,2\n\"open,3\n", ColumnRules.none());

        assertThat(error.getMessage()).startsWith("file test.csv, line ").contains("malformed CSV");
    }

    @Test
    void unclosedQuote_namesTheLineTheQuotedValueStartsOn_notTheEndOfTheFile() {
        String closedBefore = "a,b\n\"two\nlines\",1\nmid\"quote,2\n\"said \"\"hi\"\"\",3\n";
        String csv = closedBefore + "4,\"open\n5,5\n6,6\n7,7\n";

        assertThat(failure(csv, ColumnRules.none())).hasMessage(
                "file test.csv, line 6: malformed CSV: a quoted value starts on this line and its closing quote is missing");
        assertThat(failure(csv.replace("\n", "\r\n"), ColumnRules.none())).hasMessageStartingWith("file test.csv, line 6: ");
    }

    @Test
    void notUtf8_namesTheLineAndTheByte() {
        byte[] latin1 = "a,b\n1,2\n3,caf\u00e9\n4,5\n".getBytes(StandardCharsets.ISO_8859_1);
        byte[] latin1AtEnd = "a,b\n1,2\n3,caf\u00e9".getBytes(StandardCharsets.ISO_8859_1);

        assertThatThrownBy(() -> reader.read("test.csv", latin1, List.of())).isInstanceOf(DataException.class)
                .hasMessage("file test.csv, line 3: not UTF-8 (byte 0xE9 at offset 13): save the file as UTF-8");
        assertThatThrownBy(() -> reader.read("test.csv", latin1AtEnd, List.of()))
                .hasMessage("file test.csv, line 3: not UTF-8 (byte 0xE9 at offset 13): save the file as UTF-8");
    }

    @Test
    void shouldCheckForcedNumericKinds() {
        ColumnRules rules = new ColumnRules(null, Map.of("a", ColumnKind.NUMERIC));

        assertThat(failure("a,b\nx,1\ny,2\n", rules).problems()).containsExactly(
                "file test.csv, line 2, column \"a\": \"x\" is not a number",
                "file test.csv, line 3, column \"a\": \"y\" is not a number");
    }

    @Test
    void rules_categoricalTarget() {
        assertThatThrownBy(() -> ColumnRules.of("y", List.of("y")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("target column \"y\" is listed as categorical but must be numeric");
    }

    @Test
    void reader_zeroMaxProblems() {
        assertThatThrownBy(() -> new CsvTableReader(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxProblems must be positive, found 0");
    }

    @Test
    void shouldReadAGzipCompressedFileAsThePlainOne() throws Exception {
        String csv = "a;b;y\n1;x;2.5\n3;y;4\n";
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
            out.write(csv.getBytes(StandardCharsets.UTF_8));
        }

        Table table = reader.read("test.csv.gz", gz.toByteArray(), List.of());

        assertThat(table.columnNames()).containsExactly("a", "b", "y");
        assertThat(table.numeric("y").values()).containsExactly(2.5, 4.0);
        assertThat(table.line(1)).isEqualTo(3);
    }

    @Test
    void shouldNameAZipArchiveOrAWorkbookForWhatItIs() {
        byte[] workbook = {'P', 'K', 3, 4, 20, 0, 6, 0};

        assertThatThrownBy(() -> reader.read("prices.xlsx", workbook, List.of()))
                .isInstanceOf(DataException.class)
                .hasMessage("file prices.xlsx is a ZIP archive (an Excel workbook is one too); trialstream reads CSV text,"
                        + " plain or gzip-compressed: export or unzip the CSV first");
        assertThatThrownBy(() -> reader.read("broken.csv.gz", new byte[] {0x1f, (byte) 0x8b, 8, 0}, List.of()))
                .isInstanceOf(DataException.class)
                .hasMessageStartingWith("file broken.csv.gz is gzip-compressed but cannot be decompressed: ");
    }
}
