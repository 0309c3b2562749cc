package dev.trialstream.core.message;

/**
 * The fleet's scheduler lets a search put {@code slots} more trials on {@code trials} (fewer if
 * its budget has fewer left). Each grant is applied once: the tracker counts the slots it has
 * received and reports the count back ({@link SearchDemand#granted()}).
 */
public record SlotsGranted(String searchId, int slots, long at) implements ScheduleMessage {

    public SlotsGranted {
        Checks.id(searchId, "searchId");
        Checks.positive(slots, "slots");
        Checks.atLeast(at, 0, "at");
    }

    @Override
    public String key() {
        return searchId;
    }
}
