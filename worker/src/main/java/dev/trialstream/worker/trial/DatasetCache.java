package dev.trialstream.worker.trial;

import com.github.benmanes.caffeine.cache.AsyncLoadingCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.trialstream.core.data.DataFile;
import dev.trialstream.core.data.Dataset;
import dev.trialstream.core.data.DatasetLoader;
import dev.trialstream.core.data.DatasetSource;
import dev.trialstream.core.message.DatasetRef;
import dev.trialstream.core.message.FileRef;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.function.Function;

/**
 * Datasets by reference: fetched from Kafka once, their bytes checked against the hash, parsed,
 * and kept for the next trial of the same search. Bounded: a worker serving many searches keeps
 * only the most recently used few. Concurrent callers for one ref fetch once; a fetch in progress
 * never blocks hits on other datasets (the load runs outside the map, as a future).
 */
public final class DatasetCache {

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
                .buildAsync(ref -> new DatasetLoader().parse(source(ref)));
    }

    /** The dataset, from the cache or fetched and parsed now; a failed fetch is not cached. */
    public Dataset get(DatasetRef ref) {
        try {
            return cache.get(ref).join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw e;
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
