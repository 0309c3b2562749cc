package dev.trialstream.producer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trialstream.core.bundle.BundleInfo;
import dev.trialstream.core.bundle.BundleMember;
import dev.trialstream.core.data.CsvTableReader;
import dev.trialstream.core.data.Table;
import dev.trialstream.core.message.EnsembleMember;
import dev.trialstream.core.message.EnsembleSummary;
import dev.trialstream.core.message.LeaderboardSnapshot;
import dev.trialstream.core.message.MessageSamples;
import dev.trialstream.core.prep.PrepOptions;
import dev.trialstream.core.prep.Preprocessor;
import java.nio.charset.StandardCharsets;
import java.util.List;
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

    @Test
    void table_namesTheEnsemblesRoundsInTheSingularForOne() {
        LeaderboardSnapshot s = sample();
        EnsembleSummary one = new EnsembleSummary(List.of(new EnsembleMember("s-1-t0007", 1.0)), MessageSamples.METRICS, 1);
        EnsembleSummary three = new EnsembleSummary(List.of(new EnsembleMember("s-1-t0007", 2.0 / 3),
                new EnsembleMember("s-1-t0003", 1.0 / 3)), MessageSamples.METRICS, 3);

        assertThat(LeaderboardText.table(withEnsemble(s, one))).contains("ensemble (1 round): s-1-t0007 ×1.00");
        assertThat(LeaderboardText.table(withEnsemble(s, three)))
                .contains("ensemble (3 rounds): s-1-t0007 ×0.67, s-1-t0003 ×0.33");
    }

    /** A killed attempt's epochs, trained again, read as a budget overrun: {@code epochs 201/180}. */
    @Test
    void progressAndWatch_sayEpochsRedoneAfterALostAttemptApart_notAsOverTheBudget() {
        LeaderboardSnapshot s = sample();
        LeaderboardSnapshot redone = new LeaderboardSnapshot(s.searchId(), s.name(), s.counts(), s.top(), s.stopped(),
                201, 180, s.finalTest(), s.status(), s.updatedAt(), s.ensemble(), 21);
        LeaderboardSnapshot none = new LeaderboardSnapshot(s.searchId(), s.name(), s.counts(), s.top(), s.stopped(),
                120, 180, s.finalTest(), s.status(), s.updatedAt(), s.ensemble(), 0);

        assertThat(LeaderboardText.progress(redone)).endsWith("  epochs 201 (21 redone after lost attempts) / 180 planned");
        assertThat(LeaderboardText.progress(none)).endsWith("  epochs 120/180");
        assertThat(WatchView.render(redone, 5)).contains("180 of a 180 budget (100%); 21 more redone after lost attempts"
                + " (201 spent)\n");
        assertThat(WatchView.render(none, 5)).contains("120 of a 180 budget (67%)\n");
    }

    private static LeaderboardSnapshot withEnsemble(LeaderboardSnapshot s, EnsembleSummary ensemble) {
        return new LeaderboardSnapshot(s.searchId(), s.name(), s.counts(), s.top(), s.stopped(), s.epochsTrained(),
                s.epochBudget(), s.finalTest(), s.status(), s.updatedAt(), ensemble);
    }

    @Test
    void members_endWithWhatTheFinalFitLeftOut() {
        Table table = new CsvTableReader().read("t.csv", "x,y\n1,2\n2,4\n3,6\n".getBytes(StandardCharsets.UTF_8),
                List.of());
        String why = "trial s-1-t0008 left out of the ensemble (weight 0.25): none of its networks is usable;"
                + " the other members' weights rescaled to sum to 1";
        BundleInfo info = new BundleInfo(BundleInfo.SCHEMA_VERSION, "s-1", "s-1-t0003", "t.csv", "abc",
                MessageSamples.PARAMS, 40, 7, 1, new Preprocessor(new PrepOptions(true)).fit(table, "y", table.allRows()),
                MessageSamples.METRICS, List.of(MessageSamples.METRICS), 9.5, "dl4j-cpu", 1,
                List.of(new BundleMember("s-1-t0003", MessageSamples.PARAMS, 40, 7, 1.0, 1, MessageSamples.METRICS)),
                List.of(why));

        String[] lines = LeaderboardText.members(info).split(System.lineSeparator());

        assertThat(lines).hasSize(2);
        assertThat(lines[0]).startsWith("  member s-1-t0003 (weight 1.00, final fit 40 epochs) alone on the test split");
        assertThat(lines[1]).isEqualTo("  left out of the final model: " + why);
    }
}
