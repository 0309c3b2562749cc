package dev.trialstream.launcher;

import dev.trialstream.core.data.DataException;

/** Which failures are the user's input at fault (exit 2) rather than the run's (exit 1). */
final class BadInput {

    private BadInput() {
    }

    static boolean is(Throwable ex) {
        // InvalidSpecException is an IllegalArgumentException; so are bad --param values.
        return ex instanceof IllegalArgumentException || ex instanceof DataException
                || ex instanceof java.nio.file.NoSuchFileException;
    }
}
