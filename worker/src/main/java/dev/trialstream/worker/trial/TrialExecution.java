package dev.trialstream.worker.trial;

import dev.trialstream.core.bundle.ModelBundle;
import dev.trialstream.core.data.Dataset;
import dev.trialstream.core.ensemble.OutOfFold;
import dev.trialstream.core.message.DatasetRef;
import dev.trialstream.core.message.EpochReported;
import dev.trialstream.core.message.FinalFitFailed;
import dev.trialstream.core.message.FinalFitMember;
import dev.trialstream.core.message.FinalFitRequested;
import dev.trialstream.core.message.TrialCompleted;
import dev.trialstream.core.message.TrialFailed;
import dev.trialstream.core.message.TrialPruned;
import dev.trialstream.core.message.TrialRequested;
import dev.trialstream.core.message.TrialStarted;
import dev.trialstream.core.prep.PrepOptions;
import dev.trialstream.core.text.Figures;
import dev.trialstream.core.text.Plural;
import dev.trialstream.core.training.CvPlan;
import dev.trialstream.core.training.CvResult;
import dev.trialstream.core.training.EpochListener;
import dev.trialstream.worker.training.CrossValidator;
import dev.trialstream.worker.training.FinalFitter;
import dev.trialstream.worker.metrics.WorkerMetrics;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a slot's take of trial messages to their {@link Outcome}s on a training thread: no Kafka
 * here beyond the progress sink. A diverging or broken configuration is a normal outcome (TrialFailed), not an
 * exception; giving the work up (revoked, shutting down) is {@link Outcome.Abandoned}.
 */
public final class TrialExecution {

    private static final Logger LOG = LoggerFactory.getLogger(TrialExecution.class);

    private final DatasetCache datasets;
    private final CrossValidator validator;
    private final FinalFitter finalFitter;
    private final StopSignals stops;
    private final ProgressSink progress;
    private final String workerId;
    private final Clock clock;
    private final WorkerMetrics metrics;

    public TrialExecution(DatasetCache datasets, CrossValidator validator, FinalFitter finalFitter, StopSignals stops,
                   ProgressSink progress, String workerId, Clock clock, WorkerMetrics metrics) {
        this.datasets = datasets;
        this.validator = validator;
        this.finalFitter = finalFitter;
        this.stops = stops;
        this.progress = progress;
        this.workerId = workerId;
        this.clock = clock;
        this.metrics = metrics;
    }

    /**
     * Runs a slot's take: final fits one by one, trials in packs (same dataset and CV plan, then
     * whatever else the trainer needs equal to stack them), each pack through one
     * {@link CrossValidator#runPack} call. Every member keeps its own epoch reports, stop signals
     * and outcome; a member pruned, cancelled or given up leaves its pack while the others go on.
     *
     * @return one outcome per member, in the order given
     */
    public List<Outcome> run(List<PackMember> members) {
        Outcome[] outcomes = new Outcome[members.size()];
        Map<DataKey, List<Integer>> byData = new LinkedHashMap<>();
        for (int i = 0; i < members.size(); i++) {
            if (members.get(i).message() instanceof TrialRequested trial) {
                byData.computeIfAbsent(new DataKey(trial.dataset(), trial.cv()), k -> new ArrayList<>()).add(i);
            } else {
                Outcome outcome = finalFit((FinalFitRequested) members.get(i).message(), members.get(i).abandon());
                if (!(outcome instanceof Outcome.Abandoned)) {
                    metrics.finalFit(outcome instanceof Outcome.Fitted ? "completed" : "failed");
                }
                outcomes[i] = outcome;
            }
        }
        for (List<Integer> indices : byData.values()) {
            List<PackMember> group = indices.stream().map(members::get).toList();
            List<Outcome> ended = crossValidate(group, members.size());
            for (int j = 0; j < indices.size(); j++) {
                outcomes[indices.get(j)] = ended.get(j);
            }
        }
        return List.of(outcomes);
    }

    /**
     * Trials on one dataset and CV plan: the folds are shared, the packs formed by the trainer's key.
     *
     * @param take the trials of the slot's whole take (for the log: how many of them could stack)
     */
    private List<Outcome> crossValidate(List<PackMember> group, int take) {
        // The searches' meters stay while their trials are here, however long they train.
        try (WorkerMetrics.Hold held = metrics.holding(group.stream().map(m -> trial(m).searchId()).toList())) {
            return crossValidateHeld(group, take);
        }
    }

    private List<Outcome> crossValidateHeld(List<PackMember> group, int take) {
        long started = System.nanoTime();
        Outcome[] outcomes = new Outcome[group.size()];
        List<Integer> training = new ArrayList<>();
        for (int i = 0; i < group.size(); i++) {
            TrialRequested trial = trial(group.get(i));
            Optional<String> cancelled = stops.cancelled(trial.searchId());
            if (cancelled.isPresent()) {
                // Skipped, not trained: the search is over, but the trial must still end exactly once.
                outcomes[i] = new Outcome.Ended(new TrialPruned(trial.searchId(), trial.trialId(), 0, Double.NaN,
                        "search cancelled before this trial started: " + cancelled.get(), workerId, clock.millis()));
                continue;
            }
            progress.publish(new TrialStarted(trial.searchId(), trial.trialId(), trial.index(), trial.params(),
                    trial.seed(), group.get(i).attempt(), workerId, clock.millis()));
            metrics.trialStarted(trial.searchId());
            training.add(i);
        }
        if (!training.isEmpty()) {
            TrialRequested first = trial(group.get(training.get(0)));
            Dataset dataset;
            try {
                // Given up only when every member is (the fetch serves them all).
                List<PackMember> fetching = training.stream().map(group::get).toList();
                dataset = datasets.get(first.dataset(), () -> fetching.stream()
                        .allMatch(m -> m.abandon().reason().isPresent())
                        ? fetching.get(0).abandon().reason() : Optional.empty());
            } catch (RuntimeException e) {
                for (int i : training) {
                    outcomes[i] = notTrained(group.get(i), e);
                }
                training.clear();
                dataset = null;
            }
            // A member given up while the dataset was fetched (its partition revoked as the group
            // settled at a worker's start, say) is not trained: its new owner trains it.
            for (int i : List.copyOf(training)) {
                Optional<String> abandoned = group.get(i).abandon().reason();
                if (abandoned.isPresent()) {
                    LOG.info("search {} trial {} given up before it trained: {}", trial(group.get(i)).searchId(),
                            trial(group.get(i)).trialId(), abandoned.get());
                    outcomes[i] = new Outcome.Abandoned(abandoned.get());
                    training.remove(Integer.valueOf(i));
                }
            }
            for (List<Integer> pack : packs(group, training, dataset)) {
                List<PackMember> packed = pack.stream().map(group::get).toList();
                LOG.info("search {} pack of {} ({}), a take of {}", trial(packed.get(0)).searchId(),
                        Plural.of(pack.size(), "trial"),
                        packed.stream().map(m -> trial(m).trialId()).collect(Collectors.joining(" ")),
                        take);
                List<Outcome> ended = crossValidatePack(packed, dataset);
                for (int j = 0; j < pack.size(); j++) {
                    outcomes[pack.get(j)] = ended.get(j);
                }
            }
        }
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        for (int i = 0; i < group.size(); i++) {
            if (outcomes[i] instanceof Outcome.Ended ended) {
                metrics.trialEnded(trial(group.get(i)).searchId(), outcomeName(ended), took);
            }
        }
        return List.of(outcomes);
    }

    /** The members that can share one stacked computation, as the trainer's pack key groups them. */
    private static List<List<Integer>> packs(List<PackMember> group, List<Integer> training, Dataset dataset) {
        Map<Object, List<Integer>> packs = new LinkedHashMap<>();
        for (int i : training) {
            TrialRequested trial = trial(group.get(i));
            Object key;
            try {
                key = CrossValidator.packKey(trial.params(), trial.cv(), dataset);
            } catch (RuntimeException e) {
                key = new Object(); // no key: trained alone, where its real error shows
            }
            packs.computeIfAbsent(key, k -> new ArrayList<>()).add(i);
        }
        return List.copyOf(packs.values());
    }

    private List<Outcome> crossValidatePack(List<PackMember> pack, Dataset dataset) {
        TrialRequested first = trial(pack.get(0));
        long rowsPerEpoch = (long) dataset.train().rows() * (first.cv().folds() - 1);
        EpochClock epochs = EpochClock.system();
        List<CrossValidator.Member> jobs = new ArrayList<>();
        List<EpochListener> listeners = new ArrayList<>();
        for (PackMember member : pack) {
            TrialRequested trial = trial(member);
            jobs.add(new CrossValidator.Member(trial.params(), trial.seed()));
            listeners.add(listener(trial, member, epochs, rowsPerEpoch));
        }
        List<CvResult> results;
        try {
            results = validator.runPack(dataset, first.cv(), jobs, listeners);
        } catch (RuntimeException e) {
            return pack.stream().map(member -> notTrained(member, e)).toList();
        }
        List<Outcome> outcomes = new ArrayList<>();
        for (int i = 0; i < pack.size(); i++) {
            outcomes.add(ended(pack.get(i), dataset, results.get(i)));
        }
        return outcomes;
    }

    /**
     * A member's own epoch reports and stop: its abandonment (revoked, shutting down), its
     * pruning/cancel, or a rung cutoff it falls short of. One epoch of a pack is timed once, however many members it holds.
     */
    private EpochListener listener(TrialRequested trial, PackMember member, EpochClock epochs, long rowsPerEpoch) {
        return report -> {
            epochs.lap(report.epoch()).ifPresent(metrics::epoch);
            metrics.samples(rowsPerEpoch);
            progress.publish(EpochReported.of(trial.searchId(), trial.trialId(), member.attempt(), report, clock.millis()));
            return member.abandon().reason().or(() -> stops.reasonToStop(trial.searchId(), trial.trialId()))
                    .or(() -> stops.reasonAtRung(trial.searchId(), report));
        };
    }

    private Outcome notTrained(PackMember member, RuntimeException e) {
        Optional<String> abandoned = member.abandon().reason();
        if (abandoned.isPresent()) {
            return new Outcome.Abandoned(abandoned.get());
        }
        TrialRequested trial = trial(member);
        LOG.warn("search {} trial {} failed: {}", trial.searchId(), trial.trialId(), e.toString());
        return new Outcome.Ended(new TrialFailed(trial.searchId(), trial.trialId(), 0,
                "could not train: " + describe(e), workerId, clock.millis()));
    }

    private Outcome ended(PackMember member, Dataset dataset, CvResult result) {
        Optional<String> abandoned = member.abandon().reason();
        if (abandoned.isPresent()) {
            return new Outcome.Abandoned(abandoned.get());
        }
        TrialRequested trial = trial(member);
        LOG.info("search {} trial {} {} after {}: cv_mse {} ({} s){}", trial.searchId(), trial.trialId(),
                result.state().wireName(), Plural.of(result.epochs(), "epoch"), Figures.brief(result.cvMse()),
                Math.round(result.seconds() * 10) / 10.0,
                result.reason().isEmpty() ? "" : " — " + result.reason());
        long now = clock.millis();
        return new Outcome.Ended(switch (result.state()) {
            case COMPLETED -> new TrialCompleted(trial.searchId(), trial.trialId(), result.epochs(),
                    result.scores().orElseThrow(), result.seconds(), workerId, now,
                    outOfFold(trial, dataset, result));
            case PRUNED -> new TrialPruned(trial.searchId(), trial.trialId(), result.epochs(), result.cvMse(),
                    result.reason(), workerId, now);
            case FAILED -> new TrialFailed(trial.searchId(), trial.trialId(), Math.max(0, result.epochs() - 1),
                    result.reason(), workerId, now);
            case RUNNING -> throw new IllegalStateException("a cross-validation never ends running");
        });
    }

    private static TrialRequested trial(PackMember member) {
        return (TrialRequested) member.message();
    }

    /** What trials must share to be cross-validated on the same prepared folds. */
    private record DataKey(DatasetRef dataset, CvPlan plan) {
    }

    /**
     * The predictions the aggregator selects an ensemble from, whatever their size: the slot that
     * publishes the event sends large ones through the blob store ({@link OutOfFold#tooLargeInline()}).
     */
    private OutOfFold outOfFold(TrialRequested trial, Dataset dataset, CvResult result) {
        return validator.outOfFold(dataset, trial.cv(), result).orElse(null);
    }

    private Outcome finalFit(FinalFitRequested fit, AbandonSignal abandon) {
        long started = System.nanoTime();
        try {
            Dataset dataset = datasets.get(fit.dataset(), abandon::reason);
            ModelBundle bundle = finalFitter.fitEnsemble(dataset, new PrepOptions(fit.standardizeTarget()),
                    fit.members(), new FinalFitMember(fit.trialId(), fit.params(), fit.seed(), fit.epochs(), 1.0),
                    fit.models(), new FinalFitter.Origin(fit.searchId(), fit.trialId()));
            double seconds = (System.nanoTime() - started) / 1e9;
            LOG.info("search {} final fit of {}: test mae {} rmse {} ({} s)", fit.searchId(),
                    fit.ensemble().isEmpty() ? "trial " + fit.trialId()
                            : "the ensemble of " + Plural.of(fit.ensemble().size(), "trial") + " (best " + fit.trialId() + ")",
                    Figures.brief(bundle.info().test().mae()), Figures.brief(bundle.info().test().rmse()), Math.round(seconds * 10) / 10.0);
            return new Outcome.Fitted(fit, bundle, seconds);
        } catch (RuntimeException e) {
            Optional<String> abandoned = abandon.reason();
            if (abandoned.isPresent()) {
                return new Outcome.Abandoned(abandoned.get());
            }
            LOG.warn("search {} final fit failed: {}", fit.searchId(), e.toString());
            return new Outcome.Ended(new FinalFitFailed(fit.searchId(), fit.trialId(), "final fit failed: " + describe(e),
                    workerId, clock.millis()));
        }
    }

    private static String outcomeName(Outcome.Ended ended) {
        if (ended.terminal() instanceof TrialCompleted) {
            return "completed";
        }
        return ended.terminal() instanceof TrialPruned ? "pruned" : "failed";
    }

    private static String describe(Throwable e) {
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
    }
}
