package dev.trialstream.launcher.cli;

import dev.trialstream.core.message.LeaderboardSnapshot;
import dev.trialstream.producer.cli.LeaderboardText;
import java.io.PrintWriter;
import java.time.Duration;

/**
 * Prints a search's progress line when its trial counts change, and otherwise at most once per
 * interval: snapshots arrive every epoch, far faster than anyone reads.
 */
final class ProgressPrinter {

    private final PrintWriter out;
    private final long intervalNanos;
    private long lastPrinted;
    private String lastCounts = "";

    ProgressPrinter(PrintWriter out, Duration interval) {
        this.out = out;
        this.intervalNanos = interval.toNanos();
    }

    void offer(LeaderboardSnapshot snapshot) {
        long now = System.nanoTime();
        String counts = snapshot.counts() + snapshot.status();
        if (snapshot.done() || !counts.equals(lastCounts) || now - lastPrinted > intervalNanos) {
            out.println(LeaderboardText.progress(snapshot));
            out.flush();
            lastPrinted = now;
            lastCounts = counts;
        }
    }
}
