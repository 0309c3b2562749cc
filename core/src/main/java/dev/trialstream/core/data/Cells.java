package dev.trialstream.core.data;

import java.util.Locale;
import java.util.Set;

/** How one CSV cell is read: the missing-value tokens and a strict decimal number syntax. */
final class Cells {

    /** Compared in lower case: empty, NA, N/A, NaN, null, ? in any case. */
    private static final Set<String> MISSING = Set.of("", "na", "n/a", "nan", "null", "?");

    /**
     * The largest magnitude a number cell may hold. Standardization and the MSE square the values,
     * and a square above Double.MAX_VALUE (1.8e308, so a value above about 1.3e154) is infinite:
     * a column holding one would fail every trial late ("std must be > 0, found Infinity").
     */
    static final double MAX_MAGNITUDE = 1e150;

    private Cells() {
    }

    static boolean isMissing(String cell) {
        return cell.length() <= 4 && MISSING.contains(cell.toLowerCase(Locale.ROOT));
    }

    /**
     * Whether the cell spells an infinite number ("Infinity", "-inf", "1e999"): an error in a
     * number column, where NaN and the other missing tokens are merely missing.
     */
    static boolean isInfinity(String cell) {
        String s = cell.toLowerCase(Locale.ROOT);
        if (s.startsWith("+") || s.startsWith("-")) {
            s = s.substring(1);
        }
        return s.equals("inf") || s.equals("infinity") || isDecimal(cell) && Double.isInfinite(Double.parseDouble(cell));
    }

    /**
     * Whether the cell is a number written with a comma: a decimal comma ("0,83", as European
     * spreadsheets export) or thousands separators ("1,000"). Read as text, a column of them
     * would silently become categories.
     */
    static boolean isCommaNumber(String cell) {
        return cell.indexOf(',') > 0 && isDecimal(cell.replace(",", ""));
    }

    /**
     * The cell's value, or {@code NaN} when it is not a plain decimal number. Stricter than
     * {@link Double#parseDouble}, which would also take "1d", "0x1p3" and "Infinity": in a CSV
     * those are typos or labels, not numbers.
     */
    static double parseNumber(String cell) {
        if (!isDecimal(cell)) {
            return Double.NaN;
        }
        double value = Double.parseDouble(cell);
        return Double.isInfinite(value) ? Double.NaN : value;
    }

    private static boolean isDecimal(String s) {
        int i = 0;
        int n = s.length();
        if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
            i++;
        }
        int digits = 0;
        while (i < n && isDigit(s.charAt(i))) {
            i++;
            digits++;
        }
        if (i < n && s.charAt(i) == '.') {
            i++;
            while (i < n && isDigit(s.charAt(i))) {
                i++;
                digits++;
            }
        }
        if (digits == 0) {
            return false;
        }
        if (i < n && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
            i++;
            if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
                i++;
            }
            int exponentDigits = 0;
            while (i < n && isDigit(s.charAt(i))) {
                i++;
                exponentDigits++;
            }
            if (exponentDigits == 0) {
                return false;
            }
        }
        return i == n;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
