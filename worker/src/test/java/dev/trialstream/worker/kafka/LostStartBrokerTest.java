package dev.trialstream.worker.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trialstream.broker.EmbeddedKafkaExtension;
import dev.trialstream.core.message.DatasetRef;
import dev.trialstream.core.message.EventMessage;
import dev.trialstream.core.message.TrialEnded;
import dev.trialstream.core.message.TrialStarted;
import dev.trialstream.worker.dl4j.Dl4jTrainer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A trial's start lost on the way: starts are plain sends (the trial shows as running at once),
 * and one can fail — found by the fault suite on three brokers, where a completed trial's start
 * never reached {@code events}, and its search, whose aggregator learns a trial's parameters from
 * the start, waited in {@code running} for good. Made here on a real broker: the worker's progress
 * producer refuses the first start it is given. The start must still reach {@code events} before
 * the trial's terminal event, in the end's transaction. Without that, that trial ends without a start.
 */
class LostStartBrokerTest {

    @RegisterExtension
    static final EmbeddedKafkaExtension kafka = new EmbeddedKafkaExtension();

    @Test
    void aStartThePlainSendLost_isCommittedWithTheTrialsEnd() throws Exception {
        PipelineFixture fx = new PipelineFixture(kafka.get(), "ls.", 1);
        DatasetRef data = fx.uploadSyntheticData(90, 1);
        fx.publish(fx.trials("s-ls", 3, 2, data), 1);
        AtomicReference<String> refused = new AtomicReference<>();
        WorkerConfig config = fx.workerConfig("ls", 1);
        String events = fx.topics.events();

        try (TrialWorker worker = new TrialWorker(config, new Dl4jTrainer(), Clock.systemUTC(), new SimpleMeterRegistry(),
                java.util.function.UnaryOperator.identity(),
                real -> Intercepted.by(Producer.class, real, (method, args) -> {
                    if (method.equals("send") && ((ProducerRecord<?, ?>) args[0]).topic().equals(events)
                            && refused.get() == null) {
                        byte[] value = (byte[]) ((ProducerRecord<?, ?>) args[0]).value();
                        if (new String(value, java.nio.charset.StandardCharsets.UTF_8).contains("\"TrialStarted\"")) {
                            refused.set((String) ((ProducerRecord<?, ?>) args[0]).key());
                            throw new KafkaException("test: the broker is away");
                        }
                    }
                    return false;
                })).start()) {
            List<EventMessage> seen = fx.eventsUntilTerminal(3);

            assertThat(refused.get()).as("a start was refused").isNotNull();
            Set<String> ended = seen.stream().filter(TrialEnded.class::isInstance).map(EventMessage::trialId)
                    .collect(Collectors.toSet());
            assertThat(ended).containsExactlyInAnyOrder("s-ls-t0", "s-ls-t1", "s-ls-t2");
            for (String trial : ended) {
                int start = indexOf(seen, trial, TrialStarted.class);
                int end = indexOf(seen, trial, TrialEnded.class);
                assertThat(start).as("the start of " + trial + " is on events").isGreaterThanOrEqualTo(0);
                assertThat(start).as("the start of " + trial + " comes before its end").isLessThan(end);
            }
        }
    }

    private static int indexOf(List<EventMessage> events, String trialId, Class<?> type) {
        for (int i = 0; i < events.size(); i++) {
            if (type.isInstance(events.get(i)) && events.get(i).trialId().equals(trialId)) {
                return i;
            }
        }
        return -1;
    }
}
