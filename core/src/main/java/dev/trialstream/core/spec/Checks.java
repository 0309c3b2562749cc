package dev.trialstream.core.spec;

/**
 * Range rules shared by the records (which throw on the first problem) and the reader (which
 * collects every problem with its path). Each rule returns the message without its subject,
 * or null when the value is fine.
 */
final class Checks {

    private Checks() {
    }

    /** "must be positive, found 0" / "must be >= 2, found 1" / "must be <= 100000, found 200000". */
    static String between(long value, long min, long max) {
        if (value < min) {
            return (min == 1 ? "must be positive" : "must be >= " + min) + ", found " + value;
        }
        if (value > max) {
            return "must be <= " + max + ", found " + value;
        }
        return null;
    }

    /** "must be > 0 and <= 10, found 0" ({@code found}: the value as the reader or the record shows it). */
    static String positiveAtMost(double value, double max, Object found) {
        return value > 0 && value <= max ? null
                : "must be > 0 and <= " + (max == Math.rint(max) ? Long.toString((long) max) : Double.toString(max))
                        + ", found " + found;
    }

    /** Throws "{@code field} {@code problem}" when there is a problem. */
    static void require(String field, String problem) {
        if (problem != null) {
            throw new IllegalArgumentException(field + " " + problem);
        }
    }

    static <T> T notNull(String field, T value) {
        if (value == null) {
            throw new IllegalArgumentException(field + " must be set");
        }
        return value;
    }
}
