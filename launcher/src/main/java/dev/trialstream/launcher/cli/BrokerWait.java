package dev.trialstream.launcher.cli;

import dev.trialstream.kafka.KafkaAdminException;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Retries a start-up step while the broker does not answer, so a worker or aggregator started
 * before its broker (or during an outage) waits for it instead of exiting; any other error, or
 * no answer within the patience, ends the wait.
 */
final class BrokerWait {

    private static final Logger LOG = LoggerFactory.getLogger(BrokerWait.class);

    private BrokerWait() {
    }

    static void until(String step, Duration patience, Runnable attempt) throws InterruptedException {
        long deadline = System.nanoTime() + patience.toNanos();
        long pause = 500;
        while (true) {
            try {
                attempt.run();
                return;
            } catch (KafkaAdminException e) {
                if (!unreachable(e) || System.nanoTime() + pause * 1_000_000 > deadline) {
                    throw e;
                }
                LOG.warn("{}: {} (retrying for up to {} s)", step, e.getMessage(), patience.toSeconds());
                Thread.sleep(pause);
                pause = Math.min(pause * 2, 5_000);
            }
        }
    }

    private static boolean unreachable(Throwable e) {
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof org.apache.kafka.common.errors.TimeoutException
                    || cause instanceof java.util.concurrent.TimeoutException) {
                return true;
            }
        }
        return false;
    }
}
