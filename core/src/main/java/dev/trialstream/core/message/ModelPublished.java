package dev.trialstream.core.message;

import dev.trialstream.core.metrics.RegressionMetrics;
import dev.trialstream.core.params.Hyperparameters;

/**
 * A search's final model. The bundle (DL4J model zip + preprocessing state) is sent first as
 * {@link BlobChunk}s on the same topic, in the same transaction; this record points at it. The
 * winner's CV scores are on the search's leaderboard, which the aggregator keeps.
 *
 * @param trialId the winning trial
 * @param epochs  epochs the final model trained
 * @param test    test-split scores of the final model
 * @param bundle  the chunks to read back (keys {@code bundle.chunkKey(i)})
 */
public record ModelPublished(String searchId, String trialId, Hyperparameters params, int epochs,
                             RegressionMetrics test, FileRef bundle, long publishedAt)
        implements ModelMessage {

    public ModelPublished {
        Checks.id(searchId, "searchId");
        Checks.id(trialId, "trialId");
        Checks.present(params, "params");
        Checks.positive(epochs, "epochs");
        Checks.present(test, "test");
        Checks.present(bundle, "bundle");
        Checks.atLeast(publishedAt, 0, "publishedAt");
    }

    @Override
    public String key() {
        return searchId;
    }
}
