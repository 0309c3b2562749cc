package dev.trialstream.core.message;

/** A search was cancelled; kept on the compacted topic so a late reader still sees it. */
public record SearchCancelled(String searchId, String reason, long at) implements SearchMessage {

    public SearchCancelled {
        Checks.id(searchId, "searchId");
        Checks.text(reason, "reason");
        Checks.atLeast(at, 0, "at");
    }
}
