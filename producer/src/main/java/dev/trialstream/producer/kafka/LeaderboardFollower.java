package dev.trialstream.producer.kafka;

import dev.trialstream.core.message.LeaderboardSnapshot;
import dev.trialstream.core.message.Message;
import dev.trialstream.core.message.MessageCodec;
import dev.trialstream.core.message.RunningTrial;
import dev.trialstream.core.status.StallRule;
import dev.trialstream.core.status.TrialStall;
import dev.trialstream.core.status.SearchStatus;
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
    private final SilenceListener silentHint;
    /** Whether the fleet has a worker; null: not known. */
    private final Fleet fleet;
    /** When a running trial counts as stuck (told to the hint, when there is one). */
    private final StallRule stallRule;

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
        this(consumer, codec, topic, metadataTimeout, failure, null, (search, silence) -> { }, null, new StallRule());
    }

    private LeaderboardFollower(org.apache.kafka.clients.consumer.Consumer<String, byte[]> consumer, MessageCodec codec,
                                String topic, Duration metadataTimeout, Supplier<Optional<String>> failure,
                                Duration silentAfter, SilenceListener silentHint, Fleet fleet, StallRule stallRule) {
        this.fleet = fleet;
        this.stallRule = stallRule;
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
                + " (or are they all busy with other searches)?"),
        /**
         * Snapshots of the search were published, but none since following began or since the last
         * one, for {@code after}: a running aggregator republishes every unfinished search's
         * snapshot each {@link LeaderboardSnapshot#HEARTBEAT}, quiet or not, so none is running or
         * answering (stopped, restarting, or cut off from the brokers). Said again each time it
         * comes back and is lost again.
         */
        NO_REPORT("is an aggregator running against this cluster, with the same --topic-prefix, and reaching the"
                + " brokers? (`trialstream aggregator --bootstrap HOST:PORT` starts one)"),
        /**
         * The search has trials to go and has not moved for {@code after}, and the {@link Fleet}
         * has had no worker for as long: every worker stopped (killed, scaled to 0) or none ever
         * ran. A running aggregator keeps republishing the search, so {@link #NO_REPORT} does not
         * say it. Said again each time the fleet empties again.
         */
        NO_WORKER("start one: `trialstream worker --bootstrap HOST:PORT`, with the same --topic-prefix");

        private final String question;

        Silence(String question) {
            this.question = question;
        }

        /** What to ask the user waiting, for its most common cause; the hint and the time-out both ask it. */
        public String question() {
            return question;
        }
    }

    /** Hears what a follower finds missing, and when the aggregator's silence is over. */
    @FunctionalInterface
    public interface SilenceListener {
        /** {@code silence} has lasted the time given to {@link #hintingWhenSilent}. */
        void silent(String searchId, Silence silence);

        /** A snapshot came after a {@link Silence#NO_REPORT} of {@code lasted} (measured from the last report). */
        default void reportingAgain(String searchId, Duration lasted) {
        }

        /**
         * {@link Silence#NO_WORKER}: no worker has been in the fleet for {@code lasted} while
         * {@code waiting} trials of the search (queued, or running on a worker that is gone) wait;
         * 0: its final fit waits (every trial has ended).
         */
        default void noWorker(String searchId, Duration lasted, int waiting) {
            silent(searchId, Silence.NO_WORKER);
        }

        /** A worker is in the fleet again, after a {@link #noWorker}. */
        default void workerAgain(String searchId) {
        }

        /**
         * A running trial has reported no epoch for much longer than its epochs take (by the
         * follower's {@link StallRule}): its worker, still in the fleet, may be stuck. Once per stall.
         */
        default void stalled(String searchId, TrialStall stall) {
        }

        /**
         * A trial {@link #stalled} is no more: it reports again ({@code running} present, its new
         * state), or it no longer runs (ended, or back in the queue after its worker left).
         */
        default void stallOver(String searchId, TrialStall stall, Optional<RunningTrial> running) {
        }
    }

    /** Whether the fleet has a worker, as the follower can tell it. */
    @FunctionalInterface
    public interface Fleet {
        /** How long no worker has been in the fleet; empty while one is, or while that is not known. */
        Optional<Duration> emptyFor();

        /**
         * Whether {@code workerId} is known not to be in the fleet (killed, stopped: its trial is
         * retried once Kafka's session timeout passes, or waits for a worker): not a stuck worker.
         */
        default boolean gone(String workerId) {
            return false;
        }
    }

    /**
     * The same follower, which also gives {@code hint} the search id and what is missing, when it
     * still lasts {@code after} following began: {@link Silence#NO_LEADERBOARD} and
     * {@link Silence#NO_TRIAL_STARTED} at most once; {@link Silence#NO_REPORT} when no snapshot has
     * come for {@code after}, and {@link SilenceListener#reportingAgain} when one comes after it,
     * as often as that happens. Following goes on.
     */
    public LeaderboardFollower hintingWhenSilent(Duration after, SilenceListener hint) {
        return new LeaderboardFollower(consumer, codec, topic, metadataTimeout, failure, after, hint, fleet, stallRule);
    }

    /**
     * The same follower, which also tells its hint ({@link #hintingWhenSilent}) when the search
     * has trials to go and has not moved for its {@code after}, and {@code fleet} has had no worker
     * for as long ({@link Silence#NO_WORKER}, which then stands for {@link Silence#NO_TRIAL_STARTED}),
     * and when a worker is back.
     */
    public LeaderboardFollower watchingFleet(Fleet fleet) {
        return new LeaderboardFollower(consumer, codec, topic, metadataTimeout, failure, silentAfter, silentHint,
                fleet, stallRule);
    }

    /**
     * The same follower, calling a running trial stuck by {@code rule} instead of the default
     * {@link StallRule} (its hint hears of it: {@link SilenceListener#stalled}).
     */
    public LeaderboardFollower judgingStallsBy(StallRule rule) {
        return new LeaderboardFollower(consumer, codec, topic, metadataTimeout, failure, silentAfter, silentHint,
                fleet, rule);
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
        java.util.EnumSet<Silence> hinted = java.util.EnumSet.noneOf(Silence.class);
        LeaderboardSnapshot last = null;
        LeaderboardSnapshot held = null;
        // When the last snapshot published after following began came (or following began).
        long lastReport = started;
        boolean unreported = false;
        // When the search last moved (a trial started or ended, an epoch trained), or following began.
        long lastMove = started;
        boolean noWorker = false;
        StallWatch stalls = new StallWatch(stallRule, silentHint);
        LeaderboardSnapshot stallChecked = null;
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
                    if (last != null && moved(last, snapshot)) {
                        lastMove = System.nanoTime();
                    }
                    last = snapshot;
                    if (record.offset() < history && !until.test(snapshot)) {
                        held = snapshot;
                        continue;
                    }
                    held = null;
                    onSnapshot.accept(snapshot);
                    if (record.offset() >= history) {
                        long now = System.nanoTime();
                        if (unreported) {
                            // After the frame, so that a redrawn view does not wipe the line at once.
                            silentHint.reportingAgain(searchId, Duration.ofNanos(now - lastReport));
                            unreported = false;
                        }
                        lastReport = now;
                    }
                    if (until.test(snapshot)) {
                        return snapshot;
                    }
                }
            }
            if (held != null && consumer.position(partition, metadataTimeout) >= history) {
                onSnapshot.accept(held);
                held = null;
            }
            if (silentAfter != null && !unreported && last != null && !last.done()
                    && System.nanoTime() - lastReport >= silentAfter.toNanos()) {
                unreported = true;
                silentHint.silent(searchId, Silence.NO_REPORT);
            }
            if (silentAfter != null && fleet != null && !unreported && last != null && !last.done()) {
                Optional<Duration> empty = fleet.emptyFor();
                int waiting = last.counts().requested() + last.counts().running();
                // A final fit waits for a worker as trials do: with none, the search never ends.
                boolean wants = waiting > 0 || last.status() == SearchStatus.FINAL_FIT;
                if (!noWorker && wants && empty.filter(d -> d.compareTo(silentAfter) >= 0).isPresent()
                        && System.nanoTime() - lastMove >= silentAfter.toNanos()) {
                    noWorker = true;
                    hinted.add(Silence.NO_TRIAL_STARTED); // said more precisely
                    silentHint.noWorker(searchId, empty.get(), waiting);
                } else if (noWorker && empty.isEmpty()) {
                    noWorker = false;
                    silentHint.workerAgain(searchId);
                }
            }
            // A snapshot of the search as it is now (not history, not stale): its trials' silences are current.
            if (silentAfter != null && !unreported && held == null && last != null && last != stallChecked
                    && !last.done()) {
                stallChecked = last;
                stalls.check(searchId, last, worker -> fleet != null && fleet.gone(worker));
            }
            // Unreported, the last snapshot may be stale: whether trials started is not known.
            if (silentAfter != null && !unreported && System.nanoTime() - started >= silentAfter.toNanos()) {
                silence(last).filter(hinted::add).ifPresent(silence -> silentHint.silent(searchId, silence));
            }
            Optional<String> why = failure.get();
            if (why.isPresent()) {
                throw new IllegalStateException("search " + searchId + " cannot finish: " + why.get());
            }
        }
        throw new SearchTimeoutException(searchId, timeout, last, unreported, noWorker);
    }

    /** Whether the search moved between two snapshots: a trial started or ended, or an epoch was trained. */
    private static boolean moved(LeaderboardSnapshot before, LeaderboardSnapshot after) {
        return before.epochsTrained() != after.epochsTrained() || !before.counts().equals(after.counts());
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

        SearchTimeoutException(String searchId, Duration timeout, LeaderboardSnapshot last, boolean unreported,
                               boolean noWorker) {
            super("search " + searchId + " did not finish within " + timeout.toSeconds() + " s"
                    + (unreported ? Optional.of(Silence.NO_REPORT)
                            : noWorker ? Optional.of(Silence.NO_WORKER) : silence(last))
                    .map(silence -> switch (silence) {
                        case NO_LEADERBOARD -> " (no leaderboard yet: " + silence.question() + ")";
                        case NO_TRIAL_STARTED -> " (no trial of it has started: " + silence.question() + ")";
                        case NO_REPORT -> " (no aggregator has reported it lately: " + silence.question() + ")";
                        case NO_WORKER -> " (no worker is in the fleet: " + silence.question() + ")";
                    }).orElse(""));
            this.last = last;
        }

        public LeaderboardSnapshot last() {
            return last;
        }
    }
}
