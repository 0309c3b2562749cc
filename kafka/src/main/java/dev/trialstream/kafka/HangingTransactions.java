package dev.trialstream.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.AbortTransactionSpec;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeProducersResult;
import org.apache.kafka.clients.admin.ListTransactionsOptions;
import org.apache.kafka.clients.admin.ProducerState;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.admin.TransactionDescription;
import org.apache.kafka.clients.admin.TransactionListing;
import org.apache.kafka.clients.admin.TransactionState;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds and aborts <em>hanging</em> transactions of the given applications' producers: a partition still
 * holds a transaction open that the transaction coordinator has already completed, so no marker
 * will ever close it there. Then read_committed readers of the partition stop at its last stable
 * offset, and if the partition is the group's {@code __consumer_offsets} partition, no member of
 * the group may fetch its committed offsets ("partitions still have unstable offsets") — a Kafka
 * Streams app waits for those before it processes anything, so it cannot commit the transaction
 * that would close the old one: it never starts.
 *
 * <p>Seen with Kafka 4.4 on a single-node cluster restarted after {@code kill -9}: the restarted
 * coordinator resends the markers of a transaction it had prepared, the controller then fences the
 * broker's previous incarnation, so every partition has no leader for a moment, and the coordinator
 * takes "no leader" for "partition deleted" and drops those markers (its log: "Couldn't find leader
 * endpoint for partitions ... these partitions are likely deleted already and hence can be
 * skipped"). This does what {@code kafka-transactions.sh find-hanging} and {@code abort} do, for
 * the given transactional id prefixes only: a transaction open on a partition for longer than its
 * owner's {@code olderThan} (well above the producers' transaction timeout, after which the coordinator
 * itself would have aborted it) whose coordinator is not in a transaction that holds the partition
 * gets an abort marker. Aborting is consistent: the transaction's offsets and outputs are dropped
 * together, and its inputs are processed again.
 */
public final class HangingTransactions {

    private static final Logger LOG = LoggerFactory.getLogger(HangingTransactions.class);
    /** Where the groups' offsets live: a hanging transaction there blocks every member's offset fetch. */
    private static final String GROUP_OFFSETS = "__consumer_offsets";

    /**
     * A transaction open on a partition: who holds it, since when, and from which offset (its first
     * record there: what an abort discards starts at it).
     */
    public record Open(TopicPartition partition, long producerId, short producerEpoch, int coordinatorEpoch,
                       long lastWriteMillis, long startOffset) {

        AbortTransactionSpec abort() {
            return new AbortTransactionSpec(partition, producerId, producerEpoch, coordinatorEpoch);
        }
    }

    private final Admin admin;
    private final Map<String, Duration> owners;
    private final Duration timeout;

    /**
     * @param transactionalIdPrefix only producers whose transactional id starts with this are touched
     * @param olderThan             how long a transaction must have been open on a partition (since
     *                              its last write there) to count as hanging
     */
    public HangingTransactions(Admin admin, String transactionalIdPrefix, Duration olderThan, Duration timeout) {
        this(admin, Map.of(transactionalIdPrefix, olderThan), timeout);
    }

    /**
     * @param owners whose producers are touched: transactional id prefix → how long a transaction of
     *               theirs must have been open on a partition (since its last write there) to count as
     *               hanging. One pass over the partitions serves them all.
     */
    public HangingTransactions(Admin admin, Map<String, Duration> owners, Duration timeout) {
        this.admin = admin;
        this.owners = Map.copyOf(owners);
        this.timeout = timeout;
    }

    /**
     * What one check did: the transactions it aborted, and the topics it was not allowed to look at
     * (no DESCRIBE, or no READ for {@code describeProducers}): a transaction hanging there is not found.
     */
    public record Check(List<Open> aborted, Set<String> unreadable) {

        public Check {
            aborted = List.copyOf(aborted);
            unreadable = Set.copyOf(unreadable);
        }
    }

    /**
     * Aborts the hanging transactions on every partition of the topics starting with
     * {@code topicPrefix} and of {@code __consumer_offsets}.
     */
    public Check abortUnder(String topicPrefix) throws InterruptedException, ExecutionException, TimeoutException {
        return abortUnder(topicPrefix, Set.of());
    }

    /**
     * As {@link #abortUnder(String)}, but not on the {@code skipped} topics (those no owner's producer
     * writes). A topic this login may not look at is left out of the check and named in its result,
     * not an error: the others are still checked.
     */
    public Check abortUnder(String topicPrefix, Set<String> skipped)
            throws InterruptedException, ExecutionException, TimeoutException {
        Set<String> topics = admin.listTopics(new org.apache.kafka.clients.admin.ListTopicsOptions().listInternal(true))
                .names().get(timeout.toMillis(), TimeUnit.MILLISECONDS).stream()
                .filter(name -> name.startsWith(topicPrefix) && !skipped.contains(name))
                .collect(Collectors.toCollection(HashSet::new));
        topics.add(GROUP_OFFSETS);
        Set<String> unreadable = new TreeSet<>();
        List<TopicPartition> partitions = new ArrayList<>();
        for (Map.Entry<String, KafkaFuture<TopicDescription>> topic
                : admin.describeTopics(topics).topicNameValues().entrySet()) {
            TopicDescription description = allowed(topic.getValue(), topic.getKey(), unreadable);
            if (description != null) {
                description.partitions().forEach(p -> partitions.add(new TopicPartition(topic.getKey(), p.partition())));
            }
        }
        return new Check(abortOn(partitions, unreadable), unreadable);
    }

    /**
     * The future's value; null when the login may not see the topic (which is then added to
     * {@code unreadable}) or the topic went away meanwhile.
     */
    private <T> T allowed(KafkaFuture<T> future, String topic, Set<String> unreadable)
            throws InterruptedException, ExecutionException, TimeoutException {
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof TopicAuthorizationException) {
                unreadable.add(topic);
                return null;
            }
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                return null;
            }
            throw e;
        }
    }

    /**
     * Aborts the hanging transactions of the owners' producers on these partitions; returns those
     * aborted. A partition whose producers this login may not read adds its topic to {@code unreadable}.
     */
    private List<Open> abortOn(Collection<TopicPartition> partitions, Set<String> unreadable)
            throws InterruptedException, ExecutionException, TimeoutException {
        long now = System.currentTimeMillis();
        long youngest = owners.values().stream().mapToLong(Duration::toMillis).min().orElseThrow();
        List<Open> open = new ArrayList<>();
        DescribeProducersResult producers = admin.describeProducers(partitions);
        for (TopicPartition partition : partitions) {
            DescribeProducersResult.PartitionProducerState state =
                    allowed(producers.partitionResult(partition), partition.topic(), unreadable);
            if (state != null) {
                state.activeProducers().forEach(producer -> opened(partition, producer)
                        .filter(o -> now - o.lastWriteMillis() > youngest).ifPresent(open::add));
            }
        }
        if (open.isEmpty()) {
            return List.of();
        }
        Set<Long> producerIds = open.stream().map(Open::producerId).collect(Collectors.toSet());
        Collection<TransactionListing> listings = admin.listTransactions(
                new ListTransactionsOptions().filterProducerIds(producerIds)).all()
                .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        Set<String> ours = listings.stream().map(TransactionListing::transactionalId)
                .filter(id -> olderThanFor(id, owners) != null).collect(Collectors.toSet());
        Map<String, TransactionDescription> coordinators = ours.isEmpty() ? Map.of()
                : admin.describeTransactions(ours).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        List<Open> hanging = hanging(open, listings, coordinators, owners, now);
        List<Open> aborted = new ArrayList<>();
        for (Open transaction : hanging) {
            LOG.warn("aborting a hanging transaction: producer {} (epoch {}) holds {} open since {} ms ago, but its "
                            + "coordinator has no such transaction open (a marker the broker dropped)",
                    transaction.producerId(), transaction.producerEpoch(), transaction.partition(),
                    now - transaction.lastWriteMillis());
            try {
                admin.abortTransaction(transaction.abort()).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                aborted.add(transaction);
            } catch (ExecutionException e) {
                // Typically not authorized: aborting needs ALTER (or CLUSTER_ACTION) on the cluster.
                LOG.warn("could not abort it ({}); an operator can: kafka-transactions.sh --bootstrap-server ... abort "
                                + "--topic {} --partition {} --producer-id {} --producer-epoch {} --coordinator-epoch {}",
                        e.getCause() == null ? e : e.getCause(), transaction.partition().topic(),
                        transaction.partition().partition(), transaction.producerId(), transaction.producerEpoch(),
                        transaction.coordinatorEpoch());
            }
        }
        return aborted;
    }

    private static java.util.Optional<Open> opened(TopicPartition partition, ProducerState producer) {
        if (producer.currentTransactionStartOffset().isEmpty()) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(new Open(partition, producer.producerId(), (short) producer.producerEpoch(),
                producer.coordinatorEpoch().orElse(0), producer.lastTimestamp(),
                producer.currentTransactionStartOffset().getAsLong()));
    }

    /** How long a transaction of this id's owner must have been open to hang; null when no owner's. */
    private static Duration olderThanFor(String transactionalId, Map<String, Duration> owners) {
        return owners.entrySet().stream().filter(owner -> transactionalId.startsWith(owner.getKey()))
                .map(Map.Entry::getValue).findFirst().orElse(null);
    }

    /**
     * Which of these open transactions hang: the producer's transactional id has an owner's prefix,
     * the transaction has been open on the partition longer than that owner allows (at {@code now}),
     * and its coordinator either has no transaction open (state empty or completed) or has one that
     * does not hold the partition. A producer the coordinator does not list is left alone (not known
     * to be ours).
     */
    static List<Open> hanging(List<Open> open, Collection<TransactionListing> listings,
                              Map<String, TransactionDescription> coordinators, Map<String, Duration> owners,
                              long now) {
        Map<Long, String> idOf = new java.util.HashMap<>();
        listings.forEach(listing -> idOf.put(listing.producerId(), listing.transactionalId()));
        List<Open> hanging = new ArrayList<>();
        Set<TopicPartition> seen = new HashSet<>();
        for (Open transaction : open) {
            String id = idOf.get(transaction.producerId());
            Duration olderThan = id == null ? null : olderThanFor(id, owners);
            if (olderThan == null || now - transaction.lastWriteMillis() <= olderThan.toMillis()
                    || !seen.add(transaction.partition())) {
                continue;
            }
            TransactionDescription coordinator = coordinators.get(id);
            if (coordinator == null) {
                continue;
            }
            boolean inProgress = coordinator.state() == TransactionState.ONGOING
                    || coordinator.state() == TransactionState.PREPARE_COMMIT
                    || coordinator.state() == TransactionState.PREPARE_ABORT
                    || coordinator.state() == TransactionState.PREPARE_EPOCH_FENCE;
            if (!inProgress || !coordinator.topicPartitions().contains(transaction.partition())) {
                hanging.add(transaction);
            }
        }
        return hanging;
    }
}
