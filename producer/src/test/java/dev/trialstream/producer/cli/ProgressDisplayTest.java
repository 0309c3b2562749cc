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
}
