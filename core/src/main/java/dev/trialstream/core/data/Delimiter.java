package dev.trialstream.core.data;

/**
 * Which of comma, semicolon and tab separates a CSV's fields, read from its header line: the one
 * that occurs most often outside quotes there; a comma when none occurs or on a tie with a comma.
 * Decided from the bytes alone, so every machine that parses the same file splits it the same way.
 */
final class Delimiter {

    private static final char[] CANDIDATES = {',', ';', '\t'};

    private Delimiter() {
    }

    static char sniff(byte[] bytes) {
        int[] counts = new int[CANDIDATES.length];
        boolean quoted = false;
        boolean seenText = false;
        for (byte b : bytes) {
            char c = (char) (b & 0xff);
            if (c == '"') {
                quoted = !quoted;
            } else if (!quoted && (c == '\n' || c == '\r')) {
                if (seenText) {
                    break;
                }
            } else if (!quoted) {
                seenText = true;
                for (int i = 0; i < CANDIDATES.length; i++) {
                    if (c == CANDIDATES[i]) {
                        counts[i]++;
                    }
                }
            }
        }
        int best = 0;
        for (int i = 1; i < CANDIDATES.length; i++) {
            if (counts[i] > counts[best]) {
                best = i;
            }
        }
        return CANDIDATES[best];
    }

    /** How an error names it. */
    static String describe(char delimiter) {
        return switch (delimiter) {
            case '\t' -> "tab";
            case ';' -> "semicolon";
            default -> "comma";
        };
    }
}
