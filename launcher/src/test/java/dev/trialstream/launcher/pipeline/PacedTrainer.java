package dev.trialstream.launcher.pipeline;

import dev.trialstream.core.training.CvJob;
import dev.trialstream.core.training.CvResult;
import dev.trialstream.core.training.EpochListener;
import dev.trialstream.core.training.FinalFitJob;
import dev.trialstream.core.training.FittedModel;
import dev.trialstream.core.training.ForwardingTrainer;
import dev.trialstream.core.training.Trainer;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The real DL4J trainer, slowed to at least {@code epochMillis} per epoch so that a test can catch
 * a trial in flight (tiny test data would otherwise finish a trial in a blink).
 */
public final class PacedTrainer extends ForwardingTrainer {

    private final long epochMillis;
    private final AtomicInteger epochsReported = new AtomicInteger();

    public PacedTrainer(Trainer delegate, long epochMillis) {
        super(delegate);
        this.epochMillis = epochMillis;
    }

    int epochsReported() {
        return epochsReported.get();
    }

    @Override
    public CvResult crossValidate(CvJob job, EpochListener listener) {
        return delegate.crossValidate(job, report -> {
            try {
                Thread.sleep(epochMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.of("interrupted");
            }
            epochsReported.incrementAndGet();
            return listener.afterEpoch(report);
        });
    }
}
