package dev.trialstream.producer.cli;

import dev.trialstream.core.status.StallRule;
import java.time.Duration;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** How long a command follows a running search (submit --wait, watch, local) before it gives up. */
public final class WaitOptions {

    @Spec(Spec.Target.MIXEE)
    private CommandSpec mixee;

    private long seconds;

    @Option(names = "--wait-timeout", defaultValue = "86400", paramLabel = "SECONDS",
            description = "give up on a search that has not finished after this long (default ${DEFAULT-VALUE}, a day)")
    void seconds(int value) {
        seconds = OptionChecks.between(mixee, "--wait-timeout", value, 1, Integer.MAX_VALUE);
    }

    private Duration stallFloor = StallRule.FLOOR;

    /** For tests that cannot wait two minutes to see a trial called stuck; not for users. */
    @Option(names = "--stall-floor", hidden = true, paramLabel = "SECONDS",
            description = "the least silence of a running trial called stuck (default 120)")
    void stallFloor(int value) {
        stallFloor = Duration.ofSeconds(OptionChecks.between(mixee, "--stall-floor", value, 1, Integer.MAX_VALUE));
    }

    /** When a running trial of the search followed is called stuck. */
    public StallRule stallRule() {
        return new StallRule(stallFloor);
    }

    public Duration waitTimeout() {
        return Duration.ofSeconds(seconds);
    }
}
