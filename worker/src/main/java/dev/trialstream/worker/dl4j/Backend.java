package dev.trialstream.worker.dl4j;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.factory.Nd4jBackend;

/** Which ND4J backend and device this process runs on, for logs, bundles and the info metric. */
public final class Backend {

    private Backend() {
    }

    /** {@code nd4j-native cpu} or {@code nd4j-cuda gpu}. */
    public static String describe() {
        return name() + " " + device();
    }

    /**
     * @throws IllegalStateException when ND4J's native libraries do not load, saying why and where
     *                               JavaCPP unpacks them (a full disk there is a common cause); so do
     *                               {@link #device()} and {@link #gpuCount()}
     */
    public static String name() {
        String backend = loaded().getClass().getSimpleName().toLowerCase(Locale.ROOT);
        return backend.contains("cuda") || backend.contains("jcublas") ? "nd4j-cuda" : "nd4j-native";
    }

    public static String device() {
        loaded();
        return Nd4j.getEnvironment().isCPU() ? "cpu" : "gpu";
    }

    private static Nd4jBackend loaded() {
        try {
            return Nd4j.getBackend();
        } catch (LinkageError e) { // the first try's ExceptionInInitializerError, every later one's NoClassDefFoundError
            throw new IllegalStateException(notLoaded(e, cacheDirectory()), e);
        }
    }

    /** Where JavaCPP unpacks native libraries: its {@code org.bytedeco.javacpp.cachedir}. */
    private static Path cacheDirectory() {
        String configured = System.getProperty("org.bytedeco.javacpp.cachedir");
        return configured != null ? Path.of(configured) : Path.of(System.getProperty("user.home"), ".javacpp", "cache");
    }

    /** The message for a backend that did not load: the innermost cause, and the cache's free space. */
    static String notLoaded(Throwable error, Path cache) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String free;
        try {
            Path existing = cache.toAbsolutePath();
            while (existing != null && !Files.exists(existing)) {
                existing = existing.getParent();
            }
            free = existing == null ? "" : String.format(Locale.ROOT, ", which has %.0f MB free",
                    Files.getFileStore(existing).getUsableSpace() / 1e6);
        } catch (IOException e) {
            free = "";
        }
        return "ND4J's native libraries did not load (" + root.getClass().getSimpleName() + ": " + root.getMessage()
                + "); JavaCPP unpacks them (about 400 MB) into " + cache + free
                + " (-Dorg.bytedeco.javacpp.cachedir=DIR puts them elsewhere)";
    }

    /** GPUs visible to ND4J; 0 on the CPU backend. {@code worker} asks first when not given its slots. */
    public static int gpuCount() {
        loaded();
        return Nd4j.getEnvironment().isCPU() ? 0 : Nd4j.getAffinityManager().getNumberOfDevices();
    }
}
