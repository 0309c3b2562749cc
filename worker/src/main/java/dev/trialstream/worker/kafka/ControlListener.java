package dev.trialstream.worker.kafka;

import dev.trialstream.worker.trial.StopSignals;
import dev.trialstream.core.message.CancelSearch;
import dev.trialstream.core.message.ControlMessage;
import dev.trialstream.core.message.MessageCodec;
import dev.trialstream.core.message.MessageDecodeException;
import dev.trialstream.core.message.StopTrial;
import dev.trialstream.kafka.Topics;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads every partition of the control topic (no group: every worker must see every message)
 * from the beginning, so a cancel issued before this worker started still makes it skip the
 * search's queued trials; stop requests feed {@link StopSignals}.
 */
final class ControlListener implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(ControlListener.class);

    private final Consumer<String, byte[]> consumer;
    private final Topics topics;
    private final MessageCodec codec;
    private final StopSignals stops;
    private volatile boolean running = true;

    ControlListener(Consumer<String, byte[]> consumer, Topics topics, MessageCodec codec, StopSignals stops) {
        this.consumer = consumer;
        this.topics = topics;
        this.codec = codec;
        this.stops = stops;
    }

    @Override
    public void run() {
        try {
            List<TopicPartition> partitions = consumer.partitionsFor(topics.control()).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            while (running) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    apply(record);
                }
            }
        } catch (WakeupException e) {
            // stop(): the only caller of wakeup()
        } catch (RuntimeException e) {
            LOG.error("control listener stopped: stop requests and cancels will not reach this worker", e);
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
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
        } else if (message instanceof CancelSearch cancel) {
            stops.cancelSearch(cancel.searchId(), cancel.reason());
        }
    }
}
