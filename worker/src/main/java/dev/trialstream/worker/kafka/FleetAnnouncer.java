package dev.trialstream.worker.kafka;

import dev.trialstream.core.message.MessageCodec;
import dev.trialstream.core.message.WorkerSlots;
import dev.trialstream.kafka.Periodic;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells the aggregator's scheduler this worker's slots ({@link WorkerSlots} on the schedule
 * topic) at start and every period after, so it shares the live fleet; on a clean stop it says 0
 * at once, so the fleet shrinks without waiting for the worker's silence. Best effort: a lost
 * announcement is made good by the next one.
 */
final class FleetAnnouncer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(FleetAnnouncer.class);
    /** How long a clean stop waits for its goodbye to be sent. */
    private static final Duration GOODBYE_WAIT = Duration.ofSeconds(2);

    private final Producer<String, byte[]> producer;
    private final String topic;
    private final MessageCodec codec;
    private final String workerId;
    private final IntSupplier slots;
    private final Duration every;
    private final Clock clock;
    private final Periodic timer;

    /** @param slots the slots to announce now (0 once the worker can no longer work) */
    FleetAnnouncer(Producer<String, byte[]> producer, String topic, MessageCodec codec, String workerId,
                   IntSupplier slots, Duration every, Clock clock) {
        this.producer = producer;
        this.topic = topic;
        this.codec = codec;
        this.workerId = workerId;
        this.slots = slots;
        this.every = every;
        this.clock = clock;
        this.timer = new Periodic(workerId + "-fleet-announcer");
    }

    void start() {
        timer.start(() -> announce(slots.getAsInt()), every);
    }

    /**
     * Says goodbye (0 slots), waiting at most {@link #GOODBYE_WAIT} for it to be sent: on the
     * announcer's thread, so a send that blocks (no broker) does not hold up the stop. Never
     * started: nothing to take back, so no goodbye ({@link Periodic#finish}).
     */
    @Override
    public void close() {
        timer.finish(() -> {
            try {
                producer.send(record(0)).get(GOODBYE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Exception e) {
                LOG.warn("worker {}: could not say it left the fleet (the scheduler will notice its silence): {}",
                        workerId, e.toString());
            }
        }, GOODBYE_WAIT);
    }

    /** What stopped the announcements for good (anything but Kafka's own errors), if something did. */
    Optional<String> failure() {
        return timer.failure();
    }

    /** Stops announcing without a goodbye, as a killed process would. */
    void halt() {
        timer.close();
    }

    private void announce(int slotsNow) {
        try {
            producer.send(record(slotsNow), (metadata, error) -> {
                if (error != null) {
                    LOG.warn("worker {}: slots announcement lost: {}", workerId, error.toString());
                }
            });
        } catch (KafkaException e) {
            LOG.warn("worker {}: slots announcement not sent: {}", workerId, e.toString());
        }
    }

    private ProducerRecord<String, byte[]> record(int slotsNow) {
        WorkerSlots message = new WorkerSlots(workerId, slotsNow, every.toMillis(), clock.millis());
        return new ProducerRecord<>(topic, message.key(), codec.encode(message));
    }
}
