package dev.trialstream.aggregator.state;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * JSON for the aggregator's store, one entry for the search ({@code searchId}) and one per trial
 * ({@code searchId/trialId}): an event then rewrites only its own trial and the small search
 * entry, whatever the size of the search.
 */
public final class StateCodec {

    private static final ObjectMapper JSON = new ObjectMapper()
            // Newer aggregators may add fields; an older changelog must still restore.
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private StateCodec() {
    }

    /** The store key of a trial's entry. */
    public static String trialKey(String searchId, String trialId) {
        return searchId + "/" + trialId;
    }

    /** The key prefix of every trial entry of a search. */
    public static String trialPrefix(String searchId) {
        return searchId + "/";
    }

    public static boolean isTrialKey(String key) {
        return key.indexOf('/') >= 0;
    }

    public static byte[] search(SearchState state) {
        return write(state);
    }

    public static byte[] trial(TrialRecord trial) {
        return write(trial);
    }

    /** A search's entry in the scheduler's store. */
    public static byte[] share(dev.trialstream.aggregator.schedule.SearchShare share) {
        return write(share);
    }

    public static dev.trialstream.aggregator.schedule.SearchShare readShare(byte[] bytes) {
        return read(bytes, dev.trialstream.aggregator.schedule.SearchShare.class);
    }

    /** A live worker's entry in the scheduler's fleet store. */
    public static byte[] member(dev.trialstream.aggregator.schedule.FleetMember member) {
        return write(member);
    }

    public static dev.trialstream.aggregator.schedule.FleetMember readMember(byte[] bytes) {
        return read(bytes, dev.trialstream.aggregator.schedule.FleetMember.class);
    }

    public static SearchState readSearch(byte[] bytes) {
        return read(bytes, SearchState.class);
    }

    public static TrialRecord readTrial(byte[] bytes) {
        return read(bytes, TrialRecord.class);
    }

    /** Puts a trial read back from the store into its search. */
    public static void attach(SearchState state, TrialRecord trial) {
        state.trials.put(trial.trialId(), trial);
    }

    private static byte[] write(Object value) {
        try {
            return JSON.writeValueAsBytes(value);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write aggregator state", e);
        }
    }

    private static <T> T read(byte[] bytes, Class<T> type) {
        try {
            return JSON.readValue(bytes, type);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read aggregator state (" + type.getSimpleName() + ")", e);
        }
    }
}
