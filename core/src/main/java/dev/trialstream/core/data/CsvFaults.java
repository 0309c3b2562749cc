package dev.trialstream.core.data;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.OptionalInt;

/**
 * Finds where a CSV the parser refused went wrong, when the parser only knows where it noticed:
 * an unclosed quote is noticed at the end of the file, a bad byte without its line.
 */
final class CsvFaults {

    private CsvFaults() {
    }

    /**
     * The line on which a quoted value that is never closed starts, or empty when every quote is
     * closed. A quote opens a value only as a field's first character, and {@code ""} inside one
     * is a quote, as the parser reads them.
     */
    static OptionalInt unclosedQuoteLine(byte[] text, char delimiter) {
        int line = 1;
        int openedOn = 0;
        boolean quoted = false;
        boolean fieldStart = true;
        for (int i = startsWithBom(text) ? 3 : 0; i < text.length; i++) {
            byte b = text[i];
            if (b == '\n' || b == '\r') {
                if (!(b == '\r' && i + 1 < text.length && text[i + 1] == '\n')) {
                    line++;
                }
                fieldStart = !quoted;
            } else if (quoted) {
                if (b == '"') {
                    if (i + 1 < text.length && text[i + 1] == '"') {
                        i++;
                    } else {
                        quoted = false;
                    }
                }
            } else if (b == '"' && fieldStart) {
                quoted = true;
                openedOn = line;
                fieldStart = false;
            } else {
                fieldStart = b == delimiter;
            }
        }
        return quoted ? OptionalInt.of(openedOn) : OptionalInt.empty();
    }

    private static boolean startsWithBom(byte[] text) {
        return text.length >= 3 && (text[0] & 0xff) == 0xef && (text[1] & 0xff) == 0xbb && (text[2] & 0xff) == 0xbf;
    }

    /** The offset of the first byte that is not part of valid UTF-8, or -1 when all of it is. */
    static int firstNonUtf8(byte[] bytes) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(8192);
        while (true) {
            CoderResult result = decoder.decode(in, out, true);
            if (result.isError()) {
                return in.position();
            }
            if (result.isUnderflow()) {
                return -1;
            }
            out.clear();
        }
    }

    /** The 1-based line holding byte {@code offset}, counting line ends as the parser does. */
    static int lineOf(byte[] bytes, int offset) {
        int line = 1;
        for (int i = 0; i < offset && i < bytes.length; i++) {
            if (bytes[i] == '\n' || bytes[i] == '\r' && !(i + 1 < bytes.length && bytes[i + 1] == '\n')) {
                line++;
            }
        }
        return line;
    }
}
