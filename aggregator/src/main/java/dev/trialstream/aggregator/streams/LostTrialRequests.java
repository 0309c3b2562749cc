package dev.trialstream.aggregator.streams;

import dev.trialstream.core.message.Message;
import dev.trialstream.core.message.MessageCodec;
import dev.trialstream.core.message.MessageDecodeException;
import dev.trialstream.core.message.TrialMessage;
import dev.trialstream.kafka.ClientConfigs;
import dev.trialstream.kafka.KafkaConnection;
import dev.trialstream.kafka.PartitionScan;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Sends again the requests an abort discarded. When a broker drops a transaction's markers (Kafka
 * 4.4, see {@code HangingTransactions}) and the hanging-transaction check aborts what this app left
 * open on a {@code trials} partition, the trials it released there, or the final fit it asked for,
 * are gone — no worker reads an aborted record — while its state, whose commit had succeeded,
 * counts them as queued, and the search waits for them for ever (a trial release, seen in CI on
 * 2026-12-07).
 *
 * <p>The partition is read from the aborted transaction's first offset both ways, read_uncommitted
 * and read_committed, up to its last stable offset: what only the first shows was discarded. A
 * discarded {@link TrialMessage} (a trial's or a final fit's request) is sent again, outside any
 * transaction, to the same partition, when its search is still running (or fitting) and the same
 * request has no committed copy in that range (one made again after an ordinary abort, when the app
 * processed its input again, or a final fit asked for again by {@code refit}).
 */
final class LostTrialRequests {

    private final KafkaConnection kafka;
    private final String clientId;
    private final MessageCodec codec;
    private final Duration timeout;

    LostTrialRequests(KafkaConnection kafka, String clientId, MessageCodec codec, Duration timeout) {
        this.kafka = kafka;
        this.clientId = clientId;
        this.codec = codec;
        this.timeout = timeout;
    }

    /**
     * Sends again the discarded requests of running searches found on {@code partition} from
     * {@code from} on; returns them.
     *
     * @param running whether the search of this id is still running (and so waits for its trials)
     */
    List<TrialMessage> resend(TopicPartition partition, long from, Predicate<String> running)
            throws InterruptedException, ExecutionException, TimeoutException {
        Slice committed = read(partition, from, "read_committed", Long.MAX_VALUE);
        Slice written = read(partition, from, "read_uncommitted", committed.end());
        Set<Asked> requestedAgain = new HashSet<>();
        committed.records().values().forEach(record -> request(record).ifPresent(r -> requestedAgain.add(Asked.of(r))));
        List<ConsumerRecord<String, byte[]>> discarded = new ArrayList<>();
        List<TrialMessage> lost = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> record : written.records().values()) {
            if (committed.records().containsKey(record.offset())) {
                continue;
            }
            request(record).filter(r -> !requestedAgain.contains(Asked.of(r)) && running.test(r.searchId()))
                    .ifPresent(r -> {
                        discarded.add(record);
                        lost.add(r);
                    });
        }
        if (!discarded.isEmpty()) {
            try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(ClientConfigs.producer(kafka, clientId))) {
                for (ConsumerRecord<String, byte[]> record : discarded) {
                    producer.send(new ProducerRecord<>(partition.topic(), partition.partition(), record.key(),
                            record.value(), record.headers())).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                }
            }
        }
        return lost;
    }

    /** One request: a trial's, or the final fit of the search whose winner is that trial. */
    private record Asked(Class<? extends TrialMessage> kind, String trialId) {
        static Asked of(TrialMessage message) {
            return new Asked(message.getClass(), message.trialId());
        }
    }

    /** Records of a partition by offset, read up to {@code end} (for read_committed: its last stable offset). */
    private record Slice(Map<Long, ConsumerRecord<String, byte[]>> records, long end) {
    }

    /** The records of the partition from {@code from} up to its end for that isolation (and below {@code until}). */
    private Slice read(TopicPartition partition, long from, String isolation, long until) {
        Map<String, Object> config = ClientConfigs.consumer(kafka, clientId, null);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation);
        Map<Long, ConsumerRecord<String, byte[]>> records = new LinkedHashMap<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            long end = new PartitionScan(consumer, timeout).scan(partition, from, until,
                    record -> records.put(record.offset(), record));
            return new Slice(records, end);
        }
    }

    private Optional<TrialMessage> request(ConsumerRecord<String, byte[]> record) {
        if (record.value() == null) {
            return Optional.empty();
        }
        try {
            Message message = codec.decode(record.value(), Message.class);
            return message instanceof TrialMessage request ? Optional.of(request) : Optional.empty();
        } catch (MessageDecodeException e) {
            return Optional.empty();
        }
    }
}
