package dev.trialstream.core.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trialstream.core.data.DatasetLayout;
import dev.trialstream.core.metrics.CvScores;
import dev.trialstream.core.metrics.RegressionMetrics;
import dev.trialstream.core.params.Hyperparameters;
import dev.trialstream.core.status.SearchStatus;
import dev.trialstream.core.status.TrialState;
import dev.trialstream.core.training.CvPlan;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MessageRecordsTest {

    @Test
    void epochReported_zeroEpoch() {
        assertThatThrownBy(() -> new EpochReported("s", "t", "a", 0, List.of(1.0), 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("epoch must be positive, found 0");
    }

    @Test
    void epochReported_copiesFoldMse() {
        List<Double> folds = new ArrayList<>(List.of(1.0, 2.0));
        EpochReported report = new EpochReported("s", "t", "a", 1, folds, 0);
        folds.set(0, 99.0);

        assertThat(report.foldMse()).containsExactly(1.0, 2.0);
        assertThatThrownBy(() -> report.foldMse().add(3.0)).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void epochReported_nullFold() {
        List<Double> folds = new ArrayList<>();
        folds.add(1.0);
        folds.add(null);

        assertThatThrownBy(() -> new EpochReported("s", "t", "a", 1, folds, 0))
                .hasMessage("foldMse[1] must be set");
    }

    @Test
    void epochReported_divergedFoldIsAllowed() {
        EpochReported report = new EpochReported("s", "t", "a", 1, List.of(Double.NaN, Double.POSITIVE_INFINITY), 0);

        assertThat(report.foldMse()).containsExactly(Double.NaN, Double.POSITIVE_INFINITY);
        assertThat(report.meanMse()).isNaN();
    }

    @Test
    void cvPlan_oneFold() {
        assertThatThrownBy(() -> new CvPlan(1, 1, 10, 0, false))
                .hasMessage("folds must be >= 2, found 1");
    }

    @Test
    void cvPlan_negativePatience() {
        assertThatThrownBy(() -> new CvPlan(3, 1, 10, -1, false))
                .hasMessage("patience must be >= 0, found -1");
    }

    @Test
    void trialRequested_missingCvPlan() {
        assertThatThrownBy(() -> new TrialRequested("s", "t", 0, Hyperparameters.DEFAULTS, 1, null,
                MessageSamples.DATASET, 0))
                .hasMessage("cv must be set");
    }

    @Test
    void trialRequested_missingParams() {
        assertThatThrownBy(() -> new TrialRequested("s", "t", 0, null, 1, MessageSamples.CV_PLAN,
                MessageSamples.DATASET, 0))
                .hasMessage("params must be set");
    }

    @Test
    void trialStarted_whitespaceInWorkerId() {
        assertThatThrownBy(() -> new TrialStarted("s", "t", 0, Hyperparameters.DEFAULTS, 1, "a", "worker a", 0))
                .hasMessage("workerId must not contain whitespace or control characters, found \"worker a\"");
    }

    @Test
    void stopTrial_emptySearchId() {
        assertThatThrownBy(() -> new StopTrial("", "t", "median", 0))
                .hasMessage("searchId must have 1 to 200 characters, found 0");
    }

    @Test
    void trialCompleted_nanFoldMse() {
        assertThatThrownBy(() -> new TrialCompleted("s", "t", 5, CvScores.ofMse(List.of(1.0, Double.NaN)), 1, "w", 0))
                .hasMessage("cv.folds[1].mse must be a finite number >= 0, found NaN");
    }

    @Test
    void cvScores_derivesMeanAndSpreadFromTheFolds() {
        CvScores scores = new CvScores(List.of(new RegressionMetrics(10, 4.0, 2.0, 1.0, 0.5),
                new RegressionMetrics(10, 16.0, 4.0, 3.0, 0.7)));

        assertThat(scores.foldMse()).containsExactly(4.0, 16.0);
        assertThat(scores.mse()).isEqualTo(10.0);
        assertThat(scores.mseStd()).isEqualTo(6.0);
        assertThat(scores.mean()).isEqualTo(new RegressionMetrics(20, 10.0, 3.0, 2.0, 0.6));
    }

    @Test
    void cvScores_noFolds() {
        assertThatThrownBy(() -> new CvScores(List.of())).hasMessage("folds must not be empty");
        assertThatThrownBy(() -> CvScores.ofMse(List.of(1.0, -2.0)))
                .hasMessage("folds[1].mse must be >= 0, NaN or Infinity, found -2.0");
    }

    @Test
    void datasetRef_fractionWithTestFile() {
        assertThatThrownBy(() -> new DatasetRef(new DatasetLayout("d", "y", List.of(), 0.2, 42, null),
                MessageSamples.TRAIN, MessageSamples.TEST))
                .hasMessage("layout.testFraction must be 0 when a test file is given (test.csv), found 0.2");
    }

    @Test
    void datasetRef_fractionOfOne() {
        assertThatThrownBy(() -> DatasetRef.withSplit("d", MessageSamples.TRAIN, 1.0, 42, "y", List.of()))
                .hasMessage("testFraction must be at least 0 and below 1, found 1");
    }

    @Test
    void datasetRef_blankCategorical() {
        assertThatThrownBy(() -> DatasetRef.withSplit("d", MessageSamples.TRAIN, 0.2, 42, "y", List.of("a", " ")))
                .hasMessage("categorical[1] must not be blank");
    }

    @Test
    void fileRef_notASha256() {
        assertThatThrownBy(() -> new FileRef("ABC", 3, 1, "x.csv"))
                .hasMessage("sha256 must be 64 lowercase hex digits (a SHA-256), found \"ABC\"");
    }

    @Test
    void blobChunk_indexOutOfRange() {
        String sha = BlobChunker.sha256(new byte[] {1});
        assertThatThrownBy(() -> new BlobChunk(sha, 2, 2, 10, "x.bin", new byte[] {1}))
                .hasMessage("chunkIndex must be in [0, 2), found 2");
    }

    @Test
    void blobChunk_moreDataThanTotal() {
        String sha = BlobChunker.sha256(new byte[] {1});
        assertThatThrownBy(() -> new BlobChunk(sha, 0, 1, 1, "x.bin", new byte[] {1, 2}))
                .hasMessage("data has 2 bytes, more than totalBytes 1");
    }

    @Test
    void blobChunk_isImmutableAndComparesByContent() {
        byte[] data = {1, 2, 3};
        String sha = BlobChunker.sha256(data);
        BlobChunk chunk = new BlobChunk(sha, 0, 1, 3, "x.bin", data);
        data[0] = 9;
        chunk.data()[1] = 9;

        assertThat(chunk.data()).containsExactly(1, 2, 3);
        assertThat(chunk).isEqualTo(new BlobChunk(sha, 0, 1, 3, "x.bin", new byte[] {1, 2, 3}));
        assertThat(chunk).hasSameHashCodeAs(new BlobChunk(sha, 0, 1, 3, "x.bin", new byte[] {1, 2, 3}));
        assertThat(chunk).isNotEqualTo(new BlobChunk(sha, 0, 1, 3, "x.bin", new byte[] {1, 2, 4}));
        assertThat(chunk.toString()).isEqualTo("BlobChunk[x.bin " + sha.substring(0, 12) + "… 1/1, 3 of 3 bytes]");
    }

    @Test
    void searchSubmitted_epochBudgetIsTrialsTimesMaxEpochs() {
        SearchSubmitted submitted = new SearchSubmitted("s", MessageSamples.spec(), MessageSamples.DATASET, 20, 4, 0);

        assertThat(submitted.epochBudget()).isEqualTo(20L * MessageSamples.spec().training().maxEpochs());
        assertThat(submitted.name()).isEqualTo(MessageSamples.spec().name());
    }

    @Test
    void leaderboard_ranksOutOfOrder() {
        List<LeaderboardEntry> top = List.of(
                new LeaderboardEntry(1, "a", Hyperparameters.DEFAULTS, 5, CvScores.ofMse(List.of(1.0, 1.0))),
                new LeaderboardEntry(3, "b", Hyperparameters.DEFAULTS, 5, CvScores.ofMse(List.of(2.0, 2.0))));

        assertThatThrownBy(() -> new LeaderboardSnapshot("s", "n", StatusCounts.NONE, top, List.of(), 0, 0, null,
                SearchStatus.RUNNING, 0))
                .hasMessage("top[1].rank must be 2, found 3");
    }

    @Test
    void leaderboard_bestIsRankOne() {
        LeaderboardEntry first = new LeaderboardEntry(1, "a", Hyperparameters.DEFAULTS, 5,
                CvScores.ofMse(List.of(0.5, 1.5)));
        LeaderboardSnapshot snapshot = new LeaderboardSnapshot("s", "n", new StatusCounts(3, 1, 1, 1, 0),
                List.of(first), List.of(), 10, 30, null, SearchStatus.RUNNING, 0);

        assertThat(snapshot.best()).contains(first);
        assertThat(snapshot.counts().ended()).isEqualTo(2);
        assertThat(first.cvMse()).isEqualTo(1.0);
        assertThat(first.cvStd()).isEqualTo(0.5);
        assertThat(snapshot.done()).isFalse();
    }

    @Test
    void stoppedTrial_runningOrCompleted() {
        assertThatThrownBy(() -> new StoppedTrial("t", TrialState.COMPLETED, null, 1, 1.0, "r"))
                .hasMessage("state must be pruned or failed, found COMPLETED");
    }

    @Test
    void searchStatus_endedOnlyWhenNoMoreWorkWillHappen() {
        assertThat(java.util.Arrays.stream(SearchStatus.values()).filter(SearchStatus::ended))
                .containsExactly(SearchStatus.DONE, SearchStatus.CANCELLED, SearchStatus.FINAL_FIT_FAILED,
                        SearchStatus.NO_RESULT);
        assertThat(SearchStatus.parse("final-fit")).isEqualTo(SearchStatus.FINAL_FIT);
        assertThatThrownBy(() -> SearchStatus.parse("finished")).hasMessage("search status must be one of [running, "
                + "cancelling, finishing, final-fit, done, cancelled, final-fit-failed, no-result], found \"finished\"");
    }

    @Test
    void statusCounts_negative() {
        assertThatThrownBy(() -> new StatusCounts(1, 0, 0, -1, 0)).hasMessage("pruned must be >= 0, found -1");
    }

    @Test
    void deadLetter_copiesValueAndAllowsTombstone() {
        byte[] value = {1, 2};
        DeadLetter letter = new DeadLetter("t", 0, 5, "k", value, "bad", 0);
        value[0] = 9;

        assertThat(letter.value()).containsExactly(1, 2);
        assertThat(new DeadLetter("t", 0, 5, null, null, "bad", 0).value()).isNull();
    }

    @Test
    void shouldKeyEachMessageAsItsTopicExpects() {
        List<Message> all = MessageSamples.all();
        BlobChunk chunk = all.stream().filter(BlobChunk.class::isInstance).map(BlobChunk.class::cast).findFirst()
                .orElseThrow();

        assertThat(MessageSamples.trialRequested().key()).isEqualTo("s-1-t0007");
        assertThat(MessageSamples.epochReported().key()).isEqualTo("s-1");
        assertThat(new CancelSearch("s-2", "r", 0).key()).isEqualTo("s-2");
        assertThat(new RefitRequested("s-2", "r", 0).key()).isEqualTo("s-2");
        assertThat(chunk.key()).isEqualTo(MessageSamples.TRAIN.sha256() + "/1");
        assertThat(chunk.key()).isEqualTo(MessageSamples.TRAIN.chunkKey(1));
        assertThat(all.stream().filter(DeadLetter.class::isInstance).findFirst().orElseThrow().key())
                .isEqualTo("s-1-t0010");
        assertThat(new SearchDemand("s-3", 1, 1, 1, 0, 0, 0, true, 0, 0).key()).isEqualTo("s-3");
        assertThat(new SlotsGranted("s-3", 1, 0).key()).isEqualTo("s-3");
        assertThat(new WorkerSlots("worker-2", 2, 10_000, 0).key()).isEqualTo("worker-2");
    }
}
