package dev.trialstream.launcher.faults;

import dev.trialstream.core.message.Message;
import dev.trialstream.core.message.MessageCodec;
import dev.trialstream.kafka.ClientConfigs;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;

/**
 * Every record of the events topic as committed ({@code read_committed}), with the wall time it
 * arrived here: what the recovery times are measured against. Keeps reading across broker outages.
 */
final class EventLog implements AutoCloseable {

    /** One event: when this reader got it, when its producer created it, and what it says. */
    record Seen(long arrivedMillis, long createdMillis, Message message) {
    }

    private final KafkaConsumer<String, byte[]> consumer;
    private final String topic;
    private final MessageCodec codec = new MessageCodec();
    private final List<Seen> seen = new ArrayList<>();
    private final Thread thread;
    private volatile boolean running = true;

    EventLog(String bootstrap, String topic) {
        this.consumer = new KafkaConsumer<>(ClientConfigs.consumer(bootstrap, "fault-suite-events", null));
        this.topic = topic;
        this.thread = new Thread(this::read, "fault-suite-events");
        thread.setDaemon(true);
        thread.start();
    }

    private void read() {
        boolean assigned = false;
        try {
            while (running) {
                try {
                    if (!assigned) {
                        List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                                .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
                        consumer.assign(partitions);
                        consumer.seekToBeginning(partitions);
                        assigned = true;
                    }
                    for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                        long now = System.currentTimeMillis();
                        try {
                            Message message = codec.decode(record.value(), Message.class);
                            synchronized (seen) {
                                seen.add(new Seen(now, record.timestamp(), message));
                            }
                        } catch (RuntimeException e) {
                            // not an event of ours: nothing to measure
                        }
                    }
                } catch (WakeupException e) {
                    return;
                } catch (KafkaException e) {
                    sleep(); // the broker is away: the suite is measuring exactly that
                }
            }
        } finally {
            consumer.close(Duration.ofSeconds(2));
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(500);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    List<Seen> all() {
        synchronized (seen) {
            return List.copyOf(seen);
        }
    }

    Optional<Seen> first(Predicate<Seen> test) {
        synchronized (seen) {
            return seen.stream().filter(test).findFirst();
        }
    }

    /** The first event that passes {@code test}, waiting up to {@code timeout} for it to arrive. */
    Seen await(String what, Predicate<Seen> test, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Optional<Seen> found = first(test);
            if (found.isPresent()) {
                return found.get();
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("no event within " + timeout.toSeconds() + " s: " + what);
            }
            Thread.sleep(50);
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        consumer.wakeup();
        thread.join(5_000);
    }
}
