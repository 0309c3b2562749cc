package dev.trialstream.launcher.faults;

/**
 * Closes a {@link Cluster} when its command is done ({@link #close}) or, if the JVM is stopped
 * first (Ctrl-C, a CI timeout), from a shutdown hook: no broker or child JVM is left behind.
 */
final class CloseOnExit implements AutoCloseable {

    private final Cluster cluster;
    private final Thread hook;

    /** Registers the hook; {@code name} is its thread's. */
    CloseOnExit(Cluster cluster, String name) {
        this.cluster = cluster;
        this.hook = new Thread(() -> {
            try {
                cluster.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, name);
        Runtime.getRuntime().addShutdownHook(hook);
    }

    @Override
    public void close() throws InterruptedException {
        cluster.close();
        Runtime.getRuntime().removeShutdownHook(hook);
    }
}
