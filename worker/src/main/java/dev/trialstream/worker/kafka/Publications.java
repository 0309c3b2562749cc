package dev.trialstream.worker.kafka;

import dev.trialstream.core.message.BlobChunker;
import dev.trialstream.core.message.EventMessage;
import dev.trialstream.core.message.FileRef;
import dev.trialstream.core.message.FinalFitCompleted;
import dev.trialstream.core.message.FinalFitFailed;
import dev.trialstream.core.message.FinalFitRequested;
import dev.trialstream.core.message.Message;
import dev.trialstream.core.message.MessageCodec;
import dev.trialstream.core.message.ModelPublished;
import dev.trialstream.core.message.TrialCompleted;
import dev.trialstream.core.message.TrialFailed;
import dev.trialstream.core.message.TrialRequested;
import dev.trialstream.kafka.BlobStore;
import dev.trialstream.kafka.Topics;
import dev.trialstream.worker.trial.Outcome;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The records a slot's outcomes publish, built before the transaction that sends them opens, so
 * that only Kafka can fail inside it ({@link TrialSlot}). A final fit also uploads its bundle
 * (hashed once); out-of-fold predictions too large for their event go to the blob store.
 */
final class Publications {

    private static final Logger LOG = LoggerFactory.getLogger(Publications.class);

    /**
     * What one outcome's transaction sends: its records and, when it has one, a file for the blob
     * store in {@code models} (a model bundle, or out-of-fold predictions too large for their event).
     */
    record Publication(List<ProducerRecord<String, byte[]>> records, byte[] blob, FileRef blobFile) {

        static Publication of(ProducerRecord<String, byte[]> record) {
            return new Publication(List.of(record), null, null);
        }

        /** Sends it with {@code producer}, inside the caller's transaction: the blob's chunks first. */
        void sendWith(Producer<String, byte[]> producer, BlobStore blobs, String modelsTopic) {
            if (blob != null) {
                blobs.upload(producer, modelsTopic, blob, blobFile);
            }
            records.forEach(producer::send);
        }
    }

    private final String slot;
    private final String workerId;
    private final StartReceipts starts;
    private final Topics topics;
    private final MessageCodec codec;
    private final BlobChunker chunker;
    private final Clock clock;

    Publications(String slot, String workerId, StartReceipts starts, Topics topics, MessageCodec codec,
                 BlobChunker chunker, Clock clock) {
        this.slot = slot;
        this.workerId = workerId;
        this.starts = starts;
        this.topics = topics;
        this.codec = codec;
        this.chunker = chunker;
        this.clock = clock;
    }

    /** @param attempt the attempt id the slot gave the trial (its start carries it) */
    Publication of(Outcome outcome, String attempt) {
        if (outcome instanceof Outcome.Fitted fitted) {
            var request = fitted.request();
            var info = fitted.bundle().info();
            byte[] bytes = fitted.bundle().toBytes();
            FileRef file = chunker.ref(bytes, request.searchId() + ".zip");
            long now = clock.millis();
            return new Publication(List.of(
                    record(topics.models(), request.searchId(), new ModelPublished(request.searchId(),
                            request.trialId(), request.params(), request.epochs(), info.test(), file, now)),
                    record(topics.events(), request.searchId(), new FinalFitCompleted(request.searchId(),
                            request.trialId(), request.epochs(), info.test(), file, fitted.seconds(), workerId, now))),
                    bytes, file);
        }
        EventMessage terminal = ((Outcome.Ended) outcome).terminal();
        // A start the plain send did not deliver goes just before the end, in its transaction.
        List<ProducerRecord<String, byte[]>> records = new ArrayList<>();
        starts.unconfirmed(attempt).ifPresent(start -> {
            // Debug: a trial of a few milliseconds can end before its start's send is acknowledged.
            LOG.debug("{}: the start of {} is not confirmed delivered; sending it with its end", slot, start.trialId());
            records.add(record(topics.events(), start.searchId(), start));
        });
        if (terminal instanceof TrialCompleted completed && completed.outOfFold() != null
                && completed.outOfFold().tooLargeInline()) {
            // Too large for the event: the predictions go to the blob store in the same transaction,
            // so a read_committed reader that sees the event finds every chunk.
            byte[] bytes = completed.outOfFold().toBytes();
            FileRef file = chunker.ref(bytes, completed.trialId() + ".oof");
            records.add(record(topics.events(), terminal.searchId(), completed.withOutOfFoldFile(file)));
            return new Publication(List.copyOf(records), bytes, file);
        }
        records.add(record(topics.events(), terminal.searchId(), terminal));
        return new Publication(List.copyOf(records), null, null);
    }

    /**
     * The end a trial or final-fit request given up on (dead-lettered: it crashed its training
     * thread again and again, or could not be read) is published with, so that its search does not
     * wait for it for good: {@link TrialFailed} or {@link FinalFitFailed} on {@code events}, with
     * {@code reason}. Empty for a record that does not say which request of which search it is.
     */
    Optional<ProducerRecord<String, byte[]>> failureOf(byte[] value, String reason) {
        Optional<MessageCodec.Identity> identity = codec.identify(value)
                .filter(id -> id.searchId() != null && id.trialId() != null);
        if (identity.isEmpty()) {
            return Optional.empty();
        }
        MessageCodec.Identity id = identity.get();
        Class<? extends Message> type = codec.types().get(id.type());
        long now = clock.millis();
        if (type == TrialRequested.class) {
            return Optional.of(record(topics.events(), id.searchId(),
                    new TrialFailed(id.searchId(), id.trialId(), 0, reason, workerId, now)));
        }
        if (type == FinalFitRequested.class) {
            return Optional.of(record(topics.events(), id.searchId(),
                    new FinalFitFailed(id.searchId(), id.trialId(), reason, workerId, now)));
        }
        return Optional.empty();
    }

    ProducerRecord<String, byte[]> record(String topic, String key, Message message) {
        return new ProducerRecord<>(topic, key, codec.encode(message));
    }
}
