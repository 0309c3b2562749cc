package dev.trialstream.producer.cli;

import dev.trialstream.core.message.LeaderboardSnapshot;
import java.io.PrintWriter;
import java.time.Duration;

/**
 * Shows a running search: on a terminal, the {@link WatchView} redrawn in place; otherwise (logs,
 * pipes, CI) one progress line when the trial counts change, else at most once per interval.
 * Snapshots arrive every epoch, far faster than anyone reads.
 */
public final class ProgressDisplay {

    private final PrintWriter out;
    private final boolean redraw;
    private final long intervalNanos;
    private long lastPrinted;
    private String lastCounts = "";

    public ProgressDisplay(PrintWriter out, boolean redraw, Duration interval) {
        this.out = out;
        this.redraw = redraw;
        this.intervalNanos = interval.toNanos();
    }

    /** Redraws when this process runs on a terminal, prints lines otherwise. */
    public static ProgressDisplay forConsole(PrintWriter out) {
        boolean terminal = System.console() != null;
        return new ProgressDisplay(out, terminal, Duration.ofMillis(terminal ? 500 : 2000));
    }

    public void offer(LeaderboardSnapshot snapshot) {
        long now = System.nanoTime();
        String counts = snapshot.counts() + snapshot.status();
        boolean changed = !counts.equals(lastCounts);
        if (snapshot.done() || (changed && !redraw) || now - lastPrinted > intervalNanos) {
            out.print(redraw ? "\033[H\033[2J" + WatchView.render(snapshot, 5)
                    : LeaderboardText.progress(snapshot) + System.lineSeparator());
            out.flush();
            lastPrinted = now;
            lastCounts = counts;
        }
    }
}
