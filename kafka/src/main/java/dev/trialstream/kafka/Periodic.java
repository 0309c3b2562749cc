package dev.trialstream.kafka;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A task a process runs in the background every period, on a daemon thread of its own (a worker's
 * slot announcements, the aggregator's catch-up and hanging-transaction checks). A scheduled
 * executor drops a task that throws, silently, and the process would go on without it for ever;
 * here what ended it is kept as {@link #failure()}, which the owner's liveness reports, so the
 * process is restarted. Tasks catch the failures they can live with (a broker that is away) themselves.
 */
public final class Periodic implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Periodic.class);

    private final String name;
    private final ScheduledExecutorService thread;
    private volatile ScheduledFuture<?> scheduled;
    private volatile String failure;

    /** @param name the thread's name, and the task's in its failure */
    public Periodic(String name) {
        this.name = name;
        this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
    }

    /** Runs {@code task} now and then {@code every} after each run ends. */
    public Periodic start(Runnable task, Duration every) {
        scheduled = thread.scheduleWithFixedDelay(() -> {
            try {
                task.run();
            } catch (RuntimeException | Error e) {
                failure = e.toString();
                LOG.error("{} stopped", name, e);
                throw e;
            }
        }, 0, every.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    /** What ended the task, if something did. */
    public Optional<String> failure() {
        return Optional.ofNullable(failure);
    }

    /**
     * Stops the task and runs {@code last} on its thread (a goodbye: a caller is not held up by a
     * send that blocks), waiting at most {@code wait} for it; then the thread ends. Never started:
     * {@code last} is not run.
     */
    public void finish(Runnable last, Duration wait) {
        if (scheduled != null) {
            scheduled.cancel(false);
            thread.execute(last);
        }
        thread.shutdown();
        try {
            if (!thread.awaitTermination(wait.toMillis(), TimeUnit.MILLISECONDS)) {
                thread.shutdownNow();
            }
        } catch (InterruptedException e) {
            thread.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    /** Stops the task at once (interrupting a run under way). */
    @Override
    public void close() {
        thread.shutdownNow();
    }
}
