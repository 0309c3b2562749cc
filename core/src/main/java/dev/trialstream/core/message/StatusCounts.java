package dev.trialstream.core.message;

/**
 * How many trials of a search are in each state.
 *
 * @param requested trials queued: asked for and not started yet (the budget not yet handed out, so 0
 *                  once every trial has started; not the number asked for so far)
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

    /** Every trial counted: queued, running or ended. */
    public int total() {
        return requested + running + ended();
    }
}
