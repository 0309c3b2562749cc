package dev.trialstream.aggregator.streams;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Writes each key of a changelogged store once more, from the local store, after it has gone
 * {@link #QUIET} since its last write: so the changelog gets it again in a later transaction.
 *
 * <p>Why: a one-node broker that stops (killed, or cleanly) while the aggregator's exactly-once
 * commit is under way can drop that transaction's markers (Kafka 4.4, KAFKA-20734; README, <i>The
 * fault suite</i>). The commit succeeded for the client, so the processor goes on from its local
 * store, and its next transaction leaves the lost one's changelog records aborted. Nothing shows
 * until a restart restores the store from the changelog without them (a search back in
 * {@code final-fit} for good). Written again once quiet, the key is back in the changelog.
 * A key rewritten before it is quiet waits again: a busy key is in every transaction anyway.
 * What the lost transaction sent elsewhere (requests to workers, grants, its leaderboard) is not
 * made again here; the tracker publishes the leaderboard of each search it writes again.
 */
public final class QuietRewrites {

    /** How long a key must go unwritten before it is written again. */
    public static final Duration QUIET = Duration.ofSeconds(30);
    /** How often quiet keys are looked for. */
    public static final Duration CHECK = Duration.ofSeconds(5);

    /** Keys written and not written again since, oldest write first. */
    private final Map<String, Long> lastWritten = new LinkedHashMap<>();

    /** Notes a write (a put or a delete) of {@code key} at {@code now}. */
    void written(String key, long now) {
        lastWritten.remove(key);
        lastWritten.put(key, now);
    }

    /**
     * Writes every key quiet since {@link #QUIET} again as the store has it now (a delete again if
     * it is gone), and forgets it.
     *
     * @return the keys written again
     */
    List<String> rewriteQuiet(KeyValueStore<String, byte[]> store, long now) {
        List<String> rewritten = new ArrayList<>();
        Iterator<Map.Entry<String, Long>> oldestFirst = lastWritten.entrySet().iterator();
        while (oldestFirst.hasNext()) {
            Map.Entry<String, Long> entry = oldestFirst.next();
            if (now - entry.getValue() < QUIET.toMillis()) {
                break;
            }
            byte[] value = store.get(entry.getKey());
            if (value == null) {
                store.delete(entry.getKey());
            } else {
                store.put(entry.getKey(), value);
            }
            rewritten.add(entry.getKey());
            oldestFirst.remove();
        }
        return rewritten;
    }

    /** Forgets every write (the store is read back on init, and its contents came from the changelog). */
    void clear() {
        lastWritten.clear();
    }
}
