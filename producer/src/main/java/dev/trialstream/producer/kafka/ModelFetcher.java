package dev.trialstream.producer.kafka;

import dev.trialstream.core.bundle.ModelBundle;
import dev.trialstream.core.message.MessageCodec;
import dev.trialstream.core.message.ModelPublished;
import dev.trialstream.kafka.BlobStore;
import dev.trialstream.kafka.KeyedReader;
import dev.trialstream.kafka.Topics;
import java.time.Duration;
import java.util.Optional;
import org.apache.kafka.clients.consumer.Consumer;

/** Fetches a search's winning model bundle from the {@code models} topic. */
public final class ModelFetcher {

    private final Consumer<String, byte[]> consumer;
    private final Topics topics;
    private final MessageCodec codec;
    private final Duration timeout;

    public ModelFetcher(Consumer<String, byte[]> consumer, Topics topics, MessageCodec codec, Duration timeout) {
        this.consumer = consumer;
        this.topics = topics;
        this.codec = codec;
        this.timeout = timeout;
    }

    public Optional<ModelPublished> published(String searchId) {
        return new KeyedReader(consumer, codec, timeout).latest(topics.models(), searchId, ModelPublished.class);
    }

    /** The bundle's bytes, checked against the published hash. */
    public byte[] bundleBytes(ModelPublished published) {
        return new BlobStore(codec).fetch(consumer, topics.models(), published.bundle(), timeout);
    }

    public Optional<ModelBundle> bundle(String searchId) {
        return published(searchId).map(p -> ModelBundle.fromBytes(p.bundle().displayName(), bundleBytes(p)));
    }
}
