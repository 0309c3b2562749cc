package dev.trialstream.core.message;

import dev.trialstream.core.pruning.RungCutoff;
import java.util.List;
import java.util.Optional;

/**
 * A search's ASHA cutoffs as they stand, sent by the aggregator whenever a trial records a rung.
 * A worker stops a trial that reaches a rung worse than its cutoff there and then, instead of
 * training on while the epoch report goes to the aggregator and its {@link StopTrial} comes back
 * (tens of epochs on a small network). The aggregator still judges every report itself: a trial
 * the cutoff lets through is stopped as before if it is not in the best 1/eta after all.
 *
 * @param eta   the search's reduction factor: the top 1/eta at a rung continue
 * @param rungs the rungs that have heard from enough trials to cut, ascending by epoch
 */
public record RungCutoffs(String searchId, int eta, List<RungCutoff> rungs, long at) implements ControlMessage {

    public RungCutoffs {
        Checks.id(searchId, "searchId");
        Checks.atLeast(eta, 2, "eta");
        rungs = List.copyOf(Checks.present(rungs, "rungs"));
        Checks.atLeast(at, 0, "at");
    }

    /** The reason to stop a trial whose CV MSE at {@code epoch} is {@code value}, if that epoch is a rung it fails. */
    public Optional<String> stops(int epoch, double value) {
        for (RungCutoff rung : rungs) {
            if (rung.epoch() == epoch) {
                return rung.stops(value, eta);
            }
        }
        return Optional.empty();
    }
}
