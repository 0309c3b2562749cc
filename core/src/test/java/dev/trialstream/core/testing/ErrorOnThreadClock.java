package dev.trialstream.core.testing;

import java.time.Instant;

/**
 * The system clock, except on the threads a test names, once armed, where reading it throws an
 * {@link OutOfMemoryError}: for tests of what an Error in one of a process's threads does.
 */
public final class ErrorOnThreadClock extends UtcTestClock {

    private final String threadNamePart;
    private final String message;
    private volatile boolean armed;

    /**
     * @param threadNamePart reading the clock fails on threads whose name contains this
     * @param message        the Error's message
     */
    public ErrorOnThreadClock(String threadNamePart, String message) {
        this.threadNamePart = threadNamePart;
        this.message = message;
    }

    /** From now on, reading the clock on a named thread throws. */
    public ErrorOnThreadClock arm() {
        armed = true;
        return this;
    }

    @Override
    public Instant instant() {
        if (armed && Thread.currentThread().getName().contains(threadNamePart)) {
            throw new OutOfMemoryError(message);
        }
        return Instant.now();
    }
}
