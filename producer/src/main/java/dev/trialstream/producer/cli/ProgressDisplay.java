package dev.trialstream.producer.cli;

import dev.trialstream.core.message.LeaderboardSnapshot;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * Shows a running search: a frame per snapshot, but at most once per interval (snapshots arrive
 * every epoch, far faster than anyone reads), and always the last one. A change of the trial
 * counts or the status is drawn at once, interval or not: it is the same event the worker logs
 * ("trial ... COMPLETED"), and a view that still says "2 running" under that line reads as wrong.
 * On a terminal the frame is the {@link WatchView} redrawn in place; in logs, pipes and CI either
 * one progress line ({@link #forConsole}) or the whole view ({@link #views}). A frame the same as
 * the last one printed is not printed again. Lines the user must get to read beside it (the
 * silence hints) go through {@link #notes}: a view redrawn in place clears the screen, which
 * would wipe a line printed between two frames at the next one.
 */
public final class ProgressDisplay {

    /** ANSI: home the cursor and clear the screen. */
    private static final String CLEAR = "\033[H\033[2J";
    /** Notes kept under a redrawn view: a silence and its end, and one before them. */
    static final int NOTES_KEPT = 3;

    private final PrintWriter out;
    private final long intervalNanos;
    private final boolean onCountChange;
    private final Function<LeaderboardSnapshot, String> frame;
    private final LongSupplier nanoTime;
    /** The frame is redrawn in place (the screen cleared first), so notes are kept under it. */
    private final boolean redraw;
    private final Deque<String> notes = new ArrayDeque<>();
    private long lastPrinted;
    private String lastCounts = "";
    private String lastFrame = "";

    /**
     * @param onCountChange print as soon as the trial counts or the status change, interval or not
     * @param frame         what to print for a snapshot
     * @param nanoTime      the clock ({@link System#nanoTime} but in tests)
     */
    ProgressDisplay(PrintWriter out, Duration interval, boolean onCountChange,
                    Function<LeaderboardSnapshot, String> frame, LongSupplier nanoTime) {
        this(out, interval, onCountChange, frame, nanoTime, false);
    }

    /** @param redraw each frame replaces the last on the screen (cleared first), with the notes kept under it */
    ProgressDisplay(PrintWriter out, Duration interval, boolean onCountChange,
                    Function<LeaderboardSnapshot, String> frame, LongSupplier nanoTime, boolean redraw) {
        this.redraw = redraw;
        this.out = out;
        this.intervalNanos = interval.toNanos();
        this.onCountChange = onCountChange;
        this.frame = frame;
        this.nanoTime = nanoTime;
        this.lastPrinted = nanoTime.getAsLong() - intervalNanos;
    }

    /** Redraws a 5-row view when this process runs on a terminal, prints progress lines otherwise. */
    public static ProgressDisplay forConsole(PrintWriter out) {
        if (System.console() != null) {
            return views(out, 5, true);
        }
        return new ProgressDisplay(out, Duration.ofMillis(2000), true,
                snapshot -> LeaderboardText.progress(snapshot) + System.lineSeparator(), System::nanoTime);
    }

    /** The view with {@code rows} leaderboard rows, redrawn in place or printed one after another. */
    public static ProgressDisplay views(PrintWriter out, int rows, boolean redraw) {
        return new ProgressDisplay(out, Duration.ofMillis(500), true,
                redraw ? snapshot -> WatchView.render(snapshot, rows)
                        : snapshot -> WatchView.render(snapshot, rows) + "\n", System::nanoTime, redraw);
    }

    /**
     * Where to say a line that must stay readable while the search is followed. Redrawn in place,
     * the display keeps it under the view, with the {@link #NOTES_KEPT} before it, and draws it at
     * once: printed to the same terminal beside the view, it was cleared by the next frame, within
     * a second (so "an aggregator reports on search ... again" was never seen). Otherwise it is
     * printed to {@code elsewhere} as it comes, one line after another like the frames.
     */
    public Consumer<String> notes(PrintWriter elsewhere) {
        if (!redraw) {
            return line -> {
                elsewhere.println(line);
                elsewhere.flush();
            };
        }
        return line -> {
            if (notes.size() == NOTES_KEPT) {
                notes.removeFirst();
            }
            notes.addLast(line);
            draw(lastFrame);
        };
    }

    public void offer(LeaderboardSnapshot snapshot) {
        long now = nanoTime.getAsLong();
        String counts = snapshot.counts() + snapshot.status().wireName();
        boolean changed = !counts.equals(lastCounts);
        if (snapshot.done() || (onCountChange && changed) || now - lastPrinted >= intervalNanos) {
            String text = frame.apply(snapshot);
            if (text.equals(lastFrame)) {
                return; // the same snapshot again (the aggregator republishes a quiet search's): nothing new to show
            }
            draw(text);
            lastPrinted = now;
            lastCounts = counts;
            lastFrame = text;
        }
    }

    private void draw(String text) {
        if (redraw) {
            out.print(CLEAR + text + (notes.isEmpty() ? "" : System.lineSeparator()
                    + String.join(System.lineSeparator(), notes) + System.lineSeparator()));
        } else {
            out.print(text);
        }
        out.flush();
    }
}
