package dev.trialstream.aggregator.streams;

import dev.trialstream.core.testing.SettableClock;
import static org.assertj.core.api.Assertions.assertThat;

import dev.trialstream.aggregator.metrics.AggregatorMetrics;
import dev.trialstream.core.message.Message;
import dev.trialstream.core.message.MessageCodec;
import dev.trialstream.core.message.SearchDemand;
import dev.trialstream.core.message.SlotsGranted;
import dev.trialstream.core.message.WorkerSlots;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;

/** The fleet's scheduler on a mock context: the fleet it shares, configured or announced by the workers. */
class SchedulerProcessorTest {

    private static final long EVERY = 1_000;
    private final SettableClock clock = new SettableClock(10_000);
    private final MessageCodec codec = new MessageCodec();
    private final MockProcessorContext<String, byte[]> context = new MockProcessorContext<>();
    private final AggregatorMetrics metrics = new AggregatorMetrics(clock);
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    private SchedulerProcessor started(int fleetSlots) {
        metrics.bindTo(registry);
        for (String name : new String[] {AggregatorTopology.SCHEDULE_STORE, AggregatorTopology.FLEET_STORE}) {
            KeyValueStore<String, byte[]> store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(name),
                    Serdes.String(), Serdes.ByteArray()).withLoggingDisabled().build();
            store.init(context.getStateStoreContext(), store);
            context.addStateStore(store);
        }
        SchedulerProcessor processor = new SchedulerProcessor(fleetSlots, codec, clock, metrics);
        processor.init(context);
        return processor;
    }

    private void process(SchedulerProcessor processor, Message message) {
        processor.process(new Record<>(message.key(), codec.encode(message), 0L));
    }

    private static WorkerSlots slots(String worker, int slots) {
        return new WorkerSlots(worker, slots, EVERY, 0);
    }

    /** A search that wants 10 slots and has none yet. */
    private static SearchDemand wide(String id) {
        return new SearchDemand(id, 1, 10, 100, 0, 0, 0, true, 1, 1);
    }

    /** Slots granted so far, all searches. */
    private int granted() {
        return context.forwarded().stream().map(f -> codec.decode(f.record().value(), Message.class))
                .filter(SlotsGranted.class::isInstance).mapToInt(m -> ((SlotsGranted) m).slots()).sum();
    }

    /** The silence checks, as the wall clock would run them. */
    private void tick() {
        context.scheduledPunctuators().forEach(p -> p.getPunctuator().punctuate(clock.millis()));
    }

    @Test
    void scheduler_sharesTheSlotsTheLiveWorkersAnnounce() {
        SchedulerProcessor processor = started(AggregatorConfig.ANNOUNCED_FLEET);
        process(processor, wide("s"));
        // No worker has announced itself yet: nothing to share.
        assertThat(granted()).isZero();

        process(processor, slots("three", 3));
        process(processor, slots("two", 2));

        assertThat(granted()).isEqualTo(5);
        // Announcing again changes nothing.
        process(processor, slots("three", 3));
        assertThat(granted()).isEqualTo(5);
    }

    @Test
    void scheduler_aWorkerSilentForThreePeriodsLeavesTheFleet_oneThatStopsLeavesAtOnce() {
        SchedulerProcessor processor = started(AggregatorConfig.ANNOUNCED_FLEET);
        process(processor, slots("three", 3));
        process(processor, slots("two", 2));
        process(processor, slots("one", 1));

        // "three" keeps announcing; "two" and "one" fall silent.
        clock.advance(2 * EVERY);
        process(processor, slots("three", 3));
        clock.advance(EVERY);
        tick();
        assertThat(capacity()).isEqualTo(6);
        clock.advance(1);
        tick();
        assertThat(capacity()).isEqualTo(3);

        process(processor, slots("three", 0));
        assertThat(capacity()).isZero();
        process(processor, wide("s"));
        assertThat(granted()).isZero();
        // A worker that comes back is in the fleet again.
        process(processor, slots("two", 2));
        assertThat(granted()).isEqualTo(2);
    }

    @Test
    void scheduler_aRestartKeepsTheAnnouncedFleet() {
        SchedulerProcessor processor = started(AggregatorConfig.ANNOUNCED_FLEET);
        process(processor, slots("three", 3));
        process(processor, slots("two", 2));

        // Kafka Streams calls init again (a new task, a failed transaction): the store has the fleet.
        SchedulerProcessor restarted = new SchedulerProcessor(AggregatorConfig.ANNOUNCED_FLEET, codec, clock, metrics);
        restarted.init(context);
        process(restarted, wide("s"));

        assertThat(granted()).isEqualTo(5);
    }

    @Test
    void scheduler_theConfiguredFleetWinsOverTheAnnouncedOne() {
        SchedulerProcessor processor = started(4);
        process(processor, slots("three", 3));
        process(processor, slots("two", 2));

        process(processor, wide("s"));

        assertThat(granted()).isEqualTo(4);
        assertThat(context.scheduledPunctuators()).isEmpty();
    }

    /** The fleet's size as the scheduler exports it after each change. */
    private double capacity() {
        return registry.get("trialstream.fleet.slots").tag("kind", "capacity").gauge().value();
    }
}
