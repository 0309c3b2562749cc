package dev.trialstream.worker.trial;

import dev.trialstream.core.bundle.ModelBundle;
import dev.trialstream.core.message.EventMessage;
import dev.trialstream.core.message.FinalFitRequested;

/** What a slot publishes, in one transaction with the offset, once a trial message is handled. */
public sealed interface Outcome {

    /** A trial ended (completed, pruned or failed): its terminal event. */
    record Ended(EventMessage terminal) implements Outcome {
    }

    /** A final fit produced a bundle: upload it, then ModelPublished and FinalFitCompleted. */
    record Fitted(FinalFitRequested request, ModelBundle bundle, double seconds) implements Outcome {
    }

    /**
     * The work was given up (partition revoked, worker shutting down): nothing is published and
     * the offset is not committed, so the trial is delivered again. {@code crash}: the training
     * thread died (an Error), which, unlike a revocation, would happen again on redelivery.
     */
    record Abandoned(String reason, boolean crash) implements Outcome {

        public Abandoned(String reason) {
            this(reason, false);
        }
    }
}
