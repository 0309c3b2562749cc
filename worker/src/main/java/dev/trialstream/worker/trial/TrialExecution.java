package dev.trialstream.worker.trial;

import dev.trialstream.core.text.Plural;
import dev.trialstream.core.bundle.ModelBundle;
import dev.trialstream.core.data.Dataset;
import dev.trialstream.core.ensemble.OutOfFold;
import dev.trialstream.core.message.EpochReported;
import dev.trialstream.core.message.FinalFitFailed;
import dev.trialstream.core.message.FinalFitMember;
import dev.trialstream.core.message.FinalFitRequested;
import dev.trialstream.core.message.TrialCompleted;
import dev.trialstream.core.message.TrialFailed;
import dev.trialstream.core.message.TrialMessage;
import dev.trialstream.core.message.TrialPruned;
import dev.trialstream.core.message.TrialRequested;
import dev.trialstream.core.message.TrialStarted;
import dev.trialstream.core.prep.PrepOptions;
import dev.trialstream.core.training.CvResult;
import dev.trialstream.core.training.EpochListener;
import dev.trialstream.worker.training.CrossValidator;
import dev.trialstream.worker.training.FinalFitter;
import dev.trialstream.worker.metrics.WorkerMetrics;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one trial message to its {@link Outcome} on a training thread: no Kafka here beyond the
 * progress sink. A diverging or broken configuration is a normal outcome (TrialFailed), not an
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
     * @param abandon raised (from another thread) to give the work up at the next epoch boundary
     */
    public Outcome run(TrialMessage message, String attempt, AbandonSignal abandon) {
        if (message instanceof TrialRequested trial) {
            long started = System.nanoTime();
            Outcome outcome = crossValidate(trial, attempt, abandon);
            if (outcome instanceof Outcome.Ended ended) {
                metrics.trialEnded(trial.searchId(), outcomeName(ended), Duration.ofNanos(System.nanoTime() - started));
            }
            return outcome;
        }
        Outcome outcome = finalFit((FinalFitRequested) message, abandon);
        if (!(outcome instanceof Outcome.Abandoned)) {
            metrics.finalFit(outcome instanceof Outcome.Fitted ? "completed" : "failed");
        }
        return outcome;
    }

    private static String outcomeName(Outcome.Ended ended) {
        if (ended.terminal() instanceof TrialCompleted) {
            return "completed";
        }
        return ended.terminal() instanceof TrialPruned ? "pruned" : "failed";
    }

    private Outcome crossValidate(TrialRequested trial, String attempt, AbandonSignal abandon) {
        Optional<String> cancelled = stops.cancelled(trial.searchId());
        if (cancelled.isPresent()) {
            // Skipped, not trained: the search is over, but the trial must still end exactly once.
            return new Outcome.Ended(new TrialPruned(trial.searchId(), trial.trialId(), 0, Double.NaN,
                    "search cancelled before this trial started: " + cancelled.get(), workerId, clock.millis()));
        }
        progress.publish(new TrialStarted(trial.searchId(), trial.trialId(), trial.index(), trial.params(),
                trial.seed(), attempt, workerId, clock.millis()));
        metrics.trialStarted(trial.searchId());
        Dataset dataset;
        CvResult result;
        try {
            dataset = datasets.get(trial.dataset(), abandon::reason);
            long rowsPerEpoch = (long) dataset.train().rows() * (trial.cv().folds() - 1);
            EpochClock epochs = EpochClock.system();
            EpochListener listener = report -> {
                metrics.epoch(epochs.lap(), rowsPerEpoch);
                progress.publish(EpochReported.of(trial.searchId(), trial.trialId(), attempt, report, clock.millis()));
                return abandon.reason().or(() -> stops.reasonToStop(trial.searchId(), trial.trialId()));
            };
            result = validator.run(dataset, trial.cv(), trial.params(), trial.seed(), listener);
        } catch (RuntimeException e) {
            Optional<String> abandoned = abandon.reason();
            if (abandoned.isPresent()) {
                return new Outcome.Abandoned(abandoned.get());
            }
            LOG.warn("search {} trial {} failed: {}", trial.searchId(), trial.trialId(), e.toString());
            return new Outcome.Ended(new TrialFailed(trial.searchId(), trial.trialId(), 0,
                    "could not train: " + describe(e), workerId, clock.millis()));
        }
        Optional<String> abandoned = abandon.reason();
        if (abandoned.isPresent()) {
            return new Outcome.Abandoned(abandoned.get());
        }
        LOG.info("search {} trial {} {} after {}: cv_mse {} ({} s){}", trial.searchId(), trial.trialId(),
                result.state().wireName(), Plural.of(result.epochs(), "epoch"), result.cvMse(),
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
            LOG.info("search {} final fit of trial {}: test mae {} rmse {} ({} s)", fit.searchId(), fit.trialId(),
                    bundle.info().test().mae(), bundle.info().test().rmse(), Math.round(seconds * 10) / 10.0);
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

    private static String describe(Throwable e) {
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
    }
}
