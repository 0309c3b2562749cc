package dev.trialstream.launcher.faults;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * What a {@link BenchTrialConsumer} reports on the bench's events topic, as one line of text:
 * {@code KIND TRIAL CONSUMER DELIVERY MILLIS}. The millis are the consumer's wall clock (same
 * machine as the bench), so recovery times compare them with the moment of the fault.
 *
 * @param delivery the share group's delivery count of the record (1 on the first delivery), 0 for a classic group
 */
record BenchEvent(Kind kind, String trial, String consumer, int delivery, long millis) {

    enum Kind {
        /** The consumer has joined its group (classic: its first assignment; share: its first poll). */
        READY,
        /** The consumer took the trial and starts "training" it. */
        START,
        /** The trial's terminal event: classic commits it with the offset in one transaction; share sends it, then accepts the record. */
        DONE
    }

    BenchEvent {
        if (trial.isBlank() || trial.contains(" ") || consumer.isBlank() || consumer.contains(" ")) {
            throw new IllegalArgumentException("bench event: trial and consumer must be one non-blank word, found '"
                    + trial + "' and '" + consumer + "'");
        }
    }

    String encode() {
        return kind.name().toLowerCase(Locale.ROOT) + " " + trial + " " + consumer + " " + delivery + " " + millis;
    }

    static BenchEvent decode(String line) {
        String[] parts = line.strip().split(" ");
        if (parts.length != 5) {
            throw new IllegalArgumentException("bench event: expected 'KIND TRIAL CONSUMER DELIVERY MILLIS', found '"
                    + line + "'");
        }
        return new BenchEvent(Kind.valueOf(parts[0].toUpperCase(Locale.ROOT)), parts[1], parts[2],
                Integer.parseInt(parts[3]), Long.parseLong(parts[4]));
    }

    /** The event a record of the events topic carries (its value is the line, UTF-8). */
    static BenchEvent fromRecord(ConsumerRecord<String, byte[]> record) {
        return decode(new String(record.value(), StandardCharsets.UTF_8));
    }
}
