package dev.trialstream.launcher.faults;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * How the suite starts a JVM: this JVM's java and class path (the fat jar under
 * {@code bench-faults}, the test class path under JUnit), so every child runs the same build.
 */
record Launch(String java, String classPath) {

    static Launch current() {
        return new Launch(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                System.getProperty("java.class.path"));
    }

    /** {@code java -XmxHEAP -cp CLASSPATH MAIN ARGS...} */
    List<String> command(String heap, String mainClass, List<String> args) {
        return command(heap, Map.of(), mainClass, args);
    }

    /** {@code java -XmxHEAP LOGGER=LEVEL... -cp CLASSPATH MAIN ARGS...}: the named loggers at the given levels. */
    List<String> command(String heap, Map<String, String> logLevels, String mainClass, List<String> args) {
        List<String> command = new ArrayList<>(List.of(java, "-Xmx" + heap, "-XX:+UseSerialGC"));
        logLevels.forEach((logger, level) -> command.add("-Dorg.slf4j.simpleLogger.log." + logger + "=" + level));
        command.addAll(List.of("-cp", classPath, mainClass));
        command.addAll(args);
        return command;
    }
}
