package dev.trialstream.launcher.faults;

import dev.trialstream.core.message.Message;
import dev.trialstream.core.message.MessageCodec;
import dev.trialstream.kafka.ClientConfigs;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;

/**
 * Every record of one events topic as committed ({@code read_committed}), from its beginning, read
 * in the background and kept as the {@code decoder} makes it: what the fault suite and the share
 * bench measure against. A record the decoder throws on is not an event of ours and is passed over.
 * Keeps reading across broker outages.
 *
 * @param <T> an event as the caller wants it
 */
final class EventLog<T> implements AutoCloseable {

    /** A trialstream event of the fault suite: when this reader got it, when its producer created it, and what it says. */
    record Seen(long arrivedMillis, long createdMillis, Message message) {

        private static final MessageCodec CODEC = new MessageCodec();

        static Seen fromRecord(ConsumerRecord<String, byte[]> record) {
            return new Seen(System.currentTimeMillis(), record.timestamp(), CODEC.decode(record.value(), Message.class));
        }
    }

    private final KafkaConsumer<String, byte[]> consumer;
    private final String topic;
    private final Function<ConsumerRecord<String, byte[]>, T> decoder;
    private final List<T> seen = new ArrayList<>();
    private final Thread thread;
    private volatile boolean running = true;

    /** Starts reading {@code topic}; {@code name} is the consumer's client id and the thread's name. */
    EventLog(String bootstrap, String topic, String name, Function<ConsumerRecord<String, byte[]>, T> decoder) {
        this.consumer = new KafkaConsumer<>(ClientConfigs.consumer(bootstrap, name, null));
        this.topic = topic;
        this.decoder = decoder;
        this.thread = new Thread(this::read, name);
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
                        if (partitions.isEmpty()) { // a topic just created may not be known to the broker yet
                            sleep();
                            continue;
                        }
                        consumer.assign(partitions);
                        consumer.seekToBeginning(partitions);
                        assigned = true;
                    }
                    for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                        try {
                            T event = decoder.apply(record);
                            synchronized (seen) {
                                seen.add(event);
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

    /** Every event so far, in the order read. */
    List<T> all() {
        synchronized (seen) {
            return List.copyOf(seen);
        }
    }

    Optional<T> first(Predicate<T> test) {
        synchronized (seen) {
            return seen.stream().filter(test).findFirst();
        }
    }

    /** The first event that passes {@code test}, waiting up to {@code timeout} for it; empty if none came. */
    Optional<T> awaitFirst(Predicate<T> test, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Optional<T> found = first(test);
            if (found.isPresent() || System.nanoTime() > deadline) {
                return found;
            }
            Thread.sleep(50);
        }
    }

    /** {@link #awaitFirst}, failing with {@code what} when no such event came within {@code timeout}. */
    T await(String what, Predicate<T> test, Duration timeout) throws InterruptedException {
        return awaitFirst(test, timeout).orElseThrow(
                () -> new IllegalStateException("no event within " + timeout.toSeconds() + " s: " + what));
    }

    /** Waits until {@code done} holds for all the events so far; false if it did not within {@code timeout}. */
    boolean awaitAll(Predicate<List<T>> done, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!done.test(all())) {
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
