package dev.trialstream.worker.dl4j;

import dev.trialstream.core.training.FinalFitJob;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.IntToDoubleFunction;

/**
 * How a final fit's packs are spread over its threads: a pack with more work than a thread's fair
 * share (the total over the threads) is split in two, the largest first, down to one network;
 * then each piece goes to the thread with the least work so far, the largest first (longest
 * processing time first).
 */
final class FinalFitShares {

    private FinalFitShares() {
    }

    /**
     * @param packs   job indices, grouped into packs that can be stacked
     * @param work    a job's work, in any unit
     * @param threads the threads to spread over
     * @return per thread that gets any, its packs; one share holding every pack, in order, for one thread
     */
    static List<List<List<Integer>>> of(List<List<Integer>> packs, IntToDoubleFunction work, int threads) {
        if (threads <= 1) {
            return List.of(packs);
        }
        List<List<Integer>> pieces = new ArrayList<>(packs);
        Comparator<List<Integer>> byWork = Comparator.comparingDouble(p -> work(p, work));
        double fairShare = pieces.stream().mapToDouble(p -> work(p, work)).sum() / threads;
        while (true) {
            // A pack that is more than a thread's fair share would keep the others waiting; one
            // that is not loses more by splitting (less stacking) than it gains.
            List<Integer> largest = pieces.stream().filter(p -> p.size() >= 2 && work(p, work) > fairShare)
                    .max(byWork).orElse(null);
            if (largest == null) {
                break;
            }
            pieces.remove(largest);
            pieces.add(largest.subList(0, largest.size() / 2));
            pieces.add(largest.subList(largest.size() / 2, largest.size()));
        }
        pieces.sort(byWork.reversed());
        int used = Math.min(threads, pieces.size());
        List<List<List<Integer>>> shares = new ArrayList<>();
        double[] load = new double[used];
        for (int t = 0; t < used; t++) {
            shares.add(new ArrayList<>());
        }
        for (List<Integer> piece : pieces) {
            int least = 0;
            for (int t = 1; t < used; t++) {
                if (load[t] < load[least]) {
                    least = t;
                }
            }
            shares.get(least).add(piece);
            load[least] += work(piece, work);
        }
        return shares;
    }

    /**
     * A network's work: epochs × training rows × weights (each weight is touched a fixed number of
     * times per row and epoch, forward and backward).
     */
    static double work(FinalFitJob job) {
        int features = job.data().features();
        int width = job.params().neurons();
        int layers = job.params().hiddenLayers();
        double weights = (double) features * width + (double) (layers - 1) * width * width + width;
        return (double) job.epochs() * job.data().trainX().rows() * weights;
    }

    private static double work(List<Integer> piece, IntToDoubleFunction work) {
        return piece.stream().mapToDouble(work::applyAsDouble).sum();
    }

    /** Runs {@code fit} on each share in a thread of its own and waits for all; the first failure is rethrown. */
    static void runEach(List<List<List<Integer>>> shares, Consumer<List<List<Integer>>> fit) {
        AtomicInteger number = new AtomicInteger();
        String caller = Thread.currentThread().getName();
        ExecutorService threads = Executors.newFixedThreadPool(shares.size(),
                r -> new Thread(r, caller + "-final-fit-" + number.incrementAndGet()));
        try {
            List<Future<?>> running = new ArrayList<>();
            for (List<List<Integer>> share : shares) {
                running.add(threads.submit(() -> fit.accept(share)));
            }
            for (Future<?> future : running) {
                future.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("final fit interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(e.getCause());
        } finally {
            threads.shutdownNow();
        }
    }
}
