package dev.trialstream.worker.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trialstream.core.message.TrialStarted;
import dev.trialstream.core.params.Hyperparameters;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class StartReceiptsTest {

    private static TrialStarted start(String attempt) {
        return new TrialStarted("s-1", "s-1-t0", 0, Hyperparameters.DEFAULTS, 7L, attempt, "w", 0L);
    }

    @Test
    void aDeliveredStart_isNotSentAgain() {
        StartReceipts receipts = new StartReceipts();
        receipts.sent(start("a1"), CompletableFuture.completedFuture(null));

        assertThat(receipts.unconfirmed("a1")).isEmpty();
    }

    @Test
    void aFailedOrPendingStart_isSentWithTheEnd_andAskedAgainUntilForgotten() {
        StartReceipts receipts = new StartReceipts();
        receipts.sent(start("failed"), CompletableFuture.failedFuture(new IllegalStateException("away")));
        receipts.sent(start("pending"), new CompletableFuture<>());

        assertThat(receipts.unconfirmed("failed")).map(TrialStarted::attempt).contains("failed");
        assertThat(receipts.unconfirmed("pending")).map(TrialStarted::attempt).contains("pending");
        // A commit tried again asks again.
        assertThat(receipts.unconfirmed("failed")).isPresent();

        receipts.forget("failed");
        receipts.forget("pending");
        assertThat(receipts.unconfirmed("failed")).isEmpty();
        assertThat(receipts.size()).isZero();
    }

    @Test
    void anAttemptThisWorkerNeverStarted_hasNothingToSend() {
        assertThat(new StartReceipts().unconfirmed("elsewhere")).isEmpty();
    }
}
