package dev.trialstream.worker.dl4j;

import dev.trialstream.core.params.LrSchedule;
import org.nd4j.linalg.schedule.ISchedule;

/** Adapts core's {@link LrSchedule} (a function of the epoch) to ND4J's schedule interface. */
final class EpochRateSchedule implements ISchedule {

    private static final long serialVersionUID = 1L;

    private final LrSchedule schedule;
    private final double base;
    private final int maxEpochs;

    EpochRateSchedule(LrSchedule schedule, double base, int maxEpochs) {
        this.schedule = schedule;
        this.base = base;
        this.maxEpochs = maxEpochs;
    }

    @Override
    public double valueAt(int iteration, int epoch) {
        return schedule.rate(base, epoch, maxEpochs);
    }

    @Override
    public ISchedule clone() {
        return new EpochRateSchedule(schedule, base, maxEpochs);
    }
}
