package dev.trialstream.core.space;

/** Number formatting for validation messages, so that a spec's {@code min: 0} is echoed as "0". */
public final class Numbers {

    private Numbers() {
    }

    /** {@code 0} for 0.0, {@code 0.5} for 0.5, {@code 1.0E-4} for 1e-4. */
    public static String plain(double value) {
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        return Double.toString(value);
    }
}
