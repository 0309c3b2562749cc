package dev.trialstream.core.text;

import dev.trialstream.core.metrics.RegressionMetrics;
import java.util.Locale;

/**
 * Scores as the CLI prints them: fixed decimals, and scientific notation from a million on (a
 * target in dollars has MSEs of 10⁹ and more, which overflow a table's columns and are unreadable
 * to 14 digits).
 */
public final class Figures {

    private Figures() {
    }

    /** The value with {@code decimals} places (3.1416, or 3.9844e+09 from a million on), "-" when it is not a number. */
    public static String number(double value, int decimals) {
        if (!Double.isFinite(value)) {
            return "-";
        }
        return String.format(Locale.ROOT, "%." + decimals + (Math.abs(value) >= 1e6 ? "e" : "f"), value);
    }

    /** Four significant digits, as logs and reasons give a score: 10.90, 4.985e+09; "inf" for an infinite one. */
    public static String brief(double value) {
        return Double.isInfinite(value) ? "inf" : String.format(Locale.ROOT, "%.4g", value);
    }

    /** {@code mse 10.9012  rmse 3.3017  mae 2.2250  r2 0.8690}, each with four places. */
    public static String scores(RegressionMetrics metrics) {
        return String.format(Locale.ROOT, "mse %s  rmse %s  mae %s  r2 %s", number(metrics.mse(), 4),
                number(metrics.rmse(), 4), number(metrics.mae(), 4), number(metrics.r2(), 4));
    }
}
