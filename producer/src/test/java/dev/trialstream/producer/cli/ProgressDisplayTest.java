package dev.trialstream.producer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trialstream.core.message.LeaderboardSnapshot;
import dev.trialstream.core.message.StatusCounts;
import dev.trialstream.core.status.SearchStatus;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProgressDisplayTest {

    private final StringWriter printed = new StringWriter();
    private long now = 1_000_000_000L;

    private ProgressDisplay display(boolean onCountChange) {
        return new ProgressDisplay(new PrintWriter(printed), Duration.ofMillis(500), onCountChange,
                s -> s.epochsTrained() + "/" + s.counts().running() + (s.done() ? " done" : "") + ";", () -> now);
    }

    private static LeaderboardSnapshot snapshot(long epochs, int running, boolean done) {
        return new LeaderboardSnapshot("s-1", "demo", new StatusCounts(0, running, 0, 0, 0), List.of(), List.of(),
                epochs, 100, null, done ? SearchStatus.DONE : SearchStatus.RUNNING, 1);
    }

    @Test
    void offer_printsTheFirstThenAtMostOncePerInterval() {
        ProgressDisplay display = display(false);

        display.offer(snapshot(1, 1, false));
        now += Duration.ofMillis(100).toNanos();
        display.offer(snapshot(2, 2, false));
        now += Duration.ofMillis(400).toNanos();
        display.offer(snapshot(3, 2, false));

        assertThat(printed.toString()).isEqualTo("1/1;3/2;");
    }

    @Test
    void offer_alwaysPrintsTheLastSnapshot() {
        ProgressDisplay display = display(false);

        display.offer(snapshot(1, 1, false));
        now += 1;
        display.offer(snapshot(2, 0, true));

        assertThat(printed.toString()).isEqualTo("1/1;2/0 done;");
    }

    @Test
    void views_drawATrialThatEndedAtOnceWithinTheInterval() {
        ProgressDisplay display = ProgressDisplay.views(new PrintWriter(printed), 5, false);

        display.offer(new LeaderboardSnapshot("s-1", "demo", new StatusCounts(1, 2, 0, 0, 0), List.of(), List.of(),
                3, 300, null, SearchStatus.RUNNING, 1));
        display.offer(new LeaderboardSnapshot("s-1", "demo", new StatusCounts(0, 2, 1, 0, 0), List.of(), List.of(),
                4, 300, null, SearchStatus.RUNNING, 2));

        assertThat(printed.toString()).contains("0/3 ended", "1/3 ended: 1 completed");
    }

    @Test
    void offer_printsACountChangeAtOnceWhenAskedTo() {
        ProgressDisplay display = display(true);

        display.offer(snapshot(1, 1, false));
        now += 1;
        display.offer(snapshot(2, 1, false));
        now += 1;
        display.offer(snapshot(3, 2, false));

        assertThat(printed.toString()).isEqualTo("1/1;3/2;");
    }

    @Test
    void offer_doesNotPrintTheSameFrameTwice() {
        ProgressDisplay display = display(false);

        display.offer(snapshot(3, 0, true));
        now += Duration.ofSeconds(40).toNanos();
        display.offer(snapshot(3, 0, true)); // the aggregator publishes a quiet search's board again

        assertThat(printed.toString()).isEqualTo("3/0 done;");
    }

    /** What a terminal shows after everything printed so far: the screen since its last clear. */
    private String screen() {
        String all = printed.toString();
        return all.substring(all.lastIndexOf("\033[2J") + "\033[2J".length());
    }

    @Test
    void notes_onARedrawnView_stayUnderItAfterTheNextRedraw() {
        ProgressDisplay display = ProgressDisplay.views(new PrintWriter(printed), 5, true);
        java.util.function.Consumer<String> notes = display.notes(new PrintWriter(new StringWriter()));

        display.offer(new LeaderboardSnapshot("s-1", "demo", new StatusCounts(1, 2, 0, 0, 0), List.of(), List.of(),
                3, 300, null, SearchStatus.RUNNING, 1));
        notes.accept("trialstream watch: no aggregator has reported on search s-1 for 30 s, so what is shown is"
                + " not moving: ... Still waiting.");
        notes.accept("trialstream watch: an aggregator reports on search s-1 again (none had for 51 s).");
        assertThat(screen()).as("drawn at once").contains("reports on search s-1 again");
        display.offer(new LeaderboardSnapshot("s-1", "demo", new StatusCounts(0, 2, 1, 0, 0), List.of(), List.of(),
                4, 300, null, SearchStatus.RUNNING, 2));

        assertThat(screen()).as("the next frame is drawn, the notes under it")
                .contains("1/3 ended: 1 completed")
                .contains("no aggregator has reported on search s-1 for 30 s")
                .endsWith("trialstream watch: an aggregator reports on search s-1 again (none had for 51 s)."
                        + System.lineSeparator());
    }

    @Test
    void notes_keepTheLastFewUnderARedrawnView() {
        ProgressDisplay display = ProgressDisplay.views(new PrintWriter(printed), 5, true);
        java.util.function.Consumer<String> notes = display.notes(new PrintWriter(new StringWriter()));

        for (int i = 1; i <= ProgressDisplay.NOTES_KEPT + 1; i++) {
            notes.accept("note " + i);
        }

        assertThat(screen()).doesNotContain("note 1").contains("note 2", "note " + (ProgressDisplay.NOTES_KEPT + 1));
    }

    @Test
    void notes_withoutARedraw_arePrintedWhereTheyWereAsTheyCome() {
        StringWriter err = new StringWriter();
        ProgressDisplay display = ProgressDisplay.views(new PrintWriter(printed), 5, false);

        display.notes(new PrintWriter(err)).accept("trialstream watch: an aggregator reports on search s-1 again");

        assertThat(err.toString()).isEqualTo("trialstream watch: an aggregator reports on search s-1 again"
                + System.lineSeparator());
        assertThat(printed.toString()).isEmpty();
    }
}
