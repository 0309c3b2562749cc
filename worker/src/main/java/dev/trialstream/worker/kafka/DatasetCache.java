package dev.trialstream.worker.kafka;

import dev.trialstream.core.data.DataFile;
import dev.trialstream.core.data.Dataset;
import dev.trialstream.core.data.DatasetLoader;
import dev.trialstream.core.data.DatasetSource;
import dev.trialstream.core.message.DatasetRef;
import dev.trialstream.core.message.FileRef;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Datasets by reference: fetched from Kafka once, their bytes checked against the hash, parsed,
 * and kept for the next trial of the same search. Bounded: a worker serving many searches keeps
 * only the most recently used few.
 */
public final class DatasetCache {

    private final Function<FileRef, byte[]> fetch;
    private final int capacity;
    private final Map<DatasetRef, Dataset> cache;
    private long hits;
    private long misses;

    /**
     * @param fetch reads a file's bytes (checked against its hash) from wherever files live
     */
    public DatasetCache(Function<FileRef, byte[]> fetch, int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive, found " + capacity);
        }
        this.fetch = fetch;
        this.capacity = capacity;
        this.cache = new LinkedHashMap<>(16, 0.75f, true);
    }

    /** The dataset, from the cache or fetched and parsed now. Concurrent callers for one ref fetch once. */
    public synchronized Dataset get(DatasetRef ref) {
        Dataset dataset = cache.get(ref);
        if (dataset != null) {
            hits++;
            return dataset;
        }
        misses++;
        dataset = new DatasetLoader().parse(source(ref));
        cache.put(ref, dataset);
        if (cache.size() > capacity) {
            cache.remove(cache.keySet().iterator().next());
        }
        return dataset;
    }

    public synchronized long hits() {
        return hits;
    }

    public synchronized long misses() {
        return misses;
    }

    private DatasetSource source(DatasetRef ref) {
        DataFile train = new DataFile(ref.train().displayName(), fetch.apply(ref.train()));
        DataFile test = ref.test() == null ? null : new DataFile(ref.test().displayName(), fetch.apply(ref.test()));
        return new DatasetSource(ref.name(), ref.target(), ref.categorical(), train, test, ref.testFraction(),
                ref.testSeed(), ref.foldColumn());
    }
}
