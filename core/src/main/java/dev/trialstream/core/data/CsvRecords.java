package dev.trialstream.core.data;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Splits CSV bytes into trimmed records (RFC 4180 quoting), each with the line it started on. */
final class CsvRecords {

    /** One CSV record and the physical line it started on. */
    record Record(int line, String[] cells) {
    }

    private static final CsvMapper MAPPER = CsvMapper.builder()
            .enable(CsvParser.Feature.WRAP_AS_ARRAY)
            .enable(CsvParser.Feature.SKIP_EMPTY_LINES)
            .build();

    private CsvRecords() {
    }

    static List<Record> parse(String file, byte[] bytes, char delimiter) {
        List<Record> records = new ArrayList<>();
        try (CsvParser parser = (CsvParser) MAPPER.getFactory().createParser(bytes)) {
            parser.setSchema(CsvSchema.emptySchema().withColumnSeparator(delimiter));
            if (parser.nextToken() != JsonToken.START_ARRAY) {
                return records;
            }
            // Tokens: an outer array of rows, each an array of strings.
            while (parser.nextToken() == JsonToken.START_ARRAY) {
                Record record = readRecord(file, parser);
                if (record.cells().length > 0) {
                    records.add(record);
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

    private static Record readRecord(String file, CsvParser parser) throws IOException {
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
        return new Record(line, cells.toArray(String[]::new));
    }
}
