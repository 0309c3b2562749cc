package dev.trialstream.producer.cli;

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

    public Duration waitTimeout() {
        return Duration.ofSeconds(seconds);
    }
}
