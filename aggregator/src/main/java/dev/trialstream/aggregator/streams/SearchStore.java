package dev.trialstream.aggregator.streams;

import dev.trialstream.aggregator.state.SearchState;
import dev.trialstream.aggregator.state.StateCodec;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/** Reads and writes searches in the state store, split as {@link StateCodec} lays them out. */
final class SearchStore {

    private SearchStore() {
    }

    static Optional<SearchState> load(ReadOnlyKeyValueStore<String, byte[]> store, String searchId) {
        byte[] header = store.get(searchId);
        if (header == null) {
            return Optional.empty();
        }
        SearchState state = StateCodec.readSearch(header);
        try (KeyValueIterator<String, byte[]> trials = store.prefixScan(StateCodec.trialPrefix(searchId),
                Serdes.String().serializer())) {
            trials.forEachRemaining(entry -> StateCodec.attach(state, StateCodec.readTrial(entry.value)));
        }
        return Optional.of(state);
    }

    /**
     * Writes the search entry, one trial's entry if given, and those of trials its event changed too.
     *
     * @return the keys written
     */
    static List<String> save(KeyValueStore<String, byte[]> store, SearchState state, String trialId) {
        List<String> keys = new ArrayList<>();
        store.put(state.searchId(), StateCodec.search(state));
        keys.add(state.searchId());
        if (trialId != null) {
            state.alsoChanged().add(trialId);
        }
        for (String changed : state.alsoChanged()) {
            if (state.trials().containsKey(changed)) {
                String key = StateCodec.trialKey(state.searchId(), changed);
                store.put(key, StateCodec.trial(state.trials().get(changed)));
                keys.add(key);
            }
        }
        state.alsoChanged().clear();
        return keys;
    }

    /** Every search in the store, fully loaded. */
    static List<SearchState> all(ReadOnlyKeyValueStore<String, byte[]> store) {
        List<String> ids = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> it = store.all()) {
            while (it.hasNext()) {
                KeyValue<String, byte[]> entry = it.next();
                if (!StateCodec.isTrialKey(entry.key)) {
                    ids.add(entry.key);
                }
            }
        }
        List<SearchState> states = new ArrayList<>();
        ids.forEach(id -> load(store, id).ifPresent(states::add));
        return states;
    }
}
