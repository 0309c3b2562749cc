package dev.trialstream.core.data;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.zip.GZIPInputStream;

/**
 * The column names of a user's CSV file, from its header line alone, read as {@link CsvTableReader}
 * reads them (gzip, byte-order mark, separator, quotes). A spec or a flag that names a column the
 * file lacks ({@code data.target}, {@code --target}) can then be refused where it is written, with
 * its field and line, before any row is read, and by {@code validate --no-data} too.
 */
public final class CsvHeader {

    /** A header longer than this (decompressed) is not looked for; the rows' reading checks it. */
    static final int MAX_HEADER_BYTES = 1 << 20;

    private CsvHeader() {
    }

    /**
     * The header's names, in file order; empty when the file cannot be read or has no complete
     * header line in its first megabyte: reading the data then reports what is wrong, with its line.
     */
    public static Optional<List<String>> read(Path file) {
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(file))) {
            raw.mark(2);
            boolean gzip = raw.read() == 0x1f && raw.read() == 0x8b;
            raw.reset();
            try (InputStream in = gzip ? new GZIPInputStream(raw) : raw) {
                return firstLine(in.readNBytes(MAX_HEADER_BYTES)).flatMap(CsvHeader::names);
            }
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // said with its line when the rows are read
        }
    }

    /** The bytes up to the first line end outside quotes after some text; empty if none. */
    private static Optional<byte[]> firstLine(byte[] bytes) {
        boolean quoted = false;
        boolean seenText = false;
        for (int i = 0; i < bytes.length; i++) {
            char c = (char) (bytes[i] & 0xff);
            if (c == '"') {
                quoted = !quoted;
            } else if (!quoted && (c == '\n' || c == '\r')) {
                if (seenText) {
                    return Optional.of(Arrays.copyOf(bytes, i));
                }
            } else if (!Character.isWhitespace(c)) {
                seenText = true;
            }
        }
        return Optional.empty();
    }

    private static Optional<List<String>> names(byte[] line) {
        List<CsvRecords.Record> records = CsvRecords.parse("header", line, Delimiter.sniff(line));
        return records.isEmpty() ? Optional.empty() : Optional.of(List.of(records.get(0).cells()));
    }
}
