package dev.trialstream.launcher.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The aggregator's state directory for one local run, deleted on {@link #close()}. It lives in the
 * user's cache folder ({@code $XDG_CACHE_HOME/trialstream}, else {@code ~/.cache/trialstream}),
 * not in the OS temp folder: the OS may clean that under a long run, and Kafka Streams warns about
 * it at every start. Falls back to {@code fallback} when the cache folder cannot be created.
 */
final class LocalStateDirectory implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LocalStateDirectory.class);

    private final Path path;
    private final boolean owned;

    private LocalStateDirectory(Path path, boolean owned) {
        this.path = path;
        this.owned = owned;
    }

    static LocalStateDirectory create(Path fallback) {
        try {
            Path root = cacheRoot().resolve("trialstream");
            Files.createDirectories(root);
            return new LocalStateDirectory(Files.createTempDirectory(root, "local-aggregator-"), true);
        } catch (IOException | UncheckedIOException | SecurityException e) {
            LOG.debug("no cache folder for the aggregator state ({}); using {}", e.toString(), fallback);
            return new LocalStateDirectory(fallback, false);
        }
    }

    private static Path cacheRoot() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        return xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
    }

    Path path() {
        return path;
    }

    @Override
    public void close() {
        if (owned) {
            deleteTree(path);
        }
    }

    /** Deletes the directory and everything in it, as far as it can; says what it could not. */
    private static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            LOG.warn("could not delete {}: {}", root, e.toString());
        }
    }
}
