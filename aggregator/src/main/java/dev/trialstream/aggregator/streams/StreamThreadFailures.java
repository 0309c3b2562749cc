package dev.trialstream.aggregator.streams;

import java.util.Optional;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a stream thread's death does. An exception replaces the thread: its tasks resume from the
 * last commit (exactly-once), the process stays up. An {@link Error} (out of memory, say) shuts
 * the Streams client down instead and is kept as the aggregator's failure, so that liveness fails
 * and the process is restarted: a JVM that ran out of memory is not one to go on in, and a
 * replaced thread would meet the same Error again while the aggregator looked live.
 */
final class StreamThreadFailures implements StreamsUncaughtExceptionHandler {

    private static final Logger LOG = LoggerFactory.getLogger(StreamThreadFailures.class);

    private volatile Error fatal;

    @Override
    public StreamThreadExceptionResponse handle(Throwable exception) {
        Optional<Error> error = errorIn(exception);
        if (error.isPresent()) {
            fatal = error.get();
            LOG.error("aggregator stream thread died of an Error; stopping Kafka Streams so that the process is restarted",
                    exception);
            return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        }
        LOG.error("aggregator stream thread died; replacing it", exception);
        return StreamThreadExceptionResponse.REPLACE_THREAD;
    }

    /** The Error a stream thread died of, if one did. */
    Optional<Error> fatal() {
        return Optional.ofNullable(fatal);
    }

    /** The Error in the cause chain (Streams may wrap what a processor threw), if any. */
    private static Optional<Error> errorIn(Throwable thrown) {
        for (Throwable t = thrown; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof Error error) {
                return Optional.of(error);
            }
        }
        return Optional.empty();
    }
}
