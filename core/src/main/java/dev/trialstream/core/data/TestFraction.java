package dev.trialstream.core.data;

import dev.trialstream.core.space.Numbers;
import java.util.Optional;

/** The one rule for the fraction of rows held out for the test split: at least 0 (none) and below 1. */
public final class TestFraction {

    private TestFraction() {
    }

    /** What is wrong with {@code fraction}, e.g. "must be at least 0 and below 1, found 1.5"; empty when nothing. */
    public static Optional<String> problem(double fraction) {
        return fraction >= 0 && fraction < 1 ? Optional.empty()
                : Optional.of("must be at least 0 and below 1, found " + Numbers.plain(fraction));
    }

    /** @throws IllegalArgumentException "{@code name} must be at least 0 and below 1, found …" */
    public static void require(String name, double fraction) {
        problem(fraction).ifPresent(problem -> {
            throw new IllegalArgumentException(name + " " + problem);
        });
    }
}
