package dev.trialstream.aggregator.state;

import dev.trialstream.core.ensemble.BaggedSelection;
import dev.trialstream.core.ensemble.Candidate;
import dev.trialstream.core.ensemble.EnsembleSelection;
import dev.trialstream.core.ensemble.LibraryPruning;
import dev.trialstream.core.ensemble.OutOfFold;
import dev.trialstream.core.ensemble.Selection;
import dev.trialstream.core.message.EnsembleMember;
import dev.trialstream.core.message.EnsembleSummary;
import dev.trialstream.core.spec.EnsembleSpec;
import dev.trialstream.core.status.TrialState;
import dev.trialstream.core.text.Figures;
import dev.trialstream.core.text.Plural;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the out-of-fold predictions of a search's best completed trials and selects the ensemble
 * from them each time a trial completes. Only the best {@link #KEPT} by CV MSE keep their
 * predictions (the state is changelogged, and a California trial's are ~180 KB): a trial outside
 * them would rarely be chosen, since selection adds the candidate that lowers the ensemble's error
 * most and the weak ones seldom do.
 *
 * <p>With {@code ensemble: {bags: B}} selection is bagged, with sorted initialisation (Caruana et al.
 * 2004): B selections, each on a random half of the kept trials and starting from the mean of its
 * best few, pooled.
 */
final class EnsemblePool {

    private static final Logger LOG = LoggerFactory.getLogger(EnsemblePool.class);

    /** How many completed trials keep their out-of-fold predictions. */
    static final int KEPT = 32;
    /** Bagged selection ({@code ensemble: {bags: B}}): each bag holds this share of the kept trials. */
    static final double BAG_FRACTION = 0.5;
    /** The bags are drawn from a fixed seed, so a restarted aggregator selects the same ensemble. */
    private static final long BAG_SEED = 16;

    EnsemblePool() {
    }

    /**
     * A trial just completed: keep the best {@link #KEPT} trials' predictions (letting go of the one
     * it pushes out) and select the ensemble again.
     *
     * @return whether the search's ensemble or kept predictions changed
     */
    boolean completed(SearchState state, TrialRecord trial) {
        if (trial.state() != TrialState.COMPLETED || trial.outOfFold().isEmpty()) {
            return false;
        }
        if (state.submitted() && !state.spec.ensemble().enabled()) {
            trial.dropOutOfFold();
            return false;
        }
        List<TrialRecord> kept = new ArrayList<>(state.trials.values().stream()
                .filter(t -> t.state() == TrialState.COMPLETED && t.outOfFold().isPresent())
                .sorted(TrialRecord.BY_CV_MSE)
                .toList());
        while (kept.size() > KEPT) {
            TrialRecord dropped = kept.remove(kept.size() - 1);
            dropped.dropOutOfFold();
            if (!dropped.trialId().equals(trial.trialId())) {
                state.alsoChanged.add(dropped.trialId());
            }
        }
        if (!kept.contains(trial) || !state.submitted()) {
            // Before its search is seen the rounds are unknown: the next completion selects.
            return false;
        }
        select(state, kept);
        return true;
    }

    private void select(SearchState state, List<TrialRecord> kept) {
        OutOfFold first = kept.get(0).outOfFold().orElseThrow();
        List<Candidate> candidates = new ArrayList<>();
        for (TrialRecord t : kept) {
            OutOfFold oof = t.outOfFold().orElseThrow();
            if (!Arrays.equals(oof.targets(), first.targets())) {
                // Trials of one search share the folds and so the targets; anything else is a bug upstream.
                LOG.warn("search {} trial {}: out-of-fold targets differ from {}'s; left out of the ensemble",
                        state.searchId, t.trialId(), kept.get(0).trialId());
                continue;
            }
            candidates.add(new Candidate(t.trialId(), oof.predictions()));
        }
        EnsembleSpec spec = state.spec.ensemble();
        int library = candidates.size();
        candidates = LibraryPruning.withinOfBest(first.truth(), candidates, spec.within());
        Selection chosen = spec.bagged()
                ? new BaggedSelection(new EnsembleSelection(spec.size(), spec.size()), spec.bags(), BAG_FRACTION, BAG_SEED)
                        .select(first.truth(), candidates)
                : new EnsembleSelection(spec.size()).select(first.truth(), candidates);
        List<EnsembleMember> members = new ArrayList<>();
        for (Map.Entry<String, Double> weight : chosen.weights().entrySet()) {
            members.add(new EnsembleMember(weight.getKey(), weight.getValue()));
        }
        state.ensemble = new EnsembleSummary(members, chosen.outOfFold(), chosen.rounds());
        LOG.info("search {}: ensemble of {} from {} of {} kept, out-of-fold mse {} (best single {})",
                state.searchId, Plural.of(members.size(), "trial"), candidates.size(), library,
                Figures.brief(chosen.outOfFold().mse()), Figures.brief(candidates.stream()
                        .mapToDouble(c -> EnsembleSelection.mse(first.truth(), c.predictions())).min().orElseThrow()));
    }
}
