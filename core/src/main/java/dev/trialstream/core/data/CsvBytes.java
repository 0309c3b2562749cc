package dev.trialstream.core.data;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;

/**
 * A data file's bytes as CSV text: gzip-compressed files ({@code data.csv.gz}) are read as they
 * are, and a file that is not text of any kind we read (a ZIP archive, an Excel workbook) is named
 * as what it is rather than failing as malformed UTF-8.
 */
final class CsvBytes {

    private CsvBytes() {
    }

    static byte[] text(String file, byte[] bytes) {
        if (starts(bytes, 0x1f, 0x8b)) {
            try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
                return in.readAllBytes();
            } catch (IOException e) {
                throw new DataException("file " + file + " is gzip-compressed but cannot be decompressed: "
                        + e.getMessage(), e);
            }
        }
        if (starts(bytes, 'P', 'K', 3, 4)) {
            throw new DataException("file " + file + " is a ZIP archive (an Excel workbook is one too); trialstream reads"
                    + " CSV text, plain or gzip-compressed: export or unzip the CSV first");
        }
        return bytes;
    }

    private static boolean starts(byte[] bytes, int... magic) {
        if (bytes.length < magic.length) {
            return false;
        }
        for (int i = 0; i < magic.length; i++) {
            if ((bytes[i] & 0xff) != magic[i]) {
                return false;
            }
        }
        return true;
    }
}
