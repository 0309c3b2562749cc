package dev.trialstream.core.message;

/** Stop every running trial of a search and skip the ones not yet started. */
public record CancelSearch(String searchId, String reason, long at) implements ControlMessage {

    public CancelSearch {
        Checks.id(searchId, "searchId");
        Checks.text(reason, "reason");
        Checks.atLeast(at, 0, "at");
    }
}
