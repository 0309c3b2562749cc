package dev.trialstream.aggregator.state;

import dev.trialstream.core.message.Message;

/**
 * A message the tracker wants published, and under which key.
 *
 * @param destination which topic it goes to
 */
public record Output(Destination destination, String key, Message message) {

    /**
     * Where outputs go: leaderboard snapshots, trials and final-fit requests (trials), stop
     * requests (control), what a search wants of the fleet (schedule), the fleet's grants (grants).
     */
    public enum Destination { LEADERBOARD, TRIALS, CONTROL, SCHEDULE, GRANTS }
}
