package dev.trialstream.aggregator.streams;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.rocksdb.RocksDB;
import org.rocksdb.util.Environment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads RocksDB's native library (Kafka Streams' state stores) from one file in the aggregator's
 * state dir. RocksDB's own loader copies the library (15 MB) out of its jar into a new file in the
 * temp dir on every start and deletes it only when the JVM exits normally: each aggregator killed
 * with {@code kill -9}, or ended by an out-of-memory error, left a copy behind. Here the copy is
 * written once, and again only when the jar's library differs. Where it cannot be loaded from
 * there (a state dir mounted {@code noexec}, say), RocksDB's own loader is used, as before.
 */
final class RocksDbLibrary {

    private static final Logger LOG = LoggerFactory.getLogger(RocksDbLibrary.class);

    private RocksDbLibrary() {
    }

    /** Loads the library from {@code stateDir}; the file it was loaded from, or empty if RocksDB's own loader is left to it. */
    static Optional<Path> load(Path stateDir) {
        // RocksDB.loadLibrary(paths) looks in each path for this file name (sic: "librocksdbjnijni-..."),
        // while the jar holds the library under the name of the "rocksdb" library.
        // Absolute: System.load refuses a relative path, and the default state dir is one.
        Path file = stateDir.toAbsolutePath().resolve("native").resolve(Environment.getJniLibraryFileName("rocksdbjni"));
        String resource = "/" + Environment.getJniLibraryFileName("rocksdb");
        try {
            write(resource, file);
            RocksDB.loadLibrary(List.of(file.getParent().toString()));
            return Optional.of(file);
        } catch (IOException | RuntimeException | UnsatisfiedLinkError e) {
            LOG.warn("RocksDB's library could not be loaded from {} ({}); RocksDB's own loader copies it to the "
                    + "temp dir instead", file, e.toString());
            return Optional.empty();
        }
    }

    /** Writes the jar's library to {@code file} unless {@code file} holds it already. */
    private static void write(String resource, Path file) throws IOException {
        if (Files.exists(file) && same(resource, file)) {
            return;
        }
        Files.createDirectories(file.getParent());
        Path temp = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".tmp");
        try (InputStream in = open(resource)) {
            Files.copy(in, temp, StandardCopyOption.REPLACE_EXISTING);
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private static boolean same(String resource, Path file) throws IOException {
        try (InputStream jar = open(resource); InputStream disk = Files.newInputStream(file)) {
            byte[] a = new byte[1 << 16];
            byte[] b = new byte[1 << 16];
            while (true) {
                int n = jar.readNBytes(a, 0, a.length);
                int m = disk.readNBytes(b, 0, b.length);
                if (n != m || !Arrays.equals(a, 0, n, b, 0, m)) {
                    return false;
                }
                if (n < a.length) {
                    return true;
                }
            }
        }
    }

    private static InputStream open(String resource) throws IOException {
        InputStream in = RocksDB.class.getResourceAsStream(resource);
        if (in == null) {
            throw new IOException("no " + resource + " in RocksDB's jar");
        }
        return in;
    }
}
