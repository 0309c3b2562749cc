package dev.trialstream.aggregator.streams;

import dev.trialstream.kafka.KafkaErrors;
import java.util.Optional;
import org.apache.kafka.common.errors.FencedInstanceIdException;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a stream thread's death does. An exception replaces the thread: its tasks resume from the
 * last commit (exactly-once), the process stays up. An {@link Error} (out of memory, say) shuts
 * the Streams client down instead and is kept as the aggregator's failure, so that liveness fails
 * and the process is restarted: a JVM that ran out of memory is not one to go on in, and a
 * replaced thread would meet the same Error again while the aggregator looked live. So does
 * being fenced off by another aggregator started with this one's {@code --instance-id}: a replaced
 * thread would take the membership back and fence the other in turn, for ever, both looking live.
 */
final class StreamThreadFailures implements StreamsUncaughtExceptionHandler {

    private static final Logger LOG = LoggerFactory.getLogger(StreamThreadFailures.class);

    private final String instanceId;
    private volatile String fatal;

    /** @param instanceId the aggregator's {@code --instance-id}, or null for none */
    StreamThreadFailures(String instanceId) {
        this.instanceId = instanceId;
    }

    @Override
    public StreamThreadExceptionResponse handle(Throwable exception) {
        Optional<Throwable> error = KafkaErrors.cause(exception, Error.class);
        if (error.isPresent()) {
            fatal = "a stream thread died of " + error.get();
            LOG.error("aggregator stream thread died of an Error; stopping Kafka Streams so that the process is restarted",
                    exception);
            return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        }
        Optional<Throwable> fenced = KafkaErrors.cause(exception, FencedInstanceIdException.class);
        if (fenced.isPresent()) {
            // Kafka's text names group.instance.id; the user gave --instance-id.
            fatal = "another aggregator runs with --instance-id " + instanceId + " (it took over this one's group"
                    + " membership): give every aggregator its own --instance-id (" + fenced.get().getMessage() + ")";
            LOG.error("aggregator cannot go on: {}", fatal);
            return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        }
        LOG.error("aggregator stream thread died; replacing it", exception);
        return StreamThreadExceptionResponse.REPLACE_THREAD;
    }

    /** Why a stream thread's death stopped Kafka Streams, if one did. */
    Optional<String> fatal() {
        return Optional.ofNullable(fatal);
    }
}
