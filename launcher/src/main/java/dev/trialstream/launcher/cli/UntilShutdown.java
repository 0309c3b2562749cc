package dev.trialstream.launcher.cli;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How the long-running commands end: when the JVM is asked to stop (SIGTERM, Ctrl-C), a shutdown
 * hook closes the app's parts in the order given, and the command's thread, waiting in
 * {@link #exitCode}, returns once they are closed.
 */
final class UntilShutdown {

    private static final Logger LOG = LoggerFactory.getLogger(UntilShutdown.class);

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

    /**
     * Blocks until the hook has closed every part (exit code 0) or the app reports that it can no
     * longer work (logged, exit code 1: the orchestrator restarts the process, which rejoins under
     * the same id and takes its work back).
     *
     * @param who     the app, as the log line names it (e.g. {@code worker w-1})
     * @param failure why the app can no longer work, if it cannot (asked every second)
     */
    int exitCode(String who, Supplier<Optional<String>> failure) throws InterruptedException {
        while (!closed.await(1, TimeUnit.SECONDS)) {
            Optional<String> why = failure.get();
            if (why.isPresent()) {
                LOG.error("{} cannot go on ({}); exiting 1", who, why.get());
                return 1;
            }
        }
        return 0;
    }
}
