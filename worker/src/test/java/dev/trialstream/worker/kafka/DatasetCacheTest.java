package dev.trialstream.worker.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trialstream.core.data.Dataset;
import dev.trialstream.core.message.FileRef;
import dev.trialstream.core.message.MessageSamples;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
}
