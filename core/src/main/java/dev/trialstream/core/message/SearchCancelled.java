package dev.trialstream.core.message;

/**
 * A search was cancelled; kept on the compacted topic so a late reader still sees it.
 *
 * @param finalFit fit the final model anyway, on the trials that completed before the cancel, as
 *                 if the budget ended there ({@code cancel --final-fit}, and Ctrl-C in {@code
 *                 local}); false: no model. Added in schema version 5 (false in an older message).
 */
public record SearchCancelled(String searchId, String reason, long at, boolean finalFit) implements SearchMessage {

    public SearchCancelled {
        Checks.id(searchId, "searchId");
        Checks.text(reason, "reason");
        Checks.atLeast(at, 0, "at");
    }

    /** A cancel with no final model. */
    public SearchCancelled(String searchId, String reason, long at) {
        this(searchId, reason, at, false);
    }
}
