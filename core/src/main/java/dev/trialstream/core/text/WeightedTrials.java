package dev.trialstream.core.text;

import dev.trialstream.core.message.WeightedTrial;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** "s-…-t0019 ×0.57, s-…-t0029 ×0.43": an ensemble's members as the CLI and the logs print them. */
public final class WeightedTrials {

    private WeightedTrials() {
    }

    public static String of(List<? extends WeightedTrial> members) {
        return members.stream().map(m -> String.format(Locale.ROOT, "%s ×%.2f", m.trialId(), m.weight()))
                .collect(Collectors.joining(", "));
    }
}
