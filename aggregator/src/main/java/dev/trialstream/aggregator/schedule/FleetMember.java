package dev.trialstream.aggregator.schedule;

/**
 * A live worker as the scheduler last heard it (its entry in the scheduler's store).
 *
 * @param slots       trials it can run at once
 * @param silentAfter epoch millis (the scheduler's clock) after which, unheard, it has left
 */
public record FleetMember(int slots, long silentAfter) {
}
