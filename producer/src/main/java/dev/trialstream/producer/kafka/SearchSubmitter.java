package dev.trialstream.producer.kafka;

import dev.trialstream.core.data.DataFile;
import dev.trialstream.core.data.DatasetSource;
import dev.trialstream.core.message.DatasetRef;
import dev.trialstream.core.message.FileRef;
import dev.trialstream.core.message.MessageCodec;
import dev.trialstream.core.message.SearchSubmitted;
import dev.trialstream.core.message.TrialRequested;
import dev.trialstream.core.spec.SearchSpec;
import dev.trialstream.core.strategy.Strategy;
import dev.trialstream.core.strategy.TrialPlan;
import dev.trialstream.core.training.CvPlan;
import dev.trialstream.kafka.BlobStore;
import dev.trialstream.kafka.Topics;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Publishes a validated search: uploads its data once (content-addressed), writes
 * SearchSubmitted, then the trials its strategy asks for, spread evenly over the trials
 * partitions. Everything is checked before this is called; this class only publishes.
 */
public final class SearchSubmitter {

    private final Producer<String, byte[]> producer;
    private final Topics topics;
    private final MessageCodec codec;
    private final BlobStore blobs;
    private final Clock clock;
    private final Supplier<String> searchIds;

    public SearchSubmitter(Producer<String, byte[]> producer, Topics topics, MessageCodec codec, Clock clock,
                           Supplier<String> searchIds) {
        this.producer = producer;
        this.topics = topics;
        this.codec = codec;
        this.blobs = new BlobStore(codec);
        this.clock = clock;
        this.searchIds = searchIds;
    }

    /** Random ids like {@code s-7f3a9c01}: short enough to type into {@code leaderboard}. */
    public static Supplier<String> randomIds() {
        java.security.SecureRandom random = new java.security.SecureRandom();
        return () -> String.format(Locale.ROOT, "s-%08x", random.nextInt());
    }

    public SubmittedSearch submit(SearchSpec spec, Strategy strategy, DatasetSource data) {
        DatasetRef dataset = upload(data);
        String searchId = searchIds.get();
        long now = clock.millis();
        // The first batch's size is the strategy's parallelism, settled here: the aggregator
        // rebuilds the strategy with it and so plans the same trials.
        SearchSubmitted search = new SearchSubmitted(searchId, spec, dataset, strategy.budget(),
                strategy.initialTrials().size(), now);
        producer.send(new ProducerRecord<>(topics.searches(), searchId, codec.encode(search)));

        int partitions = producer.partitionsFor(topics.trials()).size();
        List<TrialRequested> trials = new ArrayList<>();
        for (TrialPlan plan : strategy.initialTrials()) {
            TrialRequested trial = trial(search, plan, now);
            trials.add(trial);
            producer.send(new ProducerRecord<>(topics.trials(), plan.index() % partitions, trial.trialId(),
                    codec.encode(trial)));
        }
        producer.flush();
        return new SubmittedSearch(search, trials);
    }

    private TrialRequested trial(SearchSubmitted search, TrialPlan plan, long now) {
        return TrialRequested.of(search.searchId(), plan.index(), plan.params(), plan.seed(),
                CvPlan.of(search.spec()), search.dataset(), now);
    }

    private DatasetRef upload(DatasetSource data) {
        return new DatasetRef(data.layout(), uploadFile(data.train()),
                data.test() == null ? null : uploadFile(data.test()));
    }

    private FileRef uploadFile(DataFile file) {
        return blobs.upload(producer, topics.datasets(), file.bytes(), file.name());
    }
}
