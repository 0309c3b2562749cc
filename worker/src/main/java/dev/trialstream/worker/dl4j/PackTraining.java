package dev.trialstream.worker.dl4j;

import dev.trialstream.core.metrics.CvScores;
import dev.trialstream.core.status.TrialState;
import dev.trialstream.core.training.CvJob;
import dev.trialstream.core.training.CvResult;
import dev.trialstream.core.training.Divergence;
import dev.trialstream.core.training.EpochListener;
import dev.trialstream.core.training.EpochReport;
import dev.trialstream.core.training.FoldData;
import dev.trialstream.core.training.RawTargetScale;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cross-validates a pack of compatible trials as one {@link LockstepMlp} whose members are the
 * trials' folds (trial 0's folds, then trial 1's, ...). After every epoch each trial gets its own
 * report and its own decision (diverged, pruned, patience, done); a trial that ends leaves the
 * pack, which shrinks to the members still training.
 */
final class PackTraining {

    private static final Logger LOG = LoggerFactory.getLogger(PackTraining.class);

    private final List<Entry> entries = new ArrayList<>();
    private LockstepMlp net;
    private final StackedBatches batches;
    private StackedValidation validation;

    private PackTraining(List<CvJob> jobs, List<EpochListener> listeners) {
        List<LockstepMlp.Member> members = new ArrayList<>();
        List<FoldData> folds = new ArrayList<>();
        List<java.util.SplittableRandom> orderStreams = new ArrayList<>();
        List<StackedBatches.MaskGroup> groups = new ArrayList<>();
        for (int t = 0; t < jobs.size(); t++) {
            CvJob job = jobs.get(t);
            entries.add(new Entry(job, listeners.get(t)));
            TrialStreams streams = TrialStreams.of(job.seed(), job.folds().size());
            for (int f = 0; f < job.folds().size(); f++) {
                members.add(new LockstepMlp.Member(job.params(), job.maxEpochs(), streams.init().get(f)));
            }
            folds.addAll(job.folds());
            orderStreams.addAll(streams.order());
            groups.add(new StackedBatches.MaskGroup(job.folds().size(), job.params().dropout(), streams.mask()));
        }
        net = LockstepMlp.create(members, folds.get(0).features());
        batches = new StackedBatches(folds.stream().map(FoldData::trainX).toList(),
                folds.stream().map(FoldData::trainY).toList(), jobs.get(0).params().batchSize(), orderStreams,
                groups, net.widths().subList(0, net.widths().size() - 1));
        validation = new StackedValidation(folds);
    }

    /**
     * Trains the jobs (which must share a network shape, optimizer and steps per epoch) together.
     *
     * @return one result per job, in order
     */
    static List<CvResult> run(List<CvJob> jobs, List<EpochListener> listeners) {
        return new PackTraining(jobs, listeners).run();
    }

    private List<CvResult> run() {
        long started = System.nanoTime();
        List<Entry> active = new ArrayList<>(entries);
        int epoch = 0;
        while (!active.isEmpty()) {
            epoch++;
            batches.shuffle();
            while (batches.hasNext()) {
                // ND4J schedules count epochs from 0.
                net.step(batches, epoch - 1);
            }
            double[] mse = validation.memberMse(net);
            int first = 0;
            boolean someLeft = false;
            for (Entry entry : active) {
                int k = entry.folds();
                entry.result = entry.afterEpoch(epoch, Arrays.copyOfRange(mse, first, first + k), validation, first,
                        started);
                someLeft |= entry.result != null;
                first += k;
            }
            if (someLeft) {
                active = shrink(active);
            }
        }
        return entries.stream().map(e -> e.result).toList();
    }

    /** Drops the members of trials that just ended; returns the trials still training. */
    private List<Entry> shrink(List<Entry> active) {
        List<Entry> staying = new ArrayList<>();
        List<Integer> keep = new ArrayList<>();
        int first = 0;
        for (Entry entry : active) {
            if (entry.result == null) {
                staying.add(entry);
                for (int f = 0; f < entry.folds(); f++) {
                    keep.add(first + f);
                }
            }
            first += entry.folds();
        }
        if (!staying.isEmpty()) {
            int[] members = keep.stream().mapToInt(Integer::intValue).toArray();
            LOG.debug("pack shrinks from {} to {} trials ({} members)", active.size(), staying.size(), members.length);
            net = net.retain(members);
            batches.retain(members);
            validation = validation.retain(members);
        }
        return staying;
    }

    /** One trial's progress through the pack. */
    private static final class Entry {
        private final CvJob job;
        private final EpochListener listener;
        private final List<Double> curve = new ArrayList<>();
        private double[] lastFoldMse;
        private double best = Double.POSITIVE_INFINITY;
        private int bestEpoch;
        private CvResult result;

        Entry(CvJob job, EpochListener listener) {
            this.job = job;
            this.listener = listener;
        }

        int folds() {
            return job.folds().size();
        }

        /** The trial's result if it ends after this epoch, else null. */
        CvResult afterEpoch(int epoch, double[] foldMse, StackedValidation validation, int first, long started) {
            EpochReport report = EpochReport.of(epoch, foldMse);
            Optional<String> diverged = Divergence.check(foldMse, validation.variances(first, foldMse.length));
            if (diverged.isPresent()) {
                // The last finite epoch's MSEs only: the other scores were measured on this epoch's predictions.
                return result(TrialState.FAILED, epoch, Optional.ofNullable(lastFoldMse).map(PackTraining::mseOnly),
                        divergence(epoch, diverged.get(), job), started, List.of());
            }
            lastFoldMse = foldMse;
            curve.add(report.meanMse());
            LOG.debug("epoch {} cv_mse {} folds {}", epoch, report.meanMse(), report.foldMse());
            Optional<String> stop = listener.afterEpoch(report);
            // A stop that comes once the last epoch is trained is too late to save anything: the
            // trial completed (a pruning decision made at an earlier rung, or cut at a rung on the
            // last epoch, would otherwise throw away a network trained to the full budget).
            if (stop.isPresent() && epoch < job.maxEpochs()) {
                return result(TrialState.PRUNED, epoch, Optional.of(validation.scores(first, foldMse)), stop.get(),
                        started, validation.predictions(first, foldMse.length));
            }
            if (report.meanMse() < best) {
                best = report.meanMse();
                bestEpoch = epoch;
            } else if (job.patience() > 0 && epoch - bestEpoch >= job.patience() && epoch < job.maxEpochs()) {
                String reason = String.format(Locale.ROOT,
                        "patience: no improvement for %d epochs (best %.4f at epoch %d)", job.patience(), best, bestEpoch);
                return result(TrialState.COMPLETED, epoch, Optional.of(validation.scores(first, foldMse)), reason,
                        started, validation.predictions(first, foldMse.length));
            }
            if (epoch >= job.maxEpochs()) {
                return result(TrialState.COMPLETED, epoch, Optional.of(validation.scores(first, foldMse)), "",
                        started, validation.predictions(first, foldMse.length));
            }
            return null;
        }

        private CvResult result(TrialState state, int epochs, Optional<CvScores> scores, String reason,
                                long startedNanos, List<float[]> foldPredictions) {
            return new CvResult(state, epochs, scores, curve, reason, (System.nanoTime() - startedNanos) / 1e9,
                    foldPredictions);
        }
    }

    /**
     * "diverged at epoch 1: validation MSE of fold 1 is NaN (learning rate 0.01 with sgd)", and, when
     * the target was trained unstandardized at a large scale, that scale as the likely cause: the
     * learning rate alone sent users after the wrong setting.
     */
    private static String divergence(int epoch, String why, CvJob job) {
        String reason = String.format(Locale.ROOT, "diverged at epoch %d: %s (%s)", epoch, why,
                Divergence.setting(job.params()));
        return RawTargetScale.of(job.plan().standardizeTarget(), job.folds().get(0))
                .map(scale -> reason + "; " + scale.likelyCause())
                .orElse(reason);
    }

    private static CvScores mseOnly(double[] foldMse) {
        return CvScores.ofMse(Arrays.stream(foldMse).boxed().toList());
    }
}
