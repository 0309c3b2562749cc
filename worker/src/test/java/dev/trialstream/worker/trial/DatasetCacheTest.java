package dev.trialstream.worker.trial;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trialstream.core.data.Dataset;
import dev.trialstream.core.message.FileRef;
import dev.trialstream.core.message.MessageSamples;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class DatasetCacheTest {

    private final Map<FileRef, byte[]> files = Map.of(MessageSamples.TRAIN, MessageSamples.TRAIN_CSV,
            MessageSamples.TEST, MessageSamples.TEST_CSV);
    private final List<List<FileRef>> fetches = new ArrayList<>();
    private final DatasetCache cache = new DatasetCache(refs -> {
        fetches.add(refs);
        return refs.stream().map(files::get).toList();
    }, 2);

    @Test
    void get_fetchesEveryFileOfADatasetInOneCall() {
        Dataset dataset = cache.get(MessageSamples.DATASET);

        assertThat(fetches).containsExactly(List.of(MessageSamples.TRAIN, MessageSamples.TEST));
        assertThat(dataset.train().rows()).isEqualTo(3);
        assertThat(dataset.test().rows()).isEqualTo(1);
    }

    @Test
    void get_aDatasetWithoutATestFileFetchesItsTrainFileAlone() {
        cache.get(MessageSamples.SPLIT_DATASET);

        assertThat(fetches).containsExactly(List.of(MessageSamples.TRAIN));
    }

    @Test
    void get_aCachedDatasetIsNotFetchedAgain() {
        cache.get(MessageSamples.DATASET);
        cache.get(MessageSamples.DATASET);

        assertThat(fetches).hasSize(1);
        assertThat(cache.hits()).isEqualTo(1);
        assertThat(cache.misses()).isEqualTo(1);
    }

    @Test
    void get_aFetchInProgressDoesNotBlockHitsOnOtherDatasets() throws Exception {
        BlockedFetch split = new BlockedFetch();
        split.cache.get(MessageSamples.DATASET);

        split.assertAnotherGetEndsMeanwhile();
        assertThat(split.cache.hits()).isEqualTo(1);
    }

    /**
     * Two slots starting trials of different searches fetch both datasets at once. Caffeine loads on
     * the common fork-join pool unless told otherwise, which has one thread on a 2-core machine (this
     * one, and CI's). Java 17 gives each such task a thread of its own at that size; Java 25 does not,
     * and there the second fetch waited for the first (this test, run on Temurin 25 without the
     * cache's own executor: TimeoutException). On Java 17 it passes either way.
     */
    @Test
    void get_aFetchInProgressDoesNotHoldUpTheFetchOfAnotherDataset() throws Exception {
        new BlockedFetch().assertAnotherGetEndsMeanwhile();
    }

    /** A cache whose fetch of {@code SPLIT_DATASET} (its one file) waits until released. */
    private final class BlockedFetch {
        final CountDownLatch fetching = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        final DatasetCache cache = new DatasetCache(refs -> {
            if (refs.size() == 1) {
                fetching.countDown();
                // Waits as a Kafka fetch does, in sleeps and socket waits, which the common pool does
                // not make up for with another thread (a latch's await, through ForkJoinPool.managedBlock, would).
                while (release.getCount() > 0) {
                    sleep(10);
                }
            }
            return refs.stream().map(files::get).toList();
        }, 2);

        /** While {@code SPLIT_DATASET} is being fetched, a get of {@code DATASET} ends; then the fetch does. */
        void assertAnotherGetEndsMeanwhile() throws Exception {
            // Threads of the test's own, not supplyAsync's: on Java 25 on 2 cores that is the one-thread common pool.
            ExecutorService slots = Executors.newFixedThreadPool(2);
            try {
                Future<Dataset> blocked = slots.submit(() -> cache.get(MessageSamples.SPLIT_DATASET));
                assertThat(fetching.await(5, TimeUnit.SECONDS)).isTrue();

                Future<Dataset> other = slots.submit(() -> cache.get(MessageSamples.DATASET));

                assertThat(other.get(5, TimeUnit.SECONDS).train().rows()).isEqualTo(3);
                assertThat(blocked.isDone()).isFalse();
                release.countDown();
                assertThat(blocked.get(5, TimeUnit.SECONDS).train().rows()).isPositive();
            } finally {
                release.countDown();
                slots.shutdownNow();
            }
        }
    }

    @Test
    void get_aFailedFetchIsRethrownAndNotCached() {
        List<String> calls = new ArrayList<>();
        DatasetCache failing = new DatasetCache(refs -> {
            calls.add("fetch");
            throw new IllegalStateException("datasets topic unreachable");
        }, 2);

        assertThatThrownBy(() -> failing.get(MessageSamples.DATASET))
                .isInstanceOf(IllegalStateException.class).hasMessage("datasets topic unreachable");
        assertThatThrownBy(() -> failing.get(MessageSamples.DATASET)).isInstanceOf(IllegalStateException.class);
        assertThat(calls).hasSize(2);
    }

    @Test
    void get_waitsOutAnUnreachableDatasetAndReturnsItOnceRead() {
        List<String> calls = new ArrayList<>();
        DatasetCache flaky = new DatasetCache(refs -> {
            calls.add("fetch");
            if (calls.size() < 3) {
                throw new DatasetUnreachableException("broker away", new RuntimeException("timeout"));
            }
            return refs.stream().map(files::get).toList();
        }, 2);

        Dataset dataset = flaky.get(MessageSamples.DATASET, Optional::empty);

        assertThat(dataset.train().rows()).isEqualTo(3);
        assertThat(calls).hasSize(3);
    }

    @Test
    void get_stopsWaitingWhenTheWorkIsGivenUp() {
        List<String> calls = new ArrayList<>();
        DatasetCache away = new DatasetCache(refs -> {
            calls.add("fetch");
            throw new DatasetUnreachableException("broker away", new RuntimeException("timeout"));
        }, 2);

        assertThatThrownBy(() -> away.get(MessageSamples.DATASET,
                () -> calls.size() < 2 ? Optional.empty() : Optional.of("partition revoked")))
                .isInstanceOf(DatasetUnreachableException.class)
                .hasMessage("gave up waiting for dataset " + MessageSamples.TRAIN.displayName()
                        + " (partition revoked): broker away");
        assertThat(calls).hasSize(2);
    }

    @Test
    void get_doesNotRetryADatasetThatIsNotThere() {
        List<String> calls = new ArrayList<>();
        DatasetCache missing = new DatasetCache(refs -> {
            calls.add("fetch");
            throw new IllegalStateException("synthetic.csv is not in datasets: 3 of 3 chunks missing");
        }, 2);

        assertThatThrownBy(() -> missing.get(MessageSamples.DATASET, Optional::empty))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("chunks missing");
        assertThat(calls).hasSize(1);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
