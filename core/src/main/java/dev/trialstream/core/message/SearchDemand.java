package dev.trialstream.core.message;

/**
 * A search's standing as its tracker last saw it, sent whenever it changes: what the fleet's
 * scheduler shares slots by. Counts are cumulative, so a later report replaces an earlier one.
 *
 * @param weight      its priority's weight ({@link dev.trialstream.core.spec.Priority})
 * @param parallelism the most trials it may have queued or running at once
 * @param budget      its trials in all
 * @param issued      trials put on {@code trials} so far (the submitter's first batch included)
 * @param ended       trials that have ended
 * @param granted     slots received from the scheduler so far ({@link SlotsGranted#slots()} summed):
 *                    grants it has not seen yet are still on their way
 * @param active      false once it is cancelled or every trial ended: its share is free
 * @param submittedAt when it was submitted (epoch millis): breaks ties, oldest first
 * @param at          epoch millis of the report
 */
public record SearchDemand(String searchId, int weight, int parallelism, int budget, int issued, long ended,
                           long granted, boolean active, long submittedAt, long at) implements ScheduleMessage {

    public SearchDemand {
        Checks.id(searchId, "searchId");
        Checks.positive(weight, "weight");
        Checks.positive(parallelism, "parallelism");
        Checks.positive(budget, "budget");
        Checks.atLeast(issued, 0, "issued");
        Checks.atLeast(ended, 0, "ended");
        Checks.atLeast(granted, 0, "granted");
        Checks.atLeast(submittedAt, 0, "submittedAt");
        Checks.atLeast(at, 0, "at");
    }

    /** Trials put on {@code trials} that have not ended: queued or running. */
    public long inFlight() {
        return Math.max(0, issued - ended);
    }

    @Override
    public String key() {
        return searchId;
    }
}
