package dev.trialstream.launcher.observability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trialstream.broker.EmbeddedKafka;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A real {@code prometheus} process (the binary on PATH) scraping one target every second and
 * evaluating the given rule files every second, queried through its HTTP API.
 */
final class PrometheusServer implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(30);

    private final Process process;
    private final Path log;
    private final URI base;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private PrometheusServer(Process process, Path log, int port) {
        this.process = process;
        this.log = log;
        this.base = URI.create("http://127.0.0.1:" + port);
    }

    /** The executable {@code name} on PATH, if any. */
    static Optional<Path> onPath(String name) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(File.pathSeparator)) {
            Path candidate = Path.of(dir, name);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /**
     * Starts Prometheus in {@code workDir} (config, TSDB, log) scraping {@code target}
     * (HOST:PORT, path /metrics) as job {@code job}, with {@code ruleFiles}.
     */
    static PrometheusServer start(Path binary, Path workDir, String job, String target, List<Path> ruleFiles)
            throws IOException, InterruptedException {
        StringBuilder config = new StringBuilder()
                .append("global:\n  scrape_interval: 1s\n  evaluation_interval: 1s\n")
                .append("rule_files:\n");
        for (Path file : ruleFiles) {
            config.append("  - '").append(file.toAbsolutePath()).append("'\n");
        }
        config.append("scrape_configs:\n  - job_name: ").append(job).append('\n')
                .append("    static_configs:\n      - targets: ['").append(target).append("']\n");
        Path configFile = Files.writeString(workDir.resolve("prometheus.yml"), config.toString());
        int port = EmbeddedKafka.freePort();
        Path log = workDir.resolve("prometheus.log");
        Process process = new ProcessBuilder(binary.toString(),
                "--config.file=" + configFile,
                "--storage.tsdb.path=" + workDir.resolve("tsdb"),
                "--web.listen-address=127.0.0.1:" + port)
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        PrometheusServer server = new PrometheusServer(process, log, port);
        server.awaitReady();
        return server;
    }

    private void awaitReady() throws InterruptedException {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("prometheus exited with " + process.exitValue() + ":\n" + logText());
            }
            try {
                if (get("/-/ready").statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // Not listening yet.
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("prometheus not ready after " + READY_TIMEOUT.toSeconds() + " s:\n" + logText());
    }

    /** The outcome of an instant query: an error (parse or evaluation), or the samples' values. */
    record QueryResult(String error, List<Double> values) {
        boolean hasNumber() {
            return values.stream().anyMatch(v -> !v.isNaN());
        }
    }

    QueryResult query(String promql) throws IOException, InterruptedException {
        HttpResponse<String> response = get("/api/v1/query?query=" + encode(promql));
        JsonNode body = JSON.readTree(response.body());
        if (!"success".equals(body.path("status").asText())) {
            return new QueryResult(body.path("errorType").asText() + ": " + body.path("error").asText(), List.of());
        }
        JsonNode data = body.path("data");
        List<Double> values = new ArrayList<>();
        switch (data.path("resultType").asText()) {
            case "vector" -> data.path("result").forEach(sample -> values.add(number(sample.path("value"))));
            case "scalar" -> values.add(number(data.path("result")));
            case "matrix" -> data.path("result").forEach(series ->
                    series.path("values").forEach(value -> values.add(number(value))));
            default -> {
                return new QueryResult("unexpected result type " + data.path("resultType").asText(), List.of());
            }
        }
        return new QueryResult(null, values);
    }

    /** Whether Prometheus holds any series named {@code metric} (scraped or recorded). */
    boolean hasSeries(String metric) throws IOException, InterruptedException {
        return !json("/api/v1/series?match[]=" + encode("{__name__=\"" + metric + "\"}")).isEmpty();
    }

    /** The values of {@code label} on the series {@code match} selects. */
    List<String> labelValues(String label, String match) throws IOException, InterruptedException {
        List<String> values = new ArrayList<>();
        json("/api/v1/label/" + label + "/values?match[]=" + encode(match)).forEach(v -> values.add(v.asText()));
        return values;
    }

    /** The scrape targets' health, e.g. {@code up} or {@code down: connection refused}. */
    List<String> targetHealth() throws IOException, InterruptedException {
        List<String> health = new ArrayList<>();
        json("/api/v1/targets").path("activeTargets").forEach(t -> health.add(t.path("health").asText()
                + (t.path("lastError").asText().isEmpty() ? "" : ": " + t.path("lastError").asText())));
        return health;
    }

    private JsonNode json(String pathAndQuery) throws IOException, InterruptedException {
        HttpResponse<String> response = get(pathAndQuery);
        JsonNode body = JSON.readTree(response.body());
        if (!"success".equals(body.path("status").asText())) {
            throw new IllegalStateException(pathAndQuery + " failed: " + response.body());
        }
        return body.path("data");
    }

    private HttpResponse<String> get(String pathAndQuery) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(base.resolve(pathAndQuery)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static double number(JsonNode value) {
        // [timestamp, "value"]; Prometheus writes NaN and ±Inf as strings too.
        return Double.parseDouble(value.get(1).asText().replace("Inf", "Infinity"));
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    String logText() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
