package dev.trialstream.launcher.faults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * One child process (the broker, the aggregator or a worker): started with its output appended
 * to a log file, killed with SIGKILL or SIGTERM, started again with the same command.
 */
final class Child {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    private final String name;
    private final List<String> command;
    private final Path log;
    private final int httpPort;
    private Process process;

    /** @param httpPort the child's observability port, or -1 */
    Child(String name, List<String> command, Path log, int httpPort) {
        this.name = name;
        this.command = List.copyOf(command);
        this.log = log;
        this.httpPort = httpPort;
    }

    String name() {
        return name;
    }

    Child start() {
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            builder.environment().put("OMP_NUM_THREADS", "1"); // one thread per trial: faster for small nets
            process = builder.start();
            process.getOutputStream().close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name, e);
        }
        return this;
    }

    boolean alive() {
        return process != null && process.isAlive();
    }

    /** SIGKILL: no shutdown hook, nothing flushed, as a crash or an OOM kill. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** SIGSTOP: the process hangs with its connections open, as a long GC pause or a frozen VM would. */
    void freeze() throws InterruptedException {
        signal("STOP");
    }

    /** SIGCONT after {@link #freeze()}. */
    void thaw() throws InterruptedException {
        signal("CONT");
    }

    private void signal(String name) throws InterruptedException {
        try {
            Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start();
            if (kill.waitFor() != 0) {
                throw new IllegalStateException("kill -" + name + " " + process.pid() + " (" + this.name + ") failed");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot send SIG" + name + " to " + this.name, e);
        }
    }

    /** SIGTERM, then waits for the exit; returns the exit status. */
    int terminate(Duration wait) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(wait.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
            throw new IllegalStateException(name + " did not exit within " + wait.toSeconds() + " s of SIGTERM");
        }
        return process.exitValue();
    }

    /** The status and body of GET {@code path} on the child's HTTP port, empty if it does not answer. */
    Optional<HttpResponse<String>> get(String path) {
        try {
            return Optional.of(HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString()));
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    boolean ready() {
        return get("/health/ready").map(r -> r.statusCode() == 200).orElse(false);
    }

    Path log() {
        return log;
    }
}
