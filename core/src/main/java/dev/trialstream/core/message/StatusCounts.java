package dev.trialstream.core.message;

/**
 * How many trials of a search are in each state.
 *
 * @param requested trials asked for so far (grows for adaptive strategies)
 * @param running   started and not yet ended
 */
public record StatusCounts(int requested, int running, int completed, int pruned, int failed) {

    public static final StatusCounts NONE = new StatusCounts(0, 0, 0, 0, 0);

    public StatusCounts {
        Checks.atLeast(requested, 0, "requested");
        Checks.atLeast(running, 0, "running");
        Checks.atLeast(completed, 0, "completed");
        Checks.atLeast(pruned, 0, "pruned");
        Checks.atLeast(failed, 0, "failed");
    }

    /** Trials that have ended, whichever way. */
    public int ended() {
        return completed + pruned + failed;
    }
}
