package dev.trialstream.launcher.local;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * What Ctrl-C does to a local run, press by press: the first asks the search to finish (no new
 * trials, those running end as they would), the second to stop its running trials now, each
 * keeping what it found in a final model; every later press quits at once. Without a handler the
 * JVM would exit on the first, and the embedded broker (every trial the search trained) would go
 * with it.
 */
public final class Interrupts {

    private final AtomicInteger count = new AtomicInteger();
    private final List<Runnable> presses;

    /**
     * @param presses what the first, second, … interrupt runs (on the signal's thread); the last
     *                also runs at every interrupt after it, e.g. exit with status 130
     */
    public Interrupts(Runnable... presses) {
        if (presses.length == 0) {
            throw new IllegalArgumentException("no action for an interrupt");
        }
        this.presses = List.of(presses);
    }

    /**
     * Handles SIGINT from now on.
     *
     * @return false when this JVM cannot (the signal is ignored, as for a job a non-interactive
     *         shell put in the background, or taken): Ctrl-C then does what it did before
     */
    public boolean install() {
        Signal sigint = new Signal("INT");
        try {
            // An ignored SIGINT is not an error to the JVM: it keeps it ignored and answers SIG_IGN.
            if (Signal.handle(sigint, signal -> interrupted()) == SignalHandler.SIG_IGN) {
                Signal.handle(sigint, SignalHandler.SIG_IGN);
                return false;
            }
            return true;
        } catch (IllegalArgumentException | UnsupportedOperationException e) {
            return false;
        }
    }

    /** One interrupt, as the handler sees it. */
    void interrupted() {
        presses.get(Math.min(count.incrementAndGet(), presses.size()) - 1).run();
    }
}
