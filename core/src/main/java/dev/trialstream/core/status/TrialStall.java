package dev.trialstream.core.status;

import java.time.Duration;

/**
 * A running trial that has reported no epoch for much longer than its epochs take: its worker is
 * still in the fleet (it announces itself) but its training may have hung (a deadlock, a GPU driver
 * hang, a stalled read of the data).
 *
 * @param trialId  the trial
 * @param workerId the worker training it
 * @param epochs   epochs its current attempt has reported
 * @param silent   how long it has reported no epoch (none since it started, when {@code epochs} is 0)
 * @param usual    what the rule compared with: its epochs' time, or (before its first epoch) the
 *                 search's other trials' first epochs; zero when no trial of the search has one
 */
public record TrialStall(String trialId, String workerId, int epochs, Duration silent, Duration usual) {

    public TrialStall {
        if (trialId == null || workerId == null || silent == null || usual == null) {
            throw new IllegalArgumentException("trialId, workerId, silent and usual must be set");
        }
    }
}
