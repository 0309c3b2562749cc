package dev.trialstream.launcher.faults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

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

    /** {@code count} free ports, all different (the OS may hand back a port just released). */
    static List<Integer> freePorts(int count) {
        Set<Integer> ports = new LinkedHashSet<>();
        while (ports.size() < count) {
            ports.add(freePort());
        }
        return List.copyOf(ports);
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port", e);
        }
    }
}
