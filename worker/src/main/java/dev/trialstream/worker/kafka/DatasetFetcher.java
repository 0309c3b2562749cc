package dev.trialstream.worker.kafka;

import dev.trialstream.core.message.FileRef;
import dev.trialstream.kafka.BlobStore;
import dev.trialstream.kafka.ClientConfigs;
import dev.trialstream.kafka.KafkaConnection;
import dev.trialstream.worker.trial.DatasetUnreachableException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.RetriableException;

/**
 * Reads a dataset's files from the {@code datasets} topic for the {@link
 * dev.trialstream.worker.trial.DatasetCache}, with a consumer of its own per fetch, closed again
 * (a worker fetches a dataset rarely). Sorts Kafka's errors as the slots do: a retriable one (the
 * broker did not answer in time, a connection or a leader lost) becomes {@link
 * DatasetUnreachableException}, which the cache waits out; anything else (a file not in the topic,
 * a hash mismatch) fails the trial.
 */
final class DatasetFetcher implements Function<List<FileRef>, List<byte[]>> {

    private final KafkaConnection kafka;
    private final String topic;
    private final String clientId;
    private final Duration timeout;
    private final BlobStore blobs;

    DatasetFetcher(KafkaConnection kafka, String topic, String clientId, Duration timeout, BlobStore blobs) {
        this.kafka = kafka;
        this.topic = topic;
        this.clientId = clientId;
        this.timeout = timeout;
        this.blobs = blobs;
    }

    @Override
    public List<byte[]> apply(List<FileRef> files) {
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(ClientConfigs.consumer(kafka, clientId, null))) {
            List<byte[]> bytes = new ArrayList<>();
            for (FileRef file : files) {
                bytes.add(blobs.fetch(consumer, topic, file, timeout));
            }
            return bytes;
        } catch (RetriableException e) {
            throw new DatasetUnreachableException("cannot read " + files.get(0).displayName() + " from " + topic
                    + " now: " + e.getMessage(), e);
        }
    }
}
