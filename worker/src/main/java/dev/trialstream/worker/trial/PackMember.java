package dev.trialstream.worker.trial;

import dev.trialstream.core.message.TrialMessage;

/**
 * One trial message of a slot's take, with what is its own in a pack: the attempt id its progress
 * events carry and the signal that gives it (alone) up.
 *
 * @param abandon raised from the poll thread (its partition revoked, the worker stopping): this
 *                member stops at its next epoch boundary, the other members go on
 */
public record PackMember(TrialMessage message, String attempt, AbandonSignal abandon) {

    public PackMember {
        if (message == null || attempt == null || abandon == null) {
            throw new IllegalArgumentException("a pack member needs its message, attempt id and abandon signal");
        }
    }
}
