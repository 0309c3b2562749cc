package dev.trialstream.launcher.faults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Kafka's own evidence that it dropped a committed transaction's markers: after a one-node broker
 * (combined KRaft mode) is killed inside a commit and restarted, its marker sender can log
 * "Couldn't find leader endpoint for partitions ... while trying to send transaction markers for
 * ID, these partitions are likely deleted already and hence can be skipped" and skip them, and
 * the transaction's writes then read as aborted though its producer was told it committed
 * ({@code bench/results/faults-ci-marker-loss-2026-12-04.txt}: an aggregator transaction, which held
 * its record of a completed final fit). A one-node broker stopping cleanly can too, while its
 * controlled shutdown takes its partitions off it ({@code bench/results/faults-rolling-2026-12-06.txt}).
 * Every transaction on the fault suite's brokers is one of its processes', so the suite looks for
 * any such line before it blames a stuck search on trialstream, and says at the end of every run
 * whether one is there.
 */
final class DroppedMarkers {

    private static final String SKIPPED = "Couldn't find leader endpoint for partitions";
    private static final String MARKERS = "while trying to send transaction markers for ";

    private DroppedMarkers() {
    }

    /** The first line of {@code brokerLog} saying a transaction's markers were skipped; empty when none (or no log yet). */
    static Optional<String> find(Path brokerLog) {
        if (!Files.exists(brokerLog)) {
            return Optional.empty();
        }
        try (Stream<String> lines = Files.lines(brokerLog, StandardCharsets.ISO_8859_1)) {
            return lines.filter(line -> line.contains(SKIPPED) && line.contains(MARKERS)).findFirst();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + brokerLog, e);
        }
    }
}
