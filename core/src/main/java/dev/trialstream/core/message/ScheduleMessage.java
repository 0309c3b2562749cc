package dev.trialstream.core.message;

/**
 * How the aggregator shares the worker fleet between searches: what each search wants
 * ({@link SearchDemand}) and the slots each worker has ({@link WorkerSlots}), both on the
 * one-partition {@code schedule} topic, so one scheduler sees every search and every worker; and
 * the slots it gives ({@link SlotsGranted}, on {@code grants}, keyed by search like {@code events}).
 */
public sealed interface ScheduleMessage extends Message permits SearchDemand, SlotsGranted, WorkerSlots {
}
