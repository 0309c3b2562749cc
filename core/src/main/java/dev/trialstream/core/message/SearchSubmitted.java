package dev.trialstream.core.message;

import dev.trialstream.core.spec.SearchSpec;

/**
 * A search as submitted: the whole validated spec (so a bad spec fails when this message is
 * decoded, not later), the uploaded data it trains on, and the trial budget its strategy fixed.
 *
 * @param spec        the search spec; its data section names the user's files, {@code dataset}
 *                    says where their bytes are in Kafka
 * @param trialBudget how many trials the search runs (for grid without a budget: every point)
 * @param parallelism how many trials the strategy keeps in flight, settled once at submit (the
 *                    spec's, or the submitter's default): the aggregator rebuilds the strategy
 *                    with it, so both sides plan the same trials
 * @param submittedAt epoch millis
 */
public record SearchSubmitted(String searchId, SearchSpec spec, DatasetRef dataset, int trialBudget,
                              int parallelism, long submittedAt) implements SearchMessage {

    public SearchSubmitted {
        Checks.id(searchId, "searchId");
        Checks.present(spec, "spec");
        Checks.present(dataset, "dataset");
        Checks.positive(trialBudget, "trialBudget");
        Checks.positive(parallelism, "parallelism");
        Checks.atLeast(submittedAt, 0, "submittedAt");
    }

    public String name() {
        return spec.name();
    }

    public int maxEpochs() {
        return spec.training().maxEpochs();
    }

    /** The epochs the search may train at most: its trial budget times the epoch cap. */
    public long epochBudget() {
        return (long) trialBudget * maxEpochs();
    }
}
