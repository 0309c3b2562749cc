package dev.trialstream.launcher.bench;

import dev.trialstream.core.data.DatasetSource;
import dev.trialstream.core.message.DatasetRef;
import dev.trialstream.core.message.MessageCodec;
import dev.trialstream.core.spec.SearchSpec;
import dev.trialstream.core.strategy.Strategies;
import dev.trialstream.core.strategy.Strategy;
import dev.trialstream.kafka.KafkaConnection;
import dev.trialstream.kafka.Topics;
import dev.trialstream.producer.kafka.SearchSubmitter;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;

/**
 * The load bench's submits, timed phase by phase: starting a transactional producer (its
 * {@code initTransactions}), planning the search, uploading the data, the search-and-first-batch
 * transaction, closing the producer. Either one submitter for the whole run (a long-lived client:
 * its producer is started once, before the first submit, and files it has committed are not sent
 * again), or a producer of its own per submit (what a one-off {@code trialstream submit} process
 * does, JVM start aside).
 */
final class TimedSubmits implements AutoCloseable {

    private final KafkaConnection kafka;
    private final Topics topics;
    private final MessageCodec codec = new MessageCodec();
    private final long sharedStartMillis;
    private KafkaProducer<String, byte[]> shared;
    private SearchSubmitter sharedSubmitter;
    private String nextId;

    private TimedSubmits(KafkaConnection kafka, Topics topics, boolean producerPerSubmit) {
        this.kafka = kafka;
        this.topics = topics;
        long start = System.nanoTime();
        if (!producerPerSubmit) {
            shared = SearchSubmitter.transactionalProducer(kafka, topics);
            sharedSubmitter = submitter(shared);
        }
        sharedStartMillis = producerPerSubmit ? 0 : millisSince(start);
    }

    static TimedSubmits sharedProducer(KafkaConnection kafka, Topics topics) {
        return new TimedSubmits(kafka, topics, false);
    }

    static TimedSubmits producerPerSubmit(KafkaConnection kafka, Topics topics) {
        return new TimedSubmits(kafka, topics, true);
    }

    /** How long the shared producer took to start (0 with a producer per submit). */
    long sharedProducerStartMillis() {
        return sharedStartMillis;
    }

    /** Submits the search as {@code id}; returns each phase's milliseconds, in order, and their total. */
    Map<String, Long> submit(String id, SearchSpec spec, DatasetSource source) {
        Map<String, Long> phases = new LinkedHashMap<>();
        long start = System.nanoTime();
        long mark = start;
        KafkaProducer<String, byte[]> own = null;
        try {
            SearchSubmitter submitter = sharedSubmitter;
            if (submitter == null) {
                own = SearchSubmitter.transactionalProducer(kafka, topics);
                submitter = submitter(own);
            }
            phases.put("producer_start", millisSince(mark));
            mark = System.nanoTime();
            Strategy strategy = Strategies.create(spec);
            phases.put("plan", millisSince(mark));
            mark = System.nanoTime();
            DatasetRef data = submitter.upload(source);
            phases.put("data_upload", millisSince(mark));
            mark = System.nanoTime();
            nextId = id;
            submitter.publish(spec, strategy, Strategies.DEFAULT_PARALLELISM, data);
            phases.put("search_and_first_batch", millisSince(mark));
            mark = System.nanoTime();
        } finally {
            if (own != null) {
                own.close();
            }
        }
        phases.put("producer_close", millisSince(mark));
        phases.put("total", millisSince(start));
        return phases;
    }

    private SearchSubmitter submitter(KafkaProducer<String, byte[]> producer) {
        return new SearchSubmitter(producer, topics, codec, Clock.systemUTC(), () -> nextId);
    }

    private static long millisSince(long nanos) {
        return (System.nanoTime() - nanos) / 1_000_000;
    }

    @Override
    public void close() {
        if (shared != null) {
            shared.close();
        }
    }
}
