package dev.trialstream.launcher.faults;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.consumer.AcknowledgeType;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.KafkaShareConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * A child JVM of {@code bench-share}: one consumer of fake trials ({@code TRIAL SECONDS} records),
 * each "trained" by sleeping one second per epoch, in one of the two designs weighed for the
 * trials topic. It reports {@link BenchEvent}s on the events topic.
 *
 * <ul>
 *   <li>{@code classic}: the worker's design. A classic group with static membership, a 6 s
 *       session, partitions paused while a trial trains (the poll loop keeps running), and one
 *       transaction per trial that writes the terminal event and commits the offset (fenced by the
 *       group generation: a member that lost its partition cannot commit).</li>
 *   <li>{@code share}: a share group (KIP-932), explicit acknowledgement, one record per poll
 *       ({@code record_limit}); each epoch acknowledges {@code RENEW} to extend the record's lock;
 *       at the end the terminal event is sent (no transaction exists for share groups), then the
 *       record is accepted.</li>
 * </ul>
 *
 * <p>{@code java -cp JAR dev.trialstream.launcher.faults.BenchTrialConsumer classic|share BOOTSTRAP TRIALS EVENTS GROUP ID}
 */
public final class BenchTrialConsumer {

    static final Duration EPOCH = Duration.ofSeconds(1);
    /** The worker's session timeout (TrialWorker.SESSION_TIMEOUT), for both designs. */
    static final Duration SESSION_TIMEOUT = Duration.ofSeconds(6);

    private final String bootstrap;
    private final String trials;
    private final String group;
    private final String id;
    private final KafkaProducer<String, String> events;
    private final String eventsTopic;

    private BenchTrialConsumer(String bootstrap, String trials, String eventsTopic, String group, String id) {
        this.bootstrap = bootstrap;
        this.trials = trials;
        this.eventsTopic = eventsTopic;
        this.group = group;
        this.id = id;
        Map<String, Object> producer = new HashMap<>();
        producer.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        producer.put(ProducerConfig.CLIENT_ID_CONFIG, id + "-events");
        producer.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        this.events = new KafkaProducer<>(producer, new StringSerializer(), new StringSerializer());
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 6) {
            System.err.println("usage: BenchTrialConsumer classic|share BOOTSTRAP TRIALS EVENTS GROUP ID");
            System.exit(2);
        }
        BenchTrialConsumer consumer = new BenchTrialConsumer(args[1], args[2], args[3], args[4], args[5]);
        switch (args[0].toLowerCase(Locale.ROOT)) {
            case "classic" -> consumer.classic();
            case "share" -> consumer.share();
            default -> throw new IllegalArgumentException("design must be classic or share, found '" + args[0] + "'");
        }
    }

    /** Sent and acknowledged before training starts, so a kill right after still leaves it. */
    private void report(BenchEvent.Kind kind, String trial, int delivery) throws InterruptedException {
        try {
            events.send(new ProducerRecord<>(eventsTopic, trial,
                    new BenchEvent(kind, trial, id, delivery, System.currentTimeMillis()).encode())).get();
        } catch (ExecutionException e) {
            throw new KafkaException("cannot report " + kind + " of " + trial, e.getCause());
        }
        log(kind + " " + trial + " (delivery " + delivery + ")");
    }

    private void log(String line) {
        System.out.println(System.currentTimeMillis() + " " + id + ": " + line);
    }

    private void classic() throws InterruptedException {
        Map<String, Object> c = new HashMap<>();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        c.put(ConsumerConfig.CLIENT_ID_CONFIG, id);
        c.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        c.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, id);
        c.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, (int) SESSION_TIMEOUT.toMillis());
        c.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, (int) SESSION_TIMEOUT.toMillis() / 4);
        c.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, List.of(CooperativeStickyAssignor.class));
        c.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1);
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        Map<String, Object> p = new HashMap<>();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.CLIENT_ID_CONFIG, id + "-tx");
        p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, group + "-" + id);
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(c, new StringDeserializer(), new StringDeserializer());
             KafkaProducer<String, String> tx = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
            tx.initTransactions();
            ClassicRebalance rebalance = new ClassicRebalance(consumer);
            consumer.subscribe(List.of(trials), rebalance);
            boolean ready = false;
            while (true) {
                var records = consumer.poll(Duration.ofMillis(100));
                if (!ready && !consumer.assignment().isEmpty()) {
                    report(BenchEvent.Kind.READY, "-", 0);
                    ready = true;
                }
                for (ConsumerRecord<String, String> record : records) {
                    TopicPartition partition = new TopicPartition(record.topic(), record.partition());
                    FakeTrial trial = FakeTrial.parse(record.value());
                    consumer.pause(consumer.assignment());
                    rebalance.busyWith(partition);
                    report(BenchEvent.Kind.START, trial.id(), 0);
                    for (int epoch = 0; epoch < trial.epochs() && !rebalance.lost(); epoch++) {
                        Thread.sleep(EPOCH.toMillis());
                        consumer.poll(Duration.ZERO); // rebalance callbacks; nothing returned while paused
                    }
                    if (rebalance.lost()) {
                        log("lost " + partition + ": " + trial.id() + " abandoned");
                    } else {
                        commit(tx, consumer, record, trial);
                    }
                    rebalance.busyWith(null);
                    consumer.resume(consumer.assignment());
                }
            }
        }
    }

    private void commit(KafkaProducer<String, String> tx, KafkaConsumer<String, String> consumer,
                        ConsumerRecord<String, String> record, FakeTrial trial) throws InterruptedException {
        TopicPartition partition = new TopicPartition(record.topic(), record.partition());
        try {
            tx.beginTransaction();
            tx.send(new ProducerRecord<>(eventsTopic, trial.id(),
                    new BenchEvent(BenchEvent.Kind.DONE, trial.id(), id, 0, System.currentTimeMillis()).encode()));
            tx.sendOffsetsToTransaction(Map.of(partition, new OffsetAndMetadata(record.offset() + 1)),
                    consumer.groupMetadata());
            tx.commitTransaction();
            log("DONE " + trial.id() + " committed");
        } catch (ProducerFencedException e) {
            throw e;
        } catch (KafkaException e) {
            log("commit of " + trial.id() + " refused, aborted: " + e);
            tx.abortTransaction();
            if (consumer.assignment().contains(partition)) {
                consumer.seek(partition, record.offset());
            }
        }
    }

    private void share() throws InterruptedException {
        Map<String, Object> c = new HashMap<>();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        c.put(ConsumerConfig.CLIENT_ID_CONFIG, id);
        c.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        c.put("share.acknowledgement.mode", "explicit");
        // One trial per poll: batch_optimized would acquire (lock) a whole batch of queued trials.
        c.put("share.acquire.mode", "record_limit");
        c.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1);
        try (KafkaShareConsumer<String, String> consumer = new KafkaShareConsumer<>(c, new StringDeserializer(),
                new StringDeserializer())) {
            consumer.subscribe(List.of(trials));
            boolean ready = false;
            while (true) {
                var records = consumer.poll(Duration.ofMillis(100));
                if (!ready) {
                    report(BenchEvent.Kind.READY, "-", 0);
                    ready = true;
                }
                for (ConsumerRecord<String, String> record : records) {
                    shareTrial(consumer, record);
                }
            }
        }
    }

    private void shareTrial(KafkaShareConsumer<String, String> consumer, ConsumerRecord<String, String> record)
            throws InterruptedException {
        FakeTrial trial = FakeTrial.parse(record.value());
        report(BenchEvent.Kind.START, trial.id(), record.deliveryCount().map(Short::intValue).orElse(0));
        ConsumerRecord<String, String> held = record;
        for (int epoch = 0; epoch < trial.epochs(); epoch++) {
            Thread.sleep(EPOCH.toMillis());
            // Extends the lock; the client hands a renewed record back on the next poll.
            consumer.acknowledge(held, AcknowledgeType.RENEW);
            Optional<KafkaException> refused = consumer.commitSync().values().stream().flatMap(Optional::stream)
                    .findFirst();
            if (refused.isPresent()) {
                // The lock lapsed (the record may already be with another consumer): as a classic
                // slot whose partition was revoked, drop the trial and report nothing.
                log("renew of " + trial.id() + " refused, abandoned: " + refused.get());
                return;
            }
            held = renewed(consumer, held);
        }
        events.send(new ProducerRecord<>(eventsTopic, trial.id(),
                new BenchEvent(BenchEvent.Kind.DONE, trial.id(), id, held.deliveryCount().map(Short::intValue).orElse(0),
                        System.currentTimeMillis()).encode()));
        events.flush();
        consumer.acknowledge(held, AcknowledgeType.ACCEPT);
        var results = consumer.commitSync();
        // Too late to take the terminal event back: the record will be redone, a duplicate for the aggregator to ignore.
        results.forEach((tp, error) -> error.ifPresent(e -> log("accept of " + trial.id() + " on " + tp
                + " refused after its terminal event was sent: " + e)));
        log("DONE " + trial.id() + " accepted");
    }

    /** The record a RENEW hands back through poll (the same offset), or the old one if poll returns nothing. */
    private ConsumerRecord<String, String> renewed(KafkaShareConsumer<String, String> consumer,
                                                   ConsumerRecord<String, String> held) {
        for (ConsumerRecord<String, String> again : consumer.poll(Duration.ofMillis(200))) {
            if (again.partition() == held.partition() && again.offset() == held.offset()) {
                return again;
            }
            log("unexpected record " + again.partition() + "@" + again.offset() + " while renewing; released");
            consumer.acknowledge(again, AcknowledgeType.RELEASE);
        }
        return held;
    }

    /** A fake trial: its id and how many one-second epochs it trains. */
    record FakeTrial(String id, int epochs) {
        static FakeTrial parse(String value) {
            String[] parts = value.split(" ");
            return new FakeTrial(parts[0], Integer.parseInt(parts[1]));
        }

        String encode() {
            return id + " " + epochs;
        }
    }

    /** Tells the training loop when its partition is gone (the trial must then not be committed). */
    private static final class ClassicRebalance implements ConsumerRebalanceListener {
        private final KafkaConsumer<String, String> consumer;
        private TopicPartition busy;
        private boolean lost;

        ClassicRebalance(KafkaConsumer<String, String> consumer) {
            this.consumer = consumer;
        }

        void busyWith(TopicPartition partition) {
            busy = partition;
            lost = false;
        }

        boolean lost() {
            return lost;
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            if (busy != null && partitions.contains(busy)) {
                lost = true;
            }
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            onPartitionsRevoked(partitions);
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            if (busy != null) {
                consumer.pause(partitions);
            }
        }
    }
}
