package dev.trialstream.launcher.local;

import java.util.concurrent.atomic.AtomicInteger;
import sun.misc.Signal;

/**
 * What Ctrl-C does to a local run: the first asks it to finish now and keep what it found, the
 * second quits at once. Without a handler the JVM would exit on the first, and the embedded
 * broker (every trial the search trained) would go with it.
 */
public final class Interrupts {

    private final AtomicInteger count = new AtomicInteger();
    private final Runnable first;
    private final Runnable again;

    /**
     * @param first run (on the signal's thread) at the first interrupt
     * @param again run at every later one, e.g. exit with status 130
     */
    public Interrupts(Runnable first, Runnable again) {
        this.first = first;
        this.again = again;
    }

    /**
     * Handles SIGINT from now on.
     *
     * @return false when this JVM cannot (the signal is ignored, as for a job a non-interactive
     *         shell put in the background, or taken): Ctrl-C then does what it did before
     */
    public boolean install() {
        try {
            Signal.handle(new Signal("INT"), signal -> interrupted());
            return true;
        } catch (IllegalArgumentException | UnsupportedOperationException e) {
            return false;
        }
    }

    /** One interrupt, as the handler sees it. */
    void interrupted() {
        if (count.incrementAndGet() == 1) {
            first.run();
        } else {
            again.run();
        }
    }
}
