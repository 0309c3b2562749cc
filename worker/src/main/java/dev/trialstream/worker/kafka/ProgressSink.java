package dev.trialstream.worker.kafka;

import dev.trialstream.core.message.EventMessage;

/** Where progress events (started, epoch reports) go: plain sends, outside any transaction. */
@FunctionalInterface
interface ProgressSink {

    void publish(EventMessage event);
}
