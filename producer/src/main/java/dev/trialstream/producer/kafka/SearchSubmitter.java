package dev.trialstream.producer.kafka;

import dev.trialstream.core.data.DataFile;
import dev.trialstream.core.data.DatasetSource;
import dev.trialstream.core.message.DatasetRef;
import dev.trialstream.core.message.FileRef;
import dev.trialstream.core.message.MessageCodec;
import dev.trialstream.core.message.SearchSubmitted;
import dev.trialstream.core.message.TrialRequested;
import dev.trialstream.core.spec.SearchSpec;
import dev.trialstream.core.strategy.Strategies;
import dev.trialstream.core.strategy.Strategy;
import dev.trialstream.core.strategy.TrialPlan;
import dev.trialstream.core.training.CvPlan;
import dev.trialstream.kafka.BlobStore;
import dev.trialstream.kafka.ClientConfigs;
import dev.trialstream.kafka.KafkaConnection;
import dev.trialstream.kafka.KafkaErrors;
import dev.trialstream.kafka.Topics;
import dev.trialstream.kafka.TrialPartitions;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;

/**
 * Publishes a validated search: uploads its data once (content-addressed), then writes
 * SearchSubmitted and its first batch of trials, spread over the trials partitions ({@link TrialPartitions}),
 * in one transaction: a submit that dies or is refused half-way leaves nothing of the search for
 * read_committed readers (workers, the aggregator), never a search whose trials are missing and
 * whose budget can then never be reached. Everything is checked before this is called; this class
 * only publishes.
 *
 * <p>One submitter can publish many searches (a service, a notebook, the load bench): files whose
 * chunks it has already committed to {@code datasets} (a compacted topic, so they stay) are not
 * sent again, and a search on the same data costs one transaction instead of two.
 */
public final class SearchSubmitter {

    /** Transactional ids of submits start with the topic prefix and this, e.g. {@code trialstream.submit-}. */
    public static final String TRANSACTIONAL_ID_PREFIX = "submit-";

    private final Producer<String, byte[]> producer;
    private final Topics topics;
    private final MessageCodec codec;
    private final BlobStore blobs;
    private final Clock clock;
    private final Supplier<String> searchIds;
    /** SHA-256 of the files whose chunks this submitter's transactions committed. */
    private final Set<String> committedFiles = new HashSet<>();

    /**
     * @param producer a transactional producer whose transactions are initialized (see
     *                 {@link #transactionalProducer}); the caller closes it
     */
    public SearchSubmitter(Producer<String, byte[]> producer, Topics topics, MessageCodec codec, Clock clock,
                           Supplier<String> searchIds) {
        this.producer = producer;
        this.topics = topics;
        this.codec = codec;
        this.blobs = new BlobStore(codec);
        this.clock = clock;
        this.searchIds = searchIds;
    }

    /**
     * A producer for {@link SearchSubmitter}, transactions initialized. Each submit has a
     * transactional id of its own ({@code PREFIX submit-RANDOM}), so concurrent submits never fence
     * each other.
     *
     * @throws SubmitException when the broker refuses the credentials or the transactional id
     */
    public static KafkaProducer<String, byte[]> transactionalProducer(KafkaConnection kafka, Topics topics) {
        String transactionalId = topics.prefix() + TRANSACTIONAL_ID_PREFIX
                + Long.toHexString(new java.security.SecureRandom().nextLong() & 0xffffffffffL);
        KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
                ClientConfigs.transactionalProducer(kafka, "trialstream-submit", transactionalId));
        try {
            producer.initTransactions();
        } catch (KafkaException e) {
            producer.close(Duration.ZERO);
            throw new SubmitException(KafkaErrors.securityCause(e)
                    .map(cause -> KafkaErrors.describe(cause, kafka.bootstrap(), "write"))
                    .orElse("Kafka at " + kafka.bootstrap() + " could not start a transaction: " + e.getMessage()), e);
        }
        return producer;
    }

    /** Random ids like {@code s-7f3a9c01}: short enough to type into {@code leaderboard}. */
    public static Supplier<String> randomIds() {
        java.security.SecureRandom random = new java.security.SecureRandom();
        return () -> String.format(Locale.ROOT, "s-%08x", random.nextInt());
    }

    /** Submits with the spec's parallelism, or {@link Strategies#DEFAULT_PARALLELISM} when it has none. */
    public SubmittedSearch submit(SearchSpec spec, Strategy strategy, DatasetSource data) {
        return submit(spec, strategy, Strategies.DEFAULT_PARALLELISM, data);
    }

    /**
     * Publishes the search and its first batch: the first {@code parallelism} trials (an adaptive
     * strategy's own first batch). The aggregator releases the rest as trials end and the fleet
     * has room, so a large search never fills {@code trials} ahead of everyone else's.
     *
     * @param defaultParallelism the search's parallelism when the spec has none; for an adaptive
     *                           strategy, the one it was created with
     */
    public SubmittedSearch submit(SearchSpec spec, Strategy strategy, int defaultParallelism, DatasetSource data) {
        return publish(spec, strategy, defaultParallelism, upload(data));
    }

    /**
     * The first step of {@link #submit}: makes sure the data is in {@code datasets}, in a
     * transaction of its own, and returns its reference. Its chunks are content-addressed, so a
     * submit that fails later and is repeated writes the same records again, which compaction
     * folds away; files this submitter has already committed are not sent again (no transaction
     * at all when none is new).
     */
    public DatasetRef upload(DatasetSource data) {
        FileRef train = blobs.ref(data.train().bytes(), data.train().name());
        FileRef test = data.test() == null ? null : blobs.ref(data.test().bytes(), data.test().name());
        // The files not yet committed by this submitter, by hash (a test file equal to the train file once).
        Map<String, DataFile> missing = new LinkedHashMap<>();
        missing.put(train.sha256(), data.train());
        if (test != null) {
            missing.putIfAbsent(test.sha256(), data.test());
        }
        missing.keySet().removeAll(committedFiles);
        if (!missing.isEmpty()) {
            inTransaction("the data", () -> {
                missing.forEach((sha256, file) -> blobs.upload(producer, topics.datasets(), file.bytes(),
                        sha256.equals(train.sha256()) ? train : test));
                return null;
            });
            committedFiles.addAll(missing.keySet());
        }
        return new DatasetRef(data.layout(), train, test);
    }

    /**
     * The second step of {@link #submit}: publishes the search on data already uploaded
     * ({@link #upload}) and its first batch, in one transaction.
     */
    public SubmittedSearch publish(SearchSpec spec, Strategy strategy, int defaultParallelism, DatasetRef dataset) {
        String searchId = searchIds.get();
        long now = clock.millis();
        // The parallelism is settled here: the aggregator rebuilds the strategy with it (so plans
        // the same trials), counts the first batch from it, and keeps no more in flight.
        int parallelism = strategy.adaptive() ? strategy.initialTrials().size()
                : spec.parallelism().orElse(defaultParallelism);
        List<TrialPlan> firstBatch = strategy.initialTrials().subList(0, Strategies.firstBatch(strategy, parallelism));
        SearchSubmitted search = new SearchSubmitted(searchId, spec, dataset, strategy.budget(), parallelism, now);
        List<TrialRequested> trials = new ArrayList<>();
        inTransaction("search " + searchId, () -> {
            producer.send(new ProducerRecord<>(topics.searches(), searchId, codec.encode(search)));
            int partitions = producer.partitionsFor(topics.trials()).size();
            for (TrialPlan plan : firstBatch) {
                TrialRequested trial = trial(search, plan, now);
                trials.add(trial);
                producer.send(new ProducerRecord<>(topics.trials(), TrialPartitions.of(searchId, plan.index(), partitions),
                        trial.trialId(), codec.encode(trial)));
            }
            return null;
        });
        return new SubmittedSearch(search, trials);
    }

    /**
     * Runs the sends in one transaction and commits it; on a failure aborts it, so none of its
     * records ever reaches a read_committed reader, and says what the broker refused.
     */
    private <T> T inTransaction(String what, Supplier<T> sends) {
        producer.beginTransaction();
        try {
            T result = sends.get();
            producer.commitTransaction();
            return result;
        } catch (KafkaException e) {
            try {
                producer.abortTransaction();
            } catch (KafkaException abortFailed) {
                // Fatal errors (fenced, unauthorized id) cannot abort; the coordinator times the
                // transaction out instead, and read_committed readers never see it either way.
                e.addSuppressed(abortFailed);
            }
            String reason = KafkaErrors.securityCause(e).map(cause -> KafkaErrors.describe(cause, "write"))
                    .orElse(e.getClass().getSimpleName() + ": " + e.getMessage());
            throw new SubmitException(what + " was not submitted, nothing of it was written: " + reason, e);
        }
    }

    private TrialRequested trial(SearchSubmitted search, TrialPlan plan, long now) {
        return TrialRequested.of(search.searchId(), plan.index(), plan.params(), plan.seed(),
                CvPlan.of(search.spec()), search.dataset(), now);
    }
}
