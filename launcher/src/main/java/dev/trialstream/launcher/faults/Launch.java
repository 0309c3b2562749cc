package dev.trialstream.launcher.faults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

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
        List<String> command = new ArrayList<>(List.of(java, "-Xmx" + heap, "-XX:+UseSerialGC", "-cp", classPath,
                mainClass));
        command.addAll(args);
        return command;
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
