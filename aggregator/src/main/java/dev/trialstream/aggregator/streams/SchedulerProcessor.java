package dev.trialstream.aggregator.streams;

import dev.trialstream.aggregator.metrics.AggregatorMetrics;
import dev.trialstream.aggregator.schedule.FleetMember;
import dev.trialstream.aggregator.schedule.FleetScheduler;
import dev.trialstream.aggregator.schedule.FleetWorkers;
import dev.trialstream.aggregator.schedule.SearchShare;
import dev.trialstream.aggregator.state.StateCodec;
import dev.trialstream.core.message.DeadLetter;
import dev.trialstream.core.message.MessageCodec;
import dev.trialstream.core.message.MessageDecodeException;
import dev.trialstream.core.message.ScheduleMessage;
import dev.trialstream.core.message.SearchDemand;
import dev.trialstream.core.message.SlotsGranted;
import dev.trialstream.core.message.WorkerSlots;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fleet's scheduler: reads every search's {@link SearchDemand} (one partition, one task), lets
 * the {@link FleetScheduler} hand out free slots, and sends each grant to its search's tracker
 * ({@link SlotsGranted} on {@code grants}). The shares live in a changelogged store and commit
 * with the grants (exactly-once), so a restart neither forgets a grant nor makes one twice.
 *
 * <p>The fleet's size is the configured {@code fleetSlots}, or, when that is
 * {@link AggregatorConfig#ANNOUNCED_FLEET}, the slots the live workers announce ({@link WorkerSlots}
 * on the same topic, kept in a store of their own; {@link FleetWorkers} says who is live).
 */
final class SchedulerProcessor implements Processor<String, byte[], String, byte[]> {

    private static final Logger LOG = LoggerFactory.getLogger(SchedulerProcessor.class);

    /** How often silent workers are looked for. */
    static final Duration SILENCE_CHECK = Duration.ofSeconds(1);

    private final int fleetSlots;
    private final MessageCodec codec;
    private final Clock clock;
    private final AggregatorMetrics metrics;
    private ProcessorContext<String, byte[]> context;
    private KeyValueStore<String, byte[]> store;
    private KeyValueStore<String, byte[]> workerStore;
    private FleetScheduler scheduler;
    private FleetWorkers workers;

    SchedulerProcessor(int fleetSlots, MessageCodec codec, Clock clock, AggregatorMetrics metrics) {
        this.fleetSlots = fleetSlots;
        this.codec = codec;
        this.clock = clock;
        this.metrics = metrics;
    }

    @Override
    public void init(ProcessorContext<String, byte[]> context) {
        this.context = context;
        this.store = context.getStateStore(AggregatorTopology.SCHEDULE_STORE);
        // Rebuilt from the store on every init (Kafka Streams calls it again after a failed transaction).
        this.workerStore = context.getStateStore(AggregatorTopology.FLEET_STORE);
        workers = new FleetWorkers();
        List<String> forget = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> all = workerStore.all()) {
            all.forEachRemaining((KeyValue<String, byte[]> entry) -> {
                if (announced()) {
                    workers.restore(entry.key, StateCodec.readMember(entry.value));
                } else {
                    forget.add(entry.key); // a configured fleet now: the announced one is not kept
                }
            });
        }
        forget.forEach(workerStore::delete);
        scheduler = new FleetScheduler(capacity());
        try (KeyValueIterator<String, byte[]> all = store.all()) {
            all.forEachRemaining((KeyValue<String, byte[]> entry) -> scheduler.restore(StateCodec.readShare(entry.value)));
        }
        if (announced()) {
            context.schedule(SILENCE_CHECK, PunctuationType.WALL_CLOCK_TIME, now -> dropSilentWorkers());
        }
        // A restart with more slots configured hands them out at once, not at the next report.
        forwardGrants();
    }

    @Override
    public void process(Record<String, byte[]> record) {
        ScheduleMessage message;
        try {
            message = codec.decode(record.value(), ScheduleMessage.class);
        } catch (MessageDecodeException e) {
            deadLetter(record, e.getMessage());
            return;
        }
        metrics.event(message.getClass().getSimpleName());
        if (message instanceof WorkerSlots announcement) {
            workerAnnounced(announcement);
        } else if (message instanceof SearchDemand demand) {
            demanded(demand);
        } else {
            deadLetter(record, "a " + message.getClass().getSimpleName() + " does not belong on the schedule topic");
        }
    }

    private void demanded(SearchDemand demand) {
        SearchShare share = scheduler.report(demand);
        if (share == null) {
            store.delete(demand.searchId());
        } else {
            store.put(demand.searchId(), StateCodec.share(share));
        }
        forwardGrants();
    }

    private void deadLetter(Record<String, byte[]> record, String reason) {
        LOG.warn("neither a search's demand nor a worker's slots on the schedule topic, sent to dead-letters: {}",
                reason);
        metrics.deadLetter();
        var meta = context.recordMetadata().orElse(null);
        DeadLetter letter = new DeadLetter(meta == null ? "unknown" : meta.topic(), meta == null ? 0 : meta.partition(),
                meta == null ? 0 : meta.offset(), record.key(), record.value() == null ? new byte[0] : record.value(),
                String.valueOf(reason), clock.millis());
        context.forward(new Record<>(record.key(), codec.encode(letter), record.timestamp()),
                AggregatorTopology.SCHEDULER_DEAD_LETTERS);
    }

    private void workerAnnounced(WorkerSlots announcement) {
        if (!announced()) {
            return; // the configured fleet wins
        }
        FleetMember member = workers.announce(announcement, clock.millis());
        if (member == null) {
            workerStore.delete(announcement.workerId());
        } else {
            workerStore.put(announcement.workerId(), StateCodec.member(member));
        }
        fleetChanged();
    }

    private void dropSilentWorkers() {
        List<String> silent = workers.dropSilent(clock.millis());
        if (!silent.isEmpty()) {
            LOG.info("workers {} silent for {} announcement periods: left the fleet", silent, WorkerSlots.SILENT_PERIODS);
            silent.forEach(workerStore::delete);
            fleetChanged();
        }
    }

    /** The announced fleet may have grown (grants go out now) or shrunk (fewer go out from now on). */
    private void fleetChanged() {
        if (scheduler.capacity() != capacity()) {
            LOG.info("fleet: {} slots on {} workers", workers.slots(), workers.workers());
            scheduler.setCapacity(capacity());
        }
        forwardGrants();
    }

    private boolean announced() {
        return fleetSlots == AggregatorConfig.ANNOUNCED_FLEET;
    }

    /** The configured fleet wins; otherwise the live workers' announced slots. */
    private int capacity() {
        return announced() ? workers.slots() : fleetSlots;
    }

    private void forwardGrants() {
        Map<String, Integer> grants = scheduler.grant();
        grants.forEach((searchId, slots) -> {
            store.put(searchId, StateCodec.share(scheduler.share(searchId)));
            context.forward(new Record<>(searchId, codec.encode(new SlotsGranted(searchId, slots, clock.millis())),
                    clock.millis()), AggregatorTopology.GRANTS_SINK);
        });
        metrics.fleet(scheduler);
    }
}
