package dev.trialstream.launcher.cli;

import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * How the long-running commands end: when the JVM is asked to stop (SIGTERM, Ctrl-C), a shutdown
 * hook closes the app's parts in the order given, and the command's thread, waiting in
 * {@link #await()}, returns once they are closed.
 */
final class UntilShutdown {

    private final CountDownLatch closed = new CountDownLatch(1);

    private UntilShutdown() {
    }

    /**
     * Registers the hook.
     *
     * @param name  the hook thread's name
     * @param parts each part's close, run in this order
     */
    static UntilShutdown closing(String name, Runnable... parts) {
        UntilShutdown shutdown = new UntilShutdown();
        List<Runnable> inOrder = List.of(parts);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            inOrder.forEach(Runnable::run);
            shutdown.closed.countDown();
        }, name));
        return shutdown;
    }

    /** Blocks until the hook has closed every part. */
    void await() throws InterruptedException {
        closed.await();
    }

    /**
     * Blocks until the hook has closed every part (returns empty) or the app reports that it can
     * no longer work (returns why): then the command exits non-zero so the orchestrator restarts it.
     */
    java.util.Optional<String> awaitOrFailure(java.util.function.Supplier<java.util.Optional<String>> failure)
            throws InterruptedException {
        while (!closed.await(1, java.util.concurrent.TimeUnit.SECONDS)) {
            java.util.Optional<String> why = failure.get();
            if (why.isPresent()) {
                return why;
            }
        }
        return java.util.Optional.empty();
    }
}
