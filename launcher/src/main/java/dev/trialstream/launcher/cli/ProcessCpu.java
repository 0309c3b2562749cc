package dev.trialstream.launcher.cli;

import java.lang.management.ManagementFactory;

/** This process's CPU time (all threads), for benchmarks that run on a shared machine. */
final class ProcessCpu {

    private ProcessCpu() {
    }

    /** CPU nanoseconds used so far, or -1 when the JVM does not tell. */
    static long nanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return -1;
    }
}
