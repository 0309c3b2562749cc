package dev.trialstream.aggregator.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The meters of the aggregator's hanging-transaction check, so that an operator can alert on
 * what its log says once: {@code trialstream.aggregator.hanging.transactions.aborted} (transactions
 * it found left open, by a broker that dropped their markers, and aborted) and
 * {@code trialstream.aggregator.hanging.check.unreadable.topics} (how many topics the check is not
 * allowed to read, so would not find such a transaction on: 0 when it sees them all).
 */
public final class HangingCheckMetrics implements MeterBinder {

    private final AtomicInteger unreadable = new AtomicInteger();
    private Counter aborted;

    @Override
    public void bindTo(MeterRegistry registry) {
        aborted = Counter.builder("trialstream.aggregator.hanging.transactions.aborted")
                .description("transactions the aggregator found hanging (left open by a broker) and aborted")
                .register(registry);
        Gauge.builder("trialstream.aggregator.hanging.check.unreadable.topics", unreadable, AtomicInteger::get)
                .description("topics the hanging-transaction check is not allowed to read (0: it reads all)")
                .register(registry);
    }

    /** A check aborted {@code count} transactions. */
    public void aborted(int count) {
        aborted.increment(count);
    }

    /** The last check could not read {@code count} topics. */
    public void unreadable(int count) {
        unreadable.set(count);
    }
}
