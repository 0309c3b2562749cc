package dev.trialstream.launcher.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trialstream.broker.EmbeddedKafkaExtension;
import dev.trialstream.core.message.LeaderboardSnapshot;
import dev.trialstream.core.message.MessageCodec;
import dev.trialstream.core.message.StatusCounts;
import dev.trialstream.core.status.SearchStatus;
import dev.trialstream.kafka.ClientConfigs;
import dev.trialstream.kafka.TopicBootstrap;
import dev.trialstream.kafka.TopicLayout;
import dev.trialstream.kafka.Topics;
import dev.trialstream.launcher.cli.Cli;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code cancel} of a search in its final fit says that cancel does not stop a final fit (every trial
 * has ended; the search ends with its model), instead of "cancel sent" for a cancel that changes nothing.
 */
class CancelInFinalFitTest {

    @RegisterExtension
    static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension();

    @Test
    void cancel_ofASearchInItsFinalFit_saysCancelDoesNotStopIt() throws Exception {
        String bootstrap = KAFKA.bootstrapServers();
        Topics topics = new Topics("ff.");
        try (TopicBootstrap bootstrap1 = new TopicBootstrap(bootstrap, topics, new TopicLayout(1, 1, (short) 1),
                Duration.ofSeconds(30))) {
            bootstrap1.ensureTopics();
        }
        String id = "s-0000ff01";
        LeaderboardSnapshot fitting = new LeaderboardSnapshot(id, "final-fitting", new StatusCounts(0, 0, 2, 1, 0),
                List.of(), List.of(), 30, 30, null, SearchStatus.FINAL_FIT, 1);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(ClientConfigs.producer(bootstrap, "ff-test"))) {
            producer.send(new ProducerRecord<>(topics.leaderboard(), id, new MessageCodec().encode(fitting))).get();
        }

        for (String flag : new String[] {"--reason=stop it", "--final-fit"}) {
            Cli cancel = Cli.run("cancel", id, flag, "--bootstrap", bootstrap, "--topic-prefix", "ff.");

            assertThat(cancel.exitCode()).as(cancel.err()).isZero();
            assertThat(cancel.out().strip()).as(flag).isEqualTo(id + " is in its final fit, which cancel does not stop:"
                    + " every trial has ended, and it ends with its model (`trialstream watch " + id + "` follows it);"
                    + " to end it now without a model (no worker to fit it, say): `trialstream cancel " + id
                    + " --abandon-final-fit`");
        }
    }
}
