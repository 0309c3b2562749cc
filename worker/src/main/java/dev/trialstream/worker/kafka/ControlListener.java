package dev.trialstream.worker.kafka;

import dev.trialstream.worker.trial.StopSignals;
import dev.trialstream.core.message.CancelSearch;
import dev.trialstream.core.message.ControlMessage;
import dev.trialstream.core.message.MessageCodec;
import dev.trialstream.core.message.MessageDecodeException;
import dev.trialstream.core.message.RungCutoffs;
import dev.trialstream.core.message.StopTrial;
import dev.trialstream.kafka.Topics;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads every partition of the control topic (no group: every worker must see every message)
 * from the beginning, so a cancel issued before this worker started still makes it skip the
 * search's queued trials; stop requests and rung cutoffs feed {@link StopSignals}, and a cancelled search's
 * per-search meters go.
 */
final class ControlListener implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(ControlListener.class);

    private final Consumer<String, byte[]> consumer;
    private final Topics topics;
    private final MessageCodec codec;
    private final StopSignals stops;
    private final java.util.function.Consumer<String> searchOver;
    private volatile boolean running = true;
    private volatile String failure;

    /** @param searchOver told each cancelled search's id (after {@code stops} knows it) */
    ControlListener(Consumer<String, byte[]> consumer, Topics topics, MessageCodec codec, StopSignals stops,
                    java.util.function.Consumer<String> searchOver) {
        this.consumer = consumer;
        this.topics = topics;
        this.codec = codec;
        this.stops = stops;
        this.searchOver = searchOver;
    }

    @Override
    public void run() {
        Backoff backoff = new Backoff(Duration.ofMillis(200), Duration.ofSeconds(5));
        boolean assigned = false;
        try {
            while (running) {
                try {
                    if (!assigned) {
                        assignEverything();
                        assigned = true;
                    }
                    for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                        apply(record);
                    }
                    backoff.reset();
                } catch (WakeupException e) {
                    return; // stop(): the only caller of wakeup()
                } catch (KafkaException e) {
                    if (Failure.of(e) == Failure.FATAL) {
                        throw e;
                    }
                    // The broker is away (at start, say): wait it out, stop requests resume after.
                    LOG.warn("control listener waiting for Kafka: {}", e.toString());
                    Thread.sleep(backoff.next().toMillis());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException | Error e) { // as a slot's: an Error must fail the liveness too
            failure = e.toString();
            LOG.error("control listener stopped: stop requests and cancels will not reach this worker", e);
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private void assignEverything() {
        List<TopicPartition> partitions = consumer.partitionsFor(topics.control()).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
    }

    /** Why the listener stopped for good, if it did. */
    java.util.Optional<String> failure() {
        return java.util.Optional.ofNullable(failure);
    }

    void stop() {
        running = false;
        consumer.wakeup();
    }

    private void apply(ConsumerRecord<String, byte[]> record) {
        ControlMessage message;
        try {
            message = codec.decode(record.value(), ControlMessage.class);
        } catch (MessageDecodeException e) {
            LOG.warn("ignoring undecodable control record {}-{}@{}: {}", record.topic(), record.partition(),
                    record.offset(), e.getMessage());
            return;
        }
        if (message instanceof StopTrial stop) {
            stops.stopTrial(stop.trialId(), stop.reason());
        } else if (message instanceof RungCutoffs cutoffs) {
            stops.cutoffs(cutoffs);
        } else if (message instanceof CancelSearch cancel) {
            stops.cancelSearch(cancel.searchId(), cancel.reason());
            searchOver.accept(cancel.searchId());
        }
    }
}
