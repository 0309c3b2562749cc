package dev.trialstream.worker.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trialstream.broker.EmbeddedKafka;
import dev.trialstream.core.data.Dataset;
import dev.trialstream.core.message.DatasetRef;
import dev.trialstream.kafka.BlobStore;
import dev.trialstream.kafka.KafkaConnection;
import dev.trialstream.worker.trial.DatasetCache;
import dev.trialstream.worker.trial.DatasetUnreachableException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A dataset a worker has not cached yet, fetched while the broker is down: the fetch waits the
 * outage out and returns the dataset once the broker is back (a trial no longer fails for it), and
 * stops waiting when the trial is given up.
 */
class DatasetFetcherBrokerTest {

    private EmbeddedKafka kafka;
    private PipelineFixture fx;

    @BeforeEach
    void startBroker() {
        kafka = EmbeddedKafka.start();
        fx = new PipelineFixture(kafka, "df.", 2);
    }

    @AfterEach
    void stopBroker() {
        kafka.close();
    }

    private DatasetCache cache() {
        return new DatasetCache(new DatasetFetcher(KafkaConnection.of(kafka.bootstrapServers()), fx.topics.datasets(),
                "test-datasets", Duration.ofSeconds(3), new BlobStore(fx.codec)), 2);
    }

    @Test
    void aDatasetFetchedDuringABrokerOutage_isReadOnceTheBrokerIsBack() throws Exception {
        DatasetRef ref = fx.uploadSyntheticData(200, 7);
        DatasetCache cache = cache();
        kafka.stop();

        CompletableFuture<Dataset> fetched = CompletableFuture.supplyAsync(() -> cache.get(ref, Optional::empty));
        Thread.sleep(8_000); // longer than one fetch attempt (3 s): it has failed and is trying again
        assertThat(fetched).as("still waiting for the broker").isNotDone();
        kafka.restart();

        assertThat(fetched.get(60, TimeUnit.SECONDS).train().rows()).isPositive();
    }

    @Test
    void aDatasetFetchedDuringABrokerOutage_isGivenUpWithTheTrial() throws Exception {
        DatasetRef ref = fx.uploadSyntheticData(200, 8);
        DatasetCache cache = cache();
        kafka.stop();
        AtomicBoolean revoked = new AtomicBoolean();

        CompletableFuture<Dataset> fetched = CompletableFuture.supplyAsync(() -> cache.get(ref,
                () -> revoked.get() ? Optional.of("partition revoked") : Optional.empty()));
        Thread.sleep(4_000);
        revoked.set(true);

        assertThatThrownBy(() -> fetched.get(30, TimeUnit.SECONDS)).cause()
                .isInstanceOf(DatasetUnreachableException.class).hasMessageStartingWith("gave up waiting for dataset")
                .hasMessageContaining("partition revoked");
        kafka.restart();
    }
}
