package dev.trialstream.worker.kafka;

import dev.trialstream.core.data.DataFile;
import dev.trialstream.core.data.Dataset;
import dev.trialstream.core.data.DatasetLoader;
import dev.trialstream.core.data.DatasetSource;
import dev.trialstream.core.message.DatasetRef;
import dev.trialstream.core.message.FileRef;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Datasets by reference: fetched from Kafka once, their bytes checked against the hash, parsed,
 * and kept for the next trial of the same search. Bounded: a worker serving many searches keeps
 * only the most recently used few.
 */
public final class DatasetCache {

    private final Function<List<FileRef>, List<byte[]>> fetch;
    private final int capacity;
    private final Map<DatasetRef, Dataset> cache;
    private long hits;
    private long misses;

    /**
     * @param fetch reads files' bytes (each checked against its hash) from wherever files live,
     *              in the order given; called once per dataset with all of its files
     */
    public DatasetCache(Function<List<FileRef>, List<byte[]>> fetch, int capacity) {
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
        List<byte[]> bytes = fetch.apply(ref.files());
        DataFile train = new DataFile(ref.train().displayName(), bytes.get(0));
        DataFile test = ref.test() == null ? null : new DataFile(ref.test().displayName(), bytes.get(1));
        return new DatasetSource(ref.layout(), train, test);
    }
}
