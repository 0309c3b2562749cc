package dev.trialstream.core.message;

/**
 * How the aggregator shares the worker fleet between searches: what each search wants
 * ({@link SearchDemand}, on the one-partition {@code schedule} topic, so one scheduler sees every
 * search), and the slots it gives ({@link SlotsGranted}, on {@code grants}, keyed by search like
 * {@code events}).
 */
public sealed interface ScheduleMessage extends Message permits SearchDemand, SlotsGranted {

    String searchId();

    @Override
    default String key() {
        return searchId();
    }
}
