package dev.trialstream.launcher.pipeline;

import dev.trialstream.core.training.CvJob;
import dev.trialstream.core.training.CvResult;
import dev.trialstream.core.training.EpochListener;
import dev.trialstream.core.training.ForwardingTrainer;
import dev.trialstream.core.training.Trainer;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The real DL4J trainer whose first trial hangs after epoch {@code hangAfter} (as a deadlocked
 * training thread, a GPU driver hang or a stalled read would) until {@link #release} is called;
 * the worker around it goes on polling and announcing itself; its later epochs then take 0.7 s
 * each. Every other trial trains as usual.
 */
final class HangingTrainer extends ForwardingTrainer {

    private static final long AFTER_HANG_MILLIS = 700;

    private final int hangAfter;
    private final AtomicBoolean hung = new AtomicBoolean();
    private final CountDownLatch hanging = new CountDownLatch(1);
    private final CountDownLatch released = new CountDownLatch(1);

    HangingTrainer(Trainer delegate, int hangAfter) {
        super(delegate);
        this.hangAfter = hangAfter;
    }

    /** Lets the hung trial go on. */
    void release() {
        released.countDown();
    }

    /** Waits until a trial hangs. */
    void awaitHanging() throws InterruptedException {
        hanging.await();
    }

    @Override
    public CvResult crossValidate(CvJob job, EpochListener listener) {
        boolean hangs = hung.compareAndSet(false, true);
        return delegate.crossValidate(job, report -> {
            Optional<String> stop = listener.afterEpoch(report);
            try {
                if (hangs && report.epoch() == hangAfter) {
                    hanging.countDown();
                    released.await();
                } else if (hangs && report.epoch() > hangAfter) {
                    // Slow after the hang, so that a snapshot shows it running again before it ends.
                    Thread.sleep(AFTER_HANG_MILLIS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.of("interrupted");
            }
            return stop;
        });
    }
}
