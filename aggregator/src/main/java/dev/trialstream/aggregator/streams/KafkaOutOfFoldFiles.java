package dev.trialstream.aggregator.streams;

import dev.trialstream.core.ensemble.OutOfFold;
import dev.trialstream.core.message.FileRef;
import dev.trialstream.core.message.MessageCodec;
import dev.trialstream.kafka.BlobStore;
import dev.trialstream.kafka.ClientConfigs;
import dev.trialstream.kafka.KafkaConnection;
import java.time.Duration;
import org.apache.kafka.clients.consumer.KafkaConsumer;

/**
 * Out-of-fold predictions from the {@code models} topic's blob store, where the worker committed
 * them in the same transaction as their event: a consumer of its own per file (read_committed, no
 * group), closed again. Only trials whose training split exceeds the inline limit (24,576 rows) go
 * this way, once each.
 */
final class KafkaOutOfFoldFiles implements OutOfFoldFiles {

    private final KafkaConnection kafka;
    private final String topic;
    private final String clientId;
    private final BlobStore blobs;
    private final Duration timeout;

    KafkaOutOfFoldFiles(KafkaConnection kafka, String topic, String clientId, MessageCodec codec, Duration timeout) {
        this.kafka = kafka;
        this.topic = topic;
        this.clientId = clientId;
        this.blobs = new BlobStore(codec);
        this.timeout = timeout;
    }

    @Override
    public OutOfFold fetch(FileRef file) {
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(ClientConfigs.consumer(kafka, clientId, null))) {
            return OutOfFold.fromBytes(blobs.fetch(consumer, topic, file, timeout), file.displayName());
        }
    }
}
