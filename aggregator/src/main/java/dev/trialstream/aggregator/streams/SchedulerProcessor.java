package dev.trialstream.aggregator.streams;

import dev.trialstream.aggregator.metrics.AggregatorMetrics;
import dev.trialstream.aggregator.schedule.FleetScheduler;
import dev.trialstream.aggregator.schedule.SearchShare;
import dev.trialstream.aggregator.state.StateCodec;
import dev.trialstream.core.message.DeadLetter;
import dev.trialstream.core.message.MessageCodec;
import dev.trialstream.core.message.MessageDecodeException;
import dev.trialstream.core.message.SearchDemand;
import dev.trialstream.core.message.SlotsGranted;
import java.time.Clock;
import java.util.Map;
import org.apache.kafka.streams.KeyValue;
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
 */
final class SchedulerProcessor implements Processor<String, byte[], String, byte[]> {

    private static final Logger LOG = LoggerFactory.getLogger(SchedulerProcessor.class);

    private final int fleetSlots;
    private final MessageCodec codec;
    private final Clock clock;
    private final AggregatorMetrics metrics;
    private ProcessorContext<String, byte[]> context;
    private KeyValueStore<String, byte[]> store;
    private FleetScheduler scheduler;

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
        scheduler = new FleetScheduler(fleetSlots);
        try (KeyValueIterator<String, byte[]> all = store.all()) {
            all.forEachRemaining((KeyValue<String, byte[]> entry) -> scheduler.restore(StateCodec.readShare(entry.value)));
        }
        // A restart with more slots configured hands them out at once, not at the next report.
        forwardGrants();
    }

    @Override
    public void process(Record<String, byte[]> record) {
        SearchDemand demand;
        try {
            demand = codec.decode(record.value(), SearchDemand.class);
        } catch (MessageDecodeException e) {
            LOG.warn("not a search's demand on the schedule topic, sent to dead-letters: {}", e.getMessage());
            metrics.deadLetter();
            var meta = context.recordMetadata().orElse(null);
            DeadLetter letter = new DeadLetter(meta == null ? "unknown" : meta.topic(), meta == null ? 0 : meta.partition(),
                    meta == null ? 0 : meta.offset(), record.key(), record.value() == null ? new byte[0] : record.value(),
                    String.valueOf(e.getMessage()), clock.millis());
            context.forward(new Record<>(record.key(), codec.encode(letter), record.timestamp()),
                    AggregatorTopology.SCHEDULER_DEAD_LETTERS);
            return;
        }
        metrics.event(SearchDemand.class.getSimpleName());
        SearchShare share = scheduler.report(demand);
        if (share == null) {
            store.delete(demand.searchId());
        } else {
            store.put(demand.searchId(), StateCodec.share(share));
        }
        forwardGrants();
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
