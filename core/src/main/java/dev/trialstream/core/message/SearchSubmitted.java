package dev.trialstream.core.message;

import dev.trialstream.core.spec.SearchSpec;

/**
 * A search as submitted: the whole validated spec (so a bad spec fails when this message is
 * decoded, not later), the uploaded data it trains on, and the trial budget its strategy fixed.
 *
 * @param spec        the search spec; its data section names the user's files, {@code dataset}
 *                    says where their bytes are in Kafka
 * @param trialBudget how many trials the search runs (for grid without a budget: every point)
 * @param parallelism the most trials of the search queued or running at once, settled once at
 *                    submit (the spec's, or the submitter's default). The submitter queued the
 *                    first {@link dev.trialstream.core.strategy.Strategies#firstBatch} of them;
 *                    the aggregator releases the rest. It rebuilds an adaptive strategy with it,
 *                    so both sides plan the same trials. (Submitters before fair sharing wrote
 *                    every trial of grid and random here and as the parallelism: read the same way,
 *                    nothing is left to release.)
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
