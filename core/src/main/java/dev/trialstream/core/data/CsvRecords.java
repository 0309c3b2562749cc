package dev.trialstream.core.data;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.CharConversionException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;

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
            throw malformed(file, bytes, delimiter, e);
        } catch (CharConversionException e) {
            throw notUtf8(file, bytes, e);
        } catch (IOException e) {
            throw new DataException("file " + file + ": cannot read CSV: " + e.getMessage(), e);
        }
        return records;
    }

    private static DataException malformed(String file, byte[] bytes, char delimiter, JsonProcessingException e) {
        JsonLocation where = e.getLocation();
        int noticedOn = where == null ? -1 : where.getLineNr();
        String message = e.getOriginalMessage();
        if (message != null && message.startsWith("Missing closing quote")) {
            // The parser notices at the end of the file; the user needs the line the value starts on.
            OptionalInt opened = CsvFaults.unclosedQuoteLine(bytes, delimiter);
            if (opened.isPresent()) {
                return new DataException("file " + file + ", line " + opened.getAsInt()
                        + ": malformed CSV: a quoted value starts on this line and its closing quote is missing", e);
            }
            return new DataException("file " + file + ": malformed CSV: a quote is not closed; the quote that is not"
                    + " closed starts on or before line " + noticedOn, e);
        }
        String line = noticedOn < 0 ? "" : ", line " + noticedOn;
        return new DataException("file " + file + line + ": malformed CSV: " + message, e);
    }

    /** "line 37: not UTF-8 (byte 0xE9 at offset 2108)", from the bytes: the parser's own text names neither. */
    private static DataException notUtf8(String file, byte[] bytes, CharConversionException e) {
        int at = CsvFaults.firstNonUtf8(bytes);
        if (at < 0) {
            return new DataException("file " + file + ": cannot read CSV: " + e.getMessage(), e);
        }
        return new DataException(String.format(Locale.ROOT, "file %s, line %d: not UTF-8 (byte 0x%02X at offset %d):"
                + " save the file as UTF-8", file, CsvFaults.lineOf(bytes, at), bytes[at] & 0xff, at), e);
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
