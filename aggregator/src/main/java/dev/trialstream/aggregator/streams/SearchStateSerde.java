package dev.trialstream.aggregator.streams;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trialstream.aggregator.state.SearchState;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/** JSON for the state store (and so for its changelog topic, readable with the console tools). */
public final class SearchStateSerde {

    private static final ObjectMapper JSON = new ObjectMapper()
            // Newer aggregators may add fields; an older changelog must still restore.
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private SearchStateSerde() {
    }

    public static Serde<SearchState> serde() {
        Serializer<SearchState> serializer = (topic, state) -> {
            try {
                return state == null ? null : JSON.writeValueAsBytes(state);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write search state", e);
            }
        };
        Deserializer<SearchState> deserializer = (topic, bytes) -> {
            try {
                return bytes == null ? null : JSON.readValue(bytes, SearchState.class);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read search state from " + topic, e);
            }
        };
        return Serdes.serdeFrom(serializer, deserializer);
    }
}
