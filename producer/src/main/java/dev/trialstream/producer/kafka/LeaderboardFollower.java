package dev.trialstream.producer.kafka;

import dev.trialstream.core.message.LeaderboardSnapshot;
import dev.trialstream.core.message.Message;
import dev.trialstream.core.message.MessageCodec;
import dev.trialstream.kafka.PartitionScan;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * Follows one search's leaderboard snapshots as they are published, until a snapshot says the
 * search is done (or the time runs out, or the pipeline says it cannot finish the search). It reads
 * from the start of the topic but passes on only the latest of the snapshots already there when
 * it began, then each new one: a search followed half-way (or after it ended) shows where it is,
 * not its whole history again.
 */
public final class LeaderboardFollower {

    private final org.apache.kafka.clients.consumer.Consumer<String, byte[]> consumer;
    private final MessageCodec codec;
    private final String topic;
    private final Duration metadataTimeout;
    private final Supplier<Optional<String>> failure;
    private final Duration silentAfter;
    private final java.util.function.BiConsumer<String, Silence> silentHint;

    /**
     * @param metadataTimeout how long to wait for the topic's metadata: an unreachable broker is an
     *                        error after this long, not after the whole search's timeout
     */
    public LeaderboardFollower(org.apache.kafka.clients.consumer.Consumer<String, byte[]> consumer, MessageCodec codec,
                               String topic, Duration metadataTimeout) {
        this(consumer, codec, topic, metadataTimeout, Optional::empty);
    }

    /**
     * As above, for a follower that can see the pipeline's parts (one JVM).
     *
     * @param failure why the pipeline can no longer finish the search, if it cannot (asked between
     *                polls): following then ends at once, saying why, instead of waiting out its time
     */
    public LeaderboardFollower(org.apache.kafka.clients.consumer.Consumer<String, byte[]> consumer, MessageCodec codec,
                               String topic, Duration metadataTimeout, Supplier<Optional<String>> failure) {
        this(consumer, codec, topic, metadataTimeout, failure, null, (search, silence) -> { });
    }

    private LeaderboardFollower(org.apache.kafka.clients.consumer.Consumer<String, byte[]> consumer, MessageCodec codec,
                                String topic, Duration metadataTimeout, Supplier<Optional<String>> failure,
                                Duration silentAfter, java.util.function.BiConsumer<String, Silence> silentHint) {
        this.consumer = consumer;
        this.codec = codec;
        this.topic = topic;
        this.metadataTimeout = metadataTimeout;
        this.failure = failure;
        this.silentAfter = silentAfter;
        this.silentHint = silentHint;
    }

    /** What has not happened {@code after} following began, that a user waiting would want to hear of. */
    public enum Silence {
        /** No snapshot of the search (most often: no aggregator runs against this cluster with these topics). */
        NO_LEADERBOARD("is an aggregator running against this cluster, with the same --topic-prefix?"),
        /** Snapshots, but not one trial of the search has started (no worker, or every slot busy elsewhere). */
        NO_TRIAL_STARTED("are workers running against this cluster, with the same --topic-prefix"
                + " (or are they all busy with other searches)?");

        private final String question;

        Silence(String question) {
            this.question = question;
        }

        /** What to ask the user waiting, for its most common cause; the hint and the time-out both ask it. */
        public String question() {
            return question;
        }
    }

    /**
     * The same follower, which also gives {@code hint} the search id and what is missing, each
     * silence at most once, when it still lasts {@code after} following began. Following goes on.
     */
    public LeaderboardFollower hintingWhenSilent(Duration after, java.util.function.BiConsumer<String, Silence> hint) {
        return new LeaderboardFollower(consumer, codec, topic, metadataTimeout, failure, after, hint);
    }

    /**
     * Calls {@code onSnapshot} with the latest snapshot of the search already published (if any)
     * and then with every new one, and returns the first one that is done.
     *
     * @throws SearchTimeoutException when {@code timeout} passes first
     * @throws IllegalStateException   when the pipeline can no longer finish the search
     */
    public LeaderboardSnapshot follow(String searchId, Duration timeout, Consumer<LeaderboardSnapshot> onSnapshot) {
        return follow(searchId, timeout, onSnapshot, LeaderboardSnapshot::done);
    }

    /** As {@link #follow(String, Duration, Consumer)}, ending at the first snapshot that satisfies {@code until}. */
    public LeaderboardSnapshot follow(String searchId, Duration timeout, Consumer<LeaderboardSnapshot> onSnapshot,
                                      java.util.function.Predicate<LeaderboardSnapshot> until) {
        TopicPartition partition = new PartitionScan(consumer, metadataTimeout).partitionOf(topic, searchId);
        consumer.assign(List.of(partition));
        consumer.seekToBeginning(List.of(partition));
        // What is before this offset was published before following began: only its latest counts.
        long history = consumer.endOffsets(List.of(partition), metadataTimeout).get(partition);
        long started = System.nanoTime();
        long deadline = started + timeout.toNanos();
        java.util.EnumSet<Silence> hinted = silentAfter == null ? java.util.EnumSet.allOf(Silence.class)
                : java.util.EnumSet.noneOf(Silence.class);
        LeaderboardSnapshot last = null;
        LeaderboardSnapshot held = null;
        while (System.nanoTime() < deadline) {
            for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                if (held != null && record.offset() >= history) {
                    onSnapshot.accept(held);
                    held = null;
                }
                if (!searchId.equals(record.key()) || record.value() == null) {
                    continue;
                }
                Message message = codec.decode(record.value(), Message.class);
                if (message instanceof LeaderboardSnapshot snapshot) {
                    last = snapshot;
                    if (record.offset() < history && !until.test(snapshot)) {
                        held = snapshot;
                        continue;
                    }
                    held = null;
                    onSnapshot.accept(snapshot);
                    if (until.test(snapshot)) {
                        return snapshot;
                    }
                }
            }
            if (held != null && consumer.position(partition, metadataTimeout) >= history) {
                onSnapshot.accept(held);
                held = null;
            }
            if (hinted.size() < Silence.values().length && System.nanoTime() - started >= silentAfter.toNanos()) {
                silence(last).filter(hinted::add).ifPresent(silence -> silentHint.accept(searchId, silence));
            }
            Optional<String> why = failure.get();
            if (why.isPresent()) {
                throw new IllegalStateException("search " + searchId + " cannot finish: " + why.get());
            }
        }
        throw new SearchTimeoutException(searchId, timeout, last);
    }

    /** What the latest snapshot (or its absence) says has not happened yet, if anything a user would want to hear. */
    private static Optional<Silence> silence(LeaderboardSnapshot last) {
        if (last == null) {
            return Optional.of(Silence.NO_LEADERBOARD);
        }
        boolean nothingStarted = last.status() == dev.trialstream.core.status.SearchStatus.RUNNING
                && last.counts().running() == 0 && last.counts().ended() == 0;
        return nothingStarted ? Optional.of(Silence.NO_TRIAL_STARTED) : Optional.empty();
    }

    /** The search did not finish in time; carries the last snapshot seen, if any. */
    public static final class SearchTimeoutException extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final transient LeaderboardSnapshot last;

        SearchTimeoutException(String searchId, Duration timeout, LeaderboardSnapshot last) {
            super("search " + searchId + " did not finish within " + timeout.toSeconds() + " s" + silence(last)
                    .map(silence -> switch (silence) {
                        case NO_LEADERBOARD -> " (no leaderboard yet: " + silence.question() + ")";
                        case NO_TRIAL_STARTED -> " (no trial of it has started: " + silence.question() + ")";
                    }).orElse(""));
            this.last = last;
        }

        public LeaderboardSnapshot last() {
            return last;
        }
    }
}
