package dev.trialstream.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class PeriodicTest {

    private static void waitFor(AtomicInteger runs, int atLeast) throws InterruptedException {
        for (long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
             runs.get() < atLeast && System.nanoTime() < deadline; Thread.sleep(5)) {
            // waiting
        }
        assertThat(runs.get()).isGreaterThanOrEqualTo(atLeast);
    }

    @Test
    void runsTheTaskEveryPeriodAndHasNoFailure() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        try (Periodic periodic = new Periodic("test-periodic").start(runs::incrementAndGet, Duration.ofMillis(10))) {
            waitFor(runs, 5);
            assertThat(periodic.failure()).isEmpty();
        }
    }

    @Test
    void anErrorEndsTheTaskAndIsKeptAsItsFailure() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        try (Periodic periodic = new Periodic("test-periodic").start(() -> {
            if (runs.incrementAndGet() == 3) {
                throw new OutOfMemoryError("a test's");
            }
        }, Duration.ofMillis(10))) {
            waitFor(runs, 3);
            Thread.sleep(200); // twenty periods: a task still scheduled would have run again

            assertThat(periodic.failure()).hasValue("java.lang.OutOfMemoryError: a test's");
            assertThat(runs.get()).isEqualTo(3);
        }
    }

    @Test
    void aRuntimeExceptionIsKeptAsTheFailureToo() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        try (Periodic periodic = new Periodic("test-periodic").start(() -> {
            runs.incrementAndGet();
            throw new IllegalStateException("a test's");
        }, Duration.ofMillis(10))) {
            waitFor(runs, 1);
            Thread.sleep(200);

            assertThat(periodic.failure()).hasValue("java.lang.IllegalStateException: a test's");
            assertThat(runs.get()).isEqualTo(1);
        }
    }

    @Test
    void finishStopsTheTaskAndRunsTheLastOneOnItsThread() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        AtomicReference<String> lastOn = new AtomicReference<>();
        CountDownLatch last = new CountDownLatch(1);
        Periodic periodic = new Periodic("test-periodic").start(runs::incrementAndGet, Duration.ofMillis(10));
        waitFor(runs, 2);

        periodic.finish(() -> {
            lastOn.set(Thread.currentThread().getName());
            last.countDown();
        }, Duration.ofSeconds(5));
        int after = runs.get();
        Thread.sleep(100);

        assertThat(last.await(0, TimeUnit.SECONDS)).isTrue();
        assertThat(lastOn.get()).isEqualTo("test-periodic");
        assertThat(runs.get()).isEqualTo(after);
    }

    @Test
    void finishWithoutStartRunsNothing() {
        AtomicInteger last = new AtomicInteger();

        new Periodic("test-periodic").finish(last::incrementAndGet, Duration.ofSeconds(5));

        assertThat(last.get()).isZero();
    }
}
