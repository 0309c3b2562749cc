package dev.trialstream.worker.trial;

import com.github.benmanes.caffeine.cache.AsyncLoadingCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.trialstream.core.data.DataFile;
import dev.trialstream.core.data.Dataset;
import dev.trialstream.core.data.DatasetLoader;
import dev.trialstream.core.data.DatasetSource;
import dev.trialstream.core.message.DatasetRef;
import dev.trialstream.core.message.FileRef;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Datasets by reference: fetched from Kafka once, their bytes checked against the hash, parsed,
 * and kept for the next trial of the same search. Bounded: a worker serving many searches keeps
 * only the most recently used few. Concurrent callers for one ref fetch once; a fetch in progress
 * never blocks hits on other datasets (the load runs outside the map, as a future). A dataset that
 * cannot be read now ({@link DatasetUnreachableException}: the broker is away) is waited for, as
 * the slots wait out a broker outage, unless the caller gives the work up.
 *
 * <p>Loads run on threads of their own, not on Caffeine's default, the common fork-join pool: a load
 * blocks on Kafka, and on a 2-core machine that pool has one thread, which Java 25 (unlike 17, which
 * then starts a thread per task) uses as it is, so two slots starting trials of different searches
 * fetched one dataset after the other.
 */
public final class DatasetCache {

    private static final Logger LOG = LoggerFactory.getLogger(DatasetCache.class);
    /** Pauses between attempts while the dataset is unreachable: 0.2 s doubling to 5 s, as the slots back off. */
    private static final Duration FIRST_PAUSE = Duration.ofMillis(200);
    private static final Duration LONGEST_PAUSE = Duration.ofSeconds(5);

    /** Fetch threads, made as loads need them and gone after a minute idle; daemons, so no close is needed. */
    private static final Executor LOADS = Executors.newCachedThreadPool(new ThreadFactory() {
        private final AtomicInteger count = new AtomicInteger();

        @Override
        public Thread newThread(Runnable task) {
            Thread thread = new Thread(task, "dataset-fetch-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        }
    });

    private final Function<List<FileRef>, List<byte[]>> fetch;
    private final AsyncLoadingCache<DatasetRef, Dataset> cache;

    /**
     * @param fetch reads files' bytes (each checked against its hash) from wherever files live,
     *              in the order given; called once per dataset with all of its files
     */
    public DatasetCache(Function<List<FileRef>, List<byte[]>> fetch, int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive, found " + capacity);
        }
        this.fetch = fetch;
        this.cache = Caffeine.newBuilder()
                .maximumSize(capacity)
                .recordStats()
                .executor(LOADS)
                .buildAsync(ref -> new DatasetLoader().parse(source(ref)));
    }

    /** The dataset, from the cache or fetched and parsed now; a failed fetch is not cached. */
    public Dataset get(DatasetRef ref) {
        java.util.concurrent.CompletableFuture<Dataset> loading = cache.get(ref);
        try {
            return loading.join();
        } catch (CompletionException e) {
            // Caffeine drops a failed load asynchronously; drop it now, so the next get fetches again.
            cache.asMap().remove(ref, loading);
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw e;
        }
    }

    /**
     * {@link #get(DatasetRef)}, trying again while the dataset is unreachable (backing off) until
     * it is read or {@code giveUp} names a reason to stop.
     *
     * @param giveUp asked after each failed attempt; a reason ends the wait with the last error
     * @throws DatasetUnreachableException when given up (or interrupted) while unreachable
     */
    public Dataset get(DatasetRef ref, Supplier<Optional<String>> giveUp) {
        Duration pause = FIRST_PAUSE;
        long firstFailure = 0;
        while (true) {
            try {
                Dataset dataset = get(ref);
                if (firstFailure != 0) {
                    LOG.info("dataset {} read after {} s unreachable", ref.train().displayName(),
                            (System.nanoTime() - firstFailure) / 1_000_000_000);
                }
                return dataset;
            } catch (DatasetUnreachableException e) {
                Optional<String> reason = giveUp.get();
                if (reason.isPresent()) {
                    throw new DatasetUnreachableException("gave up waiting for dataset " + ref.train().displayName()
                            + " (" + reason.get() + "): " + e.getMessage(), e);
                }
                if (firstFailure == 0) {
                    firstFailure = System.nanoTime();
                }
                LOG.warn("{}; trying again in {} ms", e.getMessage(), pause.toMillis());
                pause(pause, e);
                pause = pause.multipliedBy(2).compareTo(LONGEST_PAUSE) > 0 ? LONGEST_PAUSE : pause.multipliedBy(2);
            }
        }
    }

    private static void pause(Duration pause, DatasetUnreachableException failure) {
        try {
            Thread.sleep(pause.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DatasetUnreachableException("interrupted while waiting for the dataset: " + failure.getMessage(),
                    failure);
        }
    }

    public long hits() {
        return cache.synchronous().stats().hitCount();
    }

    public long misses() {
        return cache.synchronous().stats().missCount();
    }

    private DatasetSource source(DatasetRef ref) {
        List<byte[]> bytes = fetch.apply(ref.files());
        DataFile train = new DataFile(ref.train().displayName(), bytes.get(0));
        DataFile test = ref.test() == null ? null : new DataFile(ref.test().displayName(), bytes.get(1));
        return new DatasetSource(ref.layout(), train, test);
    }
}
