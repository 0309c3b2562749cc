package dev.trialstream.producer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The model {@code export} names before the test MAE it prints: that MAE is the bundle's, so an
 * ensemble is said to be one, where the line named its best trial alone and read as that trial's
 * score (`s-…: trial s-…-t0001, cv_mse 13.2778, test mae 2.3959`, the trial alone scoring 2.4502).
 */
class ExportCommandTest {

    @Test
    void model_ofAnEnsemble_isSaidToBeOne_withItsBestTrial_andOfOneTrial_isThatTrial() {
        assertThat(ExportCommand.model(3, "s-1-t0001", "13.2778"))
                .isEqualTo("ensemble of 3 trials (best trial s-1-t0001, cv_mse 13.2778)");
        assertThat(ExportCommand.model(0, "s-1-t0001", "13.2778")).isEqualTo("trial s-1-t0001, cv_mse 13.2778");
        assertThat(ExportCommand.model(1, "s-1-t0001", "-")).isEqualTo("trial s-1-t0001, cv_mse -");
    }
}
