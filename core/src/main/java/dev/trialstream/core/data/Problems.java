package dev.trialstream.core.data;

import java.util.ArrayList;
import java.util.List;

/** Collects problems up to a limit while still counting the rest. */
final class Problems {

    private final int limit;
    private final List<String> kept = new ArrayList<>();
    private int total;

    Problems(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be positive, found " + limit);
        }
        this.limit = limit;
    }

    void add(String problem) {
        total++;
        if (kept.size() < limit) {
            kept.add(problem);
        }
    }

    boolean isEmpty() {
        return total == 0;
    }

    void throwIfAny() {
        if (total > 0) {
            throw new DataException(kept, total);
        }
    }
}
