package dev.trialstream.launcher.cli;

import dev.trialstream.producer.cli.OptionChecks;
import java.time.Duration;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code --broker-wait}: how long the long-running processes (worker, aggregator) wait for a broker at start. */
final class BrokerWaitOption {

    @Spec(Spec.Target.MIXEE)
    private CommandSpec mixee;

    private int seconds;

    @Option(names = "--broker-wait", defaultValue = "300", paramLabel = "SECONDS",
            description = "how long to wait for an unreachable broker at start before giving up (default ${DEFAULT-VALUE})")
    void seconds(int value) {
        seconds = OptionChecks.between(mixee, "--broker-wait", value, 0, Integer.MAX_VALUE);
    }

    Duration duration() {
        return Duration.ofSeconds(seconds);
    }
}
