package dev.trialstream.launcher.faults;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Every {@link BenchEvent} of one bench run's events topic as committed ({@code read_committed}), read in the background. */
final class BenchEventLog implements AutoCloseable {

    private final KafkaConsumer<String, String> consumer;
    private final List<BenchEvent> seen = new ArrayList<>();
    private final Thread thread;
    private volatile boolean running = true;

    BenchEventLog(String bootstrap, String topic) {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "bench-share-events");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        // Classic terminal events count only once their transaction committed.
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        this.consumer = new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer());
        TopicPartition partition = new TopicPartition(topic, 0);
        consumer.assign(List.of(partition));
        consumer.seekToBeginning(List.of(partition));
        this.thread = new Thread(this::read, "bench-share-events");
        thread.setDaemon(true);
        thread.start();
    }

    private void read() {
        try {
            while (running) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(100))) {
                    BenchEvent event = BenchEvent.decode(record.value());
                    synchronized (seen) {
                        seen.add(event);
                    }
                }
            }
        } catch (WakeupException e) {
            // closing
        } finally {
            consumer.close(Duration.ofSeconds(2));
        }
    }

    List<BenchEvent> events() {
        synchronized (seen) {
            return List.copyOf(seen);
        }
    }

    List<BenchEvent> events(BenchEvent.Kind kind) {
        return events().stream().filter(e -> e.kind() == kind).toList();
    }

    /** The first event that matches, waiting up to {@code timeout}; empty if none came. */
    Optional<BenchEvent> await(Predicate<BenchEvent> wanted, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Optional<BenchEvent> found = events().stream().filter(wanted).findFirst();
            if (found.isPresent() || System.nanoTime() > deadline) {
                return found;
            }
            Thread.sleep(50);
        }
    }

    /** Waits until {@code done} holds for the events seen; false if it did not within {@code timeout}. */
    boolean awaitAll(Predicate<List<BenchEvent>> done, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!done.test(events())) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(100);
        }
        return true;
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        consumer.wakeup();
        thread.join(5_000);
    }
}
