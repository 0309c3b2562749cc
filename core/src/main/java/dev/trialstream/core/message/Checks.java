package dev.trialstream.core.message;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** Validation shared by the message records; every message names the field and the value. */
final class Checks {

    /** Ids become Kafka keys and appear in logs and file names, so no whitespace or control characters. */
    static final int MAX_ID_LENGTH = 200;

    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    private Checks() {
    }

    static <T> T present(T value, String field) {
        if (value == null) {
            throw new IllegalArgumentException(field + " must be set");
        }
        return value;
    }

    static String id(String value, String field) {
        present(value, field);
        if (value.isEmpty() || value.length() > MAX_ID_LENGTH) {
            throw new IllegalArgumentException(
                    field + " must have 1 to " + MAX_ID_LENGTH + " characters, found " + value.length());
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isWhitespace(c) || Character.isISOControl(c)) {
                throw new IllegalArgumentException(
                        field + " must not contain whitespace or control characters, found \"" + value + "\"");
            }
        }
        return value;
    }

    static String text(String value, String field) {
        present(value, field);
        if (value.isBlank()) {
            throw new IllegalArgumentException(field + " must not be blank");
        }
        return value;
    }

    static String sha256(String value, String field) {
        present(value, field);
        if (!SHA256.matcher(value).matches()) {
            throw new IllegalArgumentException(
                    field + " must be 64 lowercase hex digits (a SHA-256), found \"" + value + "\"");
        }
        return value;
    }

    static int positive(int value, String field) {
        if (value < 1) {
            throw new IllegalArgumentException(field + " must be positive, found " + value);
        }
        return value;
    }

    static int atLeast(int value, int min, String field) {
        if (value < min) {
            throw new IllegalArgumentException(field + " must be >= " + min + ", found " + value);
        }
        return value;
    }

    static long atLeast(long value, long min, String field) {
        if (value < min) {
            throw new IllegalArgumentException(field + " must be >= " + min + ", found " + value);
        }
        return value;
    }

    static double finiteNonNegative(double value, String field) {
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(field + " must be a finite number >= 0, found " + value);
        }
        return value;
    }

    /** An error that may be NaN or +∞ (a diverged fold), but never negative. */
    static double error(double value, String field) {
        if (value < 0) {
            throw new IllegalArgumentException(field + " must be >= 0, NaN or Infinity, found " + value);
        }
        return value;
    }

    /** A non-empty copy of per-fold errors; each must pass {@link #error}. */
    static List<Double> errors(List<Double> values, String field) {
        present(values, field);
        if (values.isEmpty()) {
            throw new IllegalArgumentException(field + " must not be empty");
        }
        List<Double> copy = new ArrayList<>(values.size());
        for (int i = 0; i < values.size(); i++) {
            Double value = values.get(i);
            String element = field + "[" + i + "]";
            copy.add(error(present(value, element), element));
        }
        return List.copyOf(copy);
    }

    static List<String> texts(List<String> values, String field) {
        present(values, field);
        for (int i = 0; i < values.size(); i++) {
            text(values.get(i), field + "[" + i + "]");
        }
        return List.copyOf(values);
    }
}
