package dev.trialstream.core.status;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.stream.Collectors;

/** Where a search is, as its leaderboard says. */
public enum SearchStatus {
    /** Trials are being trained. */
    RUNNING("running", false),
    /** Cancelled without a model; its running trials have not all ended yet. */
    CANCELLING("cancelling", false),
    /**
     * Ended early with its final model to come ({@code cancel --finish}, {@code cancel --final-fit},
     * Ctrl-C in {@code local}): no more of its trials start, and those released have not all ended yet.
     */
    FINISHING("finishing", false),
    /** Every trial ended; the winner is being retrained on the whole training set. */
    FINAL_FIT("final-fit", false),
    /** The final model is published. */
    DONE("done", true),
    /** Cancelled, and every trial has ended. */
    CANCELLED("cancelled", true),
    /** Every trial ended but the final fit failed: no model. */
    FINAL_FIT_FAILED("final-fit-failed", true),
    /** Every trial ended and none completed: no model. */
    NO_RESULT("no-result", true);

    private final String wireName;
    private final boolean ended;

    SearchStatus(String wireName, boolean ended) {
        this.wireName = wireName;
        this.ended = ended;
    }

    @JsonValue
    public String wireName() {
        return wireName;
    }

    /** True once no more work will happen for the search. */
    public boolean ended() {
        return ended;
    }

    @JsonCreator
    public static SearchStatus parse(String text) {
        for (SearchStatus status : values()) {
            if (status.wireName.equals(text)) {
                return status;
            }
        }
        throw new IllegalArgumentException("search status must be one of " + Arrays.stream(values())
                .map(SearchStatus::wireName).collect(Collectors.joining(", ", "[", "]")) + ", found \"" + text + "\"");
    }
}
