package dev.trialstream.core.text;

/** "1 trial", "3 trials": counts in the CLI's sentences. */
public final class Plural {

    private Plural() {
    }

    /** {@code count} and the noun, with an "s" unless the count is one. */
    public static String of(long count, String noun) {
        return count + " " + (count == 1 ? noun : noun + "s");
    }
}
