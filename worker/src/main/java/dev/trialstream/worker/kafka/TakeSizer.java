package dev.trialstream.worker.kafka;

import java.time.Duration;

/**
 * How many trials a slot takes next: its {@link PackBudget}'s target time divided by what a trial
 * has lately cost on this slot (a take's wall time over its trials, so stacking shows up as
 * cheaper trials), between 1 and the budget's maximum. The first take, before anything is known,
 * is one trial. After a take failed as a whole, the next ones are single trials until the slot is
 * past the records of the failed one, so a poison record is found and dead-lettered on its own.
 * Poll-thread owned.
 */
final class TakeSizer {

    private final PackBudget budget;
    private double secondsPerTrial = Double.NaN;
    private int single;

    TakeSizer(PackBudget budget) {
        this.budget = budget;
    }

    int next() {
        if (single > 0 || Double.isNaN(secondsPerTrial)) {
            return 1;
        }
        double seconds = budget.target().toNanos() / 1e9;
        double trials = secondsPerTrial <= 0 ? budget.maxTrials() : Math.floor(seconds / secondsPerTrial);
        return (int) Math.max(1, Math.min(budget.maxTrials(), trials));
    }

    /** A take of {@code trials} ran in {@code wall}: weighs it half against what was known. */
    void took(int trials, Duration wall) {
        double perTrial = wall.toNanos() / 1e9 / trials;
        secondsPerTrial = Double.isNaN(secondsPerTrial) ? perTrial : (secondsPerTrial + perTrial) / 2;
        if (single > 0) {
            single--;
        }
    }

    /** A take of {@code trials} failed as a whole: the next that many go one by one. */
    void failed(int trials) {
        single = Math.max(single, trials);
    }
}
