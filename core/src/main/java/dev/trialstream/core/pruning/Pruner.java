package dev.trialstream.core.pruning;

import java.util.Map;
import java.util.Optional;

/**
 * Decides, when a trial reports an epoch, whether to stop it. Implementations are deterministic
 * functions of the curves they are given, so the same events give the same decisions on any
 * aggregator, after any restart.
 */
public interface Pruner {

    /**
     * @param trialId the trial that just reported
     * @param curves  every trial's mean CV MSE per epoch so far ({@code curve.get(e - 1)} is epoch e),
     *                the reporting trial's included; NaN or infinite values count as worst
     * @return the reason to stop the trial, or empty to let it go on
     */
    Optional<String> decide(String trialId, Map<String, ? extends java.util.List<Double>> curves);

    /** Never stops anything. */
    Pruner NONE = (trialId, curves) -> Optional.empty();
}
