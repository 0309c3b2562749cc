package dev.trialstream.worker.trial;

import dev.trialstream.core.message.EventMessage;

/** Where progress events (started, epoch reports) go: plain sends, outside any transaction. */
@FunctionalInterface
public interface ProgressSink {

    void publish(EventMessage event);
}
