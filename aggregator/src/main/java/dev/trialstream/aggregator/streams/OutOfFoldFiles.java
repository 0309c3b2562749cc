package dev.trialstream.aggregator.streams;

import dev.trialstream.core.ensemble.OutOfFold;
import dev.trialstream.core.message.FileRef;

/**
 * Reads out-of-fold predictions that a worker sent through the blob store because they were too
 * large for their {@code TrialCompleted} ({@code outOfFoldFile}).
 */
@FunctionalInterface
interface OutOfFoldFiles {

    /** Without a blob store: every reference fails, and its trial completes without predictions. */
    OutOfFoldFiles NONE = file -> {
        throw new IllegalStateException("no blob store to read " + file.displayName() + " from");
    };

    /**
     * @throws RuntimeException when the file cannot be read or is not out-of-fold predictions
     */
    OutOfFold fetch(FileRef file);
}
