package dev.trialstream.producer.cli;

import dev.trialstream.producer.kafka.LeaderboardFollower;
import java.io.PrintWriter;

/**
 * While {@code submit --wait} or {@code watch} follows a search, Ctrl-C (or SIGTERM) ends only the
 * command: the search goes on in the cluster. Said on stderr as the JVM stops, so that nobody takes
 * the interrupt for a cancel; closed once following ends on its own.
 */
final class GoesOnWithout implements AutoCloseable {

    private final Thread hook;

    private GoesOnWithout(Thread hook) {
        this.hook = hook;
    }

    /** From now until {@link #close}, a stopped JVM says that search {@code searchId} goes on. */
    static GoesOnWithout whileFollowing(PrintWriter err, String command, String searchId) {
        Thread hook = new Thread(() -> {
            err.println();
            err.println("trialstream " + command + ": stopped following; search " + searchId + " goes on in the cluster"
                    + " (" + followOrStop(searchId) + ")");
            err.flush();
        }, "goes-on-without");
        Runtime.getRuntime().addShutdownHook(hook);
        return new GoesOnWithout(hook);
    }

    /**
     * {@code --wait-timeout} ran out: the command gives up following, the search goes on, and the
     * error says so (it said only "did not finish within N s", which reads as a search that failed).
     */
    static IllegalStateException timedOut(LeaderboardFollower.SearchTimeoutException e, String searchId) {
        return new IllegalStateException(e.getMessage() + "; it goes on in the cluster (" + followOrStop(searchId) + ")", e);
    }

    private static String followOrStop(String searchId) {
        // A plain cancel leaves a final fit alone (a search whose trials all ended ends with its model).
        return "`trialstream watch " + searchId + "` follows it again, `trialstream cancel " + searchId + "` stops it;"
                + " in its final fit, `--abandon-final-fit` too";
    }

    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // The JVM is already stopping: the hook says its line.
        }
    }
}
