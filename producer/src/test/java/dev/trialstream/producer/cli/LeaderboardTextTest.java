package dev.trialstream.producer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trialstream.core.message.LeaderboardSnapshot;
import dev.trialstream.core.message.MessageSamples;
import org.junit.jupiter.api.Test;

class LeaderboardTextTest {

    private static LeaderboardSnapshot sample() {
        return MessageSamples.all().stream().filter(LeaderboardSnapshot.class::isInstance)
                .map(LeaderboardSnapshot.class::cast).findFirst().orElseThrow();
    }

    @Test
    void table_showsEachTrialsCvMaeAndR2AndADashWhereUnknown() {
        String[] lines = LeaderboardText.table(sample()).split("\n");

        assertThat(lines[1]).containsSubsequence("cv_mse", "± std", "cv_mae", "cv_r2", "epochs", "params");
        // s-1-t0007 carries MessageSamples.CV_SCORES (fold MSEs 11, 12.5, 14: std √1.5; mean MAE 2.4, R² 0.85);
        // s-1-t0003 has only fold MSEs (12.5, 13, 13.5: std √(1/6)).
        assertThat(lines[2]).containsSubsequence("s-1-t0007", "12.5000", "1.2247", "2.4000", "0.850", "143");
        assertThat(lines[3]).containsSubsequence("s-1-t0003", "13.0000", "0.4082", " - ", " - ", "40");
    }

    @Test
    void table_endsWithTheFinalModelsTestScores() {
        String table = LeaderboardText.table(sample());

        assertThat(table).contains("final model on the test split (n=102): mse 10.5000  rmse 3.2404  mae 2.2500  r2 0.8700");
    }
}
