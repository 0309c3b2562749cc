package dev.trialstream.worker.dl4j;

import dev.trialstream.core.params.Activation;
import dev.trialstream.core.training.FinalFitJob;
import dev.trialstream.core.training.FittedModel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Final-fits several compatible jobs (one network each, on the whole training set) as one
 * {@link LockstepMlp} whose members are the jobs. Each member draws its initial weights, batch
 * order and dropout masks from its own seed's {@link TrialStreams}, as a job fitted alone does, so
 * it trains to the same network. A job whose epochs are done is exported and leaves the pack; the
 * others go on.
 */
final class FinalFitTraining {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(FinalFitTraining.class);
    /** A final fit can train for many minutes: say how far it is this often, so it is not taken for a hang. */
    private static final long PROGRESS_NANOS = 30_000_000_000L;

    private final List<FinalFitJob> jobs;
    private final Activation activation;
    private LockstepMlp net;
    private final StackedBatches batches;

    private FinalFitTraining(List<FinalFitJob> jobs) {
        this.jobs = List.copyOf(jobs);
        this.activation = jobs.get(0).params().activation();
        List<LockstepMlp.Member> members = new ArrayList<>();
        List<SplittableRandom> orderStreams = new ArrayList<>();
        List<StackedBatches.MaskGroup> groups = new ArrayList<>();
        for (FinalFitJob job : jobs) {
            TrialStreams streams = TrialStreams.of(job.seed(), 1);
            members.add(new LockstepMlp.Member(job.params(), job.epochs(), streams.init().get(0)));
            orderStreams.add(streams.order().get(0));
            groups.add(new StackedBatches.MaskGroup(1, job.params().dropout(), streams.mask()));
        }
        net = LockstepMlp.create(members, jobs.get(0).data().features());
        batches = new StackedBatches(jobs.stream().map(j -> j.data().trainX()).toList(),
                jobs.stream().map(j -> j.data().trainY()).toList(), jobs.get(0).params().batchSize(), orderStreams,
                groups, net.widths().subList(0, net.widths().size() - 1));
    }

    /**
     * Trains the jobs (which must share a network shape, optimizer, input count, rows per step and
     * steps per epoch) together.
     *
     * @return one model per job, in order
     */
    static List<FittedModel> run(List<FinalFitJob> jobs) {
        return new FinalFitTraining(jobs).run();
    }

    private List<FittedModel> run() {
        FittedModel[] fitted = new FittedModel[jobs.size()];
        List<Integer> active = new ArrayList<>();
        for (int j = 0; j < jobs.size(); j++) {
            active.add(j);
        }
        int last = jobs.stream().mapToInt(FinalFitJob::epochs).max().orElseThrow();
        long started = System.nanoTime();
        long said = started;
        for (int epoch = 1; epoch <= last; epoch++) {
            batches.shuffle();
            while (batches.hasNext()) {
                // ND4J schedules count epochs from 0.
                net.step(batches, epoch - 1);
            }
            long now = System.nanoTime();
            if (now - said >= PROGRESS_NANOS && epoch < last) {
                said = now;
                LOG.info("final fit of {} ({}): epoch {} of {}, {} s so far", active.size() == 1 ? "1 network"
                        : active.size() + " networks", jobs.get(active.get(0)).params().describe(), epoch, last,
                        Math.round((now - started) / 1e9));
            }
            List<Integer> staying = new ArrayList<>();
            List<Integer> keep = new ArrayList<>();
            for (int m = 0; m < active.size(); m++) {
                int job = active.get(m);
                if (jobs.get(job).epochs() == epoch) {
                    fitted[job] = new Dl4jFittedModel(NetworkExport.toMultiLayerNetwork(net, activation, m));
                } else {
                    staying.add(job);
                    keep.add(m);
                }
            }
            if (staying.isEmpty()) {
                break;
            }
            if (staying.size() < active.size()) {
                int[] members = keep.stream().mapToInt(Integer::intValue).toArray();
                net = net.retain(members);
                batches.retain(members);
                active = staying;
            }
        }
        return Arrays.asList(fitted);
    }
}
