package dev.trialstream.aggregator.streams;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.UUID;

/**
 * Gives an aggregator with an instance id the same Kafka Streams process id on every start, even
 * on an empty state dir.
 *
 * <p>Why: under exactly-once, Streams' transactional id is {@code <application.id>-<process
 * id>-<thread>}, and the process id is a random UUID kept in the state dir. An aggregator killed
 * with {@code kill -9} leaves a transaction open, holding its offset commit; a restart on an empty
 * state dir (a new pod without its volume) would get a new process id, so a new transactional id
 * that does not fence the old one, and its consumer would wait for the broker to time the dead
 * transaction out ({@code transaction.timeout.ms}, 10 s, then up to the broker's 10 s abort check)
 * before it may fetch its offsets. With the same process id, the restarted producer's first
 * {@code initTransactions} fences the dead one and aborts its transaction at once.
 *
 * <p>How: Streams reads the id from {@code <state.dir>/<application.id>/kafka-streams-process-metadata}
 * and writes a random one only if the file is missing; this writes the file first, with a UUID
 * derived from the application id and the instance id. A file already there (an earlier start on
 * this state dir) is left alone. Instance ids are unique per group (static membership fences a
 * second process with the same one), so are these process ids.
 */
final class StableProcessId {

    /** Kafka Streams' file name ({@code StateDirectory}); its content is {@code {"processId":"<uuid>"}}. */
    static final String FILE = "kafka-streams-process-metadata";

    private StableProcessId() {
    }

    /** The process id an aggregator with this application id and instance id always gets. */
    static UUID of(String applicationId, String instanceId) {
        return UUID.nameUUIDFromBytes(("trialstream-aggregator/" + applicationId + "/" + instanceId)
                .getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Writes the process id into {@code stateDir} for Streams to find, unless a process id file is
     * there already.
     *
     * @return whether it wrote one (false: this state dir has its process id from an earlier start)
     */
    static boolean seed(Path stateDir, String applicationId, String instanceId) {
        Path appDir = stateDir.resolve(applicationId);
        Path file = appDir.resolve(FILE);
        if (Files.exists(file)) {
            return false;
        }
        try {
            Files.createDirectories(appDir);
            Path temp = Files.createTempFile(appDir, FILE, ".tmp");
            Files.writeString(temp, "{\"processId\":\"" + of(applicationId, instanceId) + "\"}", StandardCharsets.UTF_8);
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the aggregator's process id to " + file, e);
        }
    }
}
