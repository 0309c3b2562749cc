package dev.trialstream.worker.kafka;

import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.FencedInstanceIdException;
import org.apache.kafka.common.errors.IllegalGenerationException;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.TransactionAbortableException;
import org.apache.kafka.common.errors.UnknownMemberIdException;
import org.apache.kafka.common.errors.UnsupportedVersionException;

/**
 * What a Kafka error means for a slot, as Kafka's own exactly-once example sorts them: wait it
 * out, let the partition go, stop the process, or treat the record as the problem.
 */
enum Failure {

    /** The broker is away or busy (timeouts, lost connections, coordinator moves): back off and try again. */
    RETRIABLE,
    /**
     * The group moved on while this slot worked (a rebalance, a new generation): rejoin, then
     * commit again if the partition is still this slot's, else let its new owner redo the work.
     */
    REBALANCED,
    /**
     * This process can no longer work: another instance took over its transactional or instance
     * id (it is the zombie), or it is not allowed in. Only a restart (by the orchestrator) helps.
     */
    FATAL,
    /** Anything else (a record too large, say): the record is the likely cause; retried, then dead-lettered. */
    POISON;

    static Failure of(Throwable error) {
        for (Throwable e = error; e != null; e = e.getCause() == e ? null : e.getCause()) {
            if (e instanceof ProducerFencedException || e instanceof FencedInstanceIdException
                    || e instanceof AuthenticationException || e instanceof AuthorizationException
                    || e instanceof UnsupportedVersionException) {
                return FATAL;
            }
            if (e instanceof CommitFailedException || e instanceof IllegalGenerationException
                    || e instanceof UnknownMemberIdException) {
                return REBALANCED;
            }
            // A transaction the coordinator aborted (timed out while the broker was away) is
            // retried as a whole, like a timeout; a rebalance under way ends one way or the other
            // (if the partition goes, the slot sees it revoked and lets the work go).
            if (e instanceof RetriableException || e instanceof TransactionAbortableException
                    || e instanceof InvalidProducerEpochException || e instanceof RebalanceInProgressException) {
                return RETRIABLE;
            }
        }
        return POISON;
    }
}
