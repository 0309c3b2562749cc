package dev.trialstream.producer.cli;

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
                    + " (`trialstream watch " + searchId + "` follows it again, `trialstream cancel " + searchId
                    + "` stops it)");
            err.flush();
        }, "goes-on-without");
        Runtime.getRuntime().addShutdownHook(hook);
        return new GoesOnWithout(hook);
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
