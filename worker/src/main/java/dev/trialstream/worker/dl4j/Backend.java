package dev.trialstream.worker.dl4j;

import java.util.Locale;
import org.nd4j.linalg.factory.Nd4j;

/** Which ND4J backend and device this process runs on, for logs, bundles and the info metric. */
public final class Backend {

    private Backend() {
    }

    /** {@code nd4j-native cpu} or {@code nd4j-cuda gpu}. */
    public static String describe() {
        return name() + " " + device();
    }

    public static String name() {
        String backend = Nd4j.getBackend().getClass().getSimpleName().toLowerCase(Locale.ROOT);
        return backend.contains("cuda") || backend.contains("jcublas") ? "nd4j-cuda" : "nd4j-native";
    }

    public static String device() {
        return Nd4j.getEnvironment().isCPU() ? "cpu" : "gpu";
    }

    /** GPUs visible to ND4J; 0 on the CPU backend. */
    public static int gpuCount() {
        return Nd4j.getEnvironment().isCPU() ? 0 : Nd4j.getAffinityManager().getNumberOfDevices();
    }
}
