package dev.trialstream.worker.kafka;

import java.time.Duration;

/**
 * How much a worker slot takes from its partitions at once. The trials of one take are trained
 * in packs (the compatible ones as one stacked computation) and their results and offsets commit
 * in one transaction. A take is sized by time: as many trials as the slot has lately trained in
 * {@code target}, at most {@code maxTrials}, so cheap trials (or well-stacked ones) share a
 * transaction while expensive ones still go one or a few at a time, and a worker that dies loses
 * at most about {@code target} of work.
 *
 * @param maxTrials the most trials one take holds (also the consumer's {@code max.poll.records})
 * @param target    the wall time one take aims at
 */
public record PackBudget(int maxTrials, Duration target) {

    /** 64 trials, 5 s: no-op or stacked trials fill a take; a one-second unstacked trial goes about five at a time. */
    public static final PackBudget DEFAULT = new PackBudget(64, Duration.ofSeconds(5));

    /** One trial per take and per transaction (the behaviour before packs). */
    public static final PackBudget SINGLE = new PackBudget(1, Duration.ofSeconds(5));

    /** The most trials a take may hold: a pack is one transaction, which a broker bounds in time. */
    public static final int MAX_TRIALS = 10_000;

    public PackBudget {
        if (maxTrials < 1 || maxTrials > MAX_TRIALS) {
            throw new IllegalArgumentException("pack size must be in [1, " + MAX_TRIALS + "], found " + maxTrials);
        }
        if (target == null || target.isZero() || target.isNegative()) {
            throw new IllegalArgumentException("pack seconds must be positive, found " + target);
        }
    }
}
