package dev.trialstream.core.spec;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The problems found in one document so far, each placed at its line when the text is known. */
final class Problems {

    /** Where a path sits in the source text: {line, column}, or {0, 0} when unknown. */
    interface Locator {
        int[] locate(String path);
    }

    private final Locator locator;
    // A set: the same rule reached twice (by the reader and by a record) reports once.
    private final Set<SpecProblem> problems = new LinkedHashSet<>();

    Problems(Locator locator) {
        this.locator = locator;
    }

    void add(String path, String message) {
        int[] at = locator.locate(path);
        problems.add(new SpecProblem(path, message, at[0], at[1]));
    }

    int count() {
        return problems.size();
    }

    /** In file order where lines are known (a reader fixes a file top to bottom); the rest after. */
    List<SpecProblem> list() {
        List<SpecProblem> sorted = new ArrayList<>(problems);
        sorted.sort(Comparator.comparingInt((SpecProblem p) -> p.line() == 0 ? Integer.MAX_VALUE : p.line())
                .thenComparingInt(SpecProblem::column));
        return sorted;
    }
}
