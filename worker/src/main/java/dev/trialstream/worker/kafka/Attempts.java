package dev.trialstream.worker.kafka;

import java.util.Collection;
import java.util.Collections;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;

/**
 * How many times each trial record of one partition, from the group's committed offset on, was
 * started without ending: carried in the metadata of that committed offset. A slot writes it there
 * before it trains a take, so that it outlives the process: a trial that kills its worker's process
 * (a native crash, the container's memory limit) leaves its count to the next worker that takes the
 * partition, which gives it up once it reached the limit instead of dying with it again. It goes
 * with the offset: a commit past a record drops its count. Immutable.
 *
 * <p>Written as {@code started:10-13=1,14=2} (offsets, or runs of consecutive ones, and their
 * count). Metadata in any other form (none, or from an older worker) is read as no starts.
 *
 * @param started per record offset, its starts without an end (never 0)
 */
record Attempts(NavigableMap<Long, Integer> started) {

    static final Attempts NONE = new Attempts(new TreeMap<>());

    private static final String PREFIX = "started:";
    /** Well under the broker's {@code offset.metadata.max.bytes} (4096 by default). */
    private static final int MAX_METADATA = 1000;

    Attempts {
        started = Collections.unmodifiableNavigableMap(new TreeMap<>(started));
    }

    /** The starts carried by a committed offset ({@code null}: the group has none). */
    static Attempts of(OffsetAndMetadata committed) {
        if (committed == null || committed.metadata() == null || !committed.metadata().startsWith(PREFIX)) {
            return NONE;
        }
        NavigableMap<Long, Integer> started = new TreeMap<>();
        for (String run : committed.metadata().substring(PREFIX.length()).split(",")) {
            String[] parts = run.split("=");
            if (parts.length != 2) {
                continue; // not ours: counts nothing
            }
            try {
                String[] range = parts[0].split("-");
                long first = Long.parseLong(range[0]);
                long last = range.length == 2 ? Long.parseLong(range[1]) : first;
                int count = Integer.parseInt(parts[1]);
                for (long offset = first; count > 0 && offset <= last && last - first < 100_000; offset++) {
                    started.put(offset, count);
                }
            } catch (NumberFormatException e) {
                // not ours: counts nothing
            }
        }
        return new Attempts(started);
    }

    /** The starts without an end of the record at {@code offset}. */
    int of(long offset) {
        return started.getOrDefault(offset, 0);
    }

    /** The records at {@code offsets} were started once more. */
    Attempts start(Collection<Long> offsets) {
        NavigableMap<Long, Integer> next = new TreeMap<>(started);
        offsets.forEach(offset -> next.merge(offset, 1, Integer::sum));
        return new Attempts(next);
    }

    /** The records at {@code offsets} were handed back (a graceful stop): that start does not count. */
    Attempts handBack(Collection<Long> offsets) {
        NavigableMap<Long, Integer> next = new TreeMap<>(started);
        offsets.forEach(offset -> next.computeIfPresent(offset, (o, count) -> count > 1 ? count - 1 : null));
        return new Attempts(next);
    }

    /** The starts of the records at {@code offset} and after: what a commit of {@code offset} still carries. */
    Attempts from(long offset) {
        return new Attempts(started.tailMap(offset, true));
    }

    /** {@code offset} to commit, carrying the starts of the records from it on. */
    OffsetAndMetadata at(long offset) {
        return new OffsetAndMetadata(offset, from(offset).metadata());
    }

    /** The metadata text; the farthest records' counts are left out past {@value #MAX_METADATA} characters. */
    String metadata() {
        if (started.isEmpty()) {
            return "";
        }
        StringBuilder text = new StringBuilder(PREFIX);
        Long first = null;
        long last = 0;
        int count = 0;
        for (Map.Entry<Long, Integer> entry : started.entrySet()) {
            if (first != null && entry.getValue() == count && entry.getKey() == last + 1) {
                last = entry.getKey();
                continue;
            }
            if (first != null && !append(text, first, last, count)) {
                return text.toString();
            }
            first = entry.getKey();
            last = first;
            count = entry.getValue();
        }
        append(text, first, last, count);
        return text.toString();
    }

    private static boolean append(StringBuilder text, long first, long last, int count) {
        String run = (first == last ? Long.toString(first) : first + "-" + last) + "=" + count;
        if (text.length() + run.length() + 1 > MAX_METADATA) {
            return false;
        }
        if (text.length() > PREFIX.length()) {
            text.append(',');
        }
        text.append(run);
        return true;
    }
}
