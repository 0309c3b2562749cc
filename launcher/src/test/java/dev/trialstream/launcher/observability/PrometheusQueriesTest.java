package dev.trialstream.launcher.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.trialstream.core.message.LeaderboardSnapshot;
import dev.trialstream.core.spec.SpecOverrides;
import dev.trialstream.launcher.local.LocalResult;
import dev.trialstream.launcher.local.LocalRun;
import dev.trialstream.launcher.observability.ObservabilityFiles.Dashboard;
import dev.trialstream.launcher.observability.ObservabilityFiles.Query;
import dev.trialstream.launcher.observability.ObservabilityFiles.Rule;
import dev.trialstream.launcher.observability.ObservabilityFiles.Variable;
import dev.trialstream.launcher.pipeline.PacedTrainer;
import dev.trialstream.launcher.pipeline.PrunableSearch;
import dev.trialstream.producer.cli.DataOptions;
import dev.trialstream.producer.cli.PreparedSearch;
import dev.trialstream.worker.dl4j.Dl4jTrainer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every PromQL expression the repository ships, evaluated by a real Prometheus that scraped a real
 * search: the Grafana dashboards ({@code grafana/dashboards/*.json}) and the rule files
 * ({@code prometheus/rules/*.yml}).
 *
 * <p>A small grid search with median-rule pruning runs in this JVM through the whole pipeline
 * ({@link LocalRun}: embedded broker, aggregator, 2 worker slots, epochs paced to 100 ms so the
 * search lives long enough for a few scrapes). A {@code prometheus} process scrapes its
 * {@code /metrics} every second and evaluates the repository's rule files every second. When the
 * search is done (its winner's final fit included, so every meter exists: trial and epoch timers,
 * pruning decisions, final fits), the run is held open while the test queries Prometheus:
 * <ul>
 *   <li><b>dashboard targets</b> (with {@code $search} and the other variables resolved from
 *       Prometheus like Grafana does, {@code $__rate_interval} = 30s, {@code $__interval} = 5s,
 *       {@code $__range} = 5m) and <b>recording rules</b> must parse and return data: at least one
 *       sample that is a number (NaN alone is a blank panel). A recording rule's series must also
 *       exist, which proves Prometheus evaluated it;</li>
 *   <li><b>alert rules</b> must parse and evaluate, but need not return anything: an alert that is
 *       not firing has no data by design, and a healthy test run fires none. What they are held to
 *       instead is that every metric they name exists in Prometheus (the series endpoint), so an
 *       alert can never watch a misspelt or vanished metric and stay silent forever;</li>
 *   <li>every metric named by any expression, of any kind, must exist (so a branch of an
 *       {@code or} cannot hide a dead metric);</li>
 *   <li>a live {@code /metrics} scrape must pass {@code promtool check metrics} for trialstream's
 *       own metrics. Lint findings on third-party names (the Kafka clients' {@code *_time_ns_total}
 *       and {@code connection_count}, Micrometer's {@code system_cpu_count}) are tolerated: those
 *       names come from the Kafka and Micrometer binders, and renaming them would break every
 *       existing Kafka dashboard.</li>
 * </ul>
 * Skipped, with the reason, when {@code prometheus} or {@code promtool} is not on PATH; CI installs
 * Debian's {@code prometheus} package first (.ci/observability-check.sh) and sets
 * {@code TRIALSTREAM_REQUIRE_PROMETHEUS}, which turns the skip into a failure.
 */
class PrometheusQueriesTest {

    private static final Duration SETTLE = Duration.ofSeconds(45);
    private static final Map<String, String> GRAFANA_BUILTINS = Map.of(
            "__rate_interval", "30s", "__interval", "5s", "__range", "5m");

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 4, unit = TimeUnit.MINUTES)
    void everyDashboardAndRuleQueryRunsAgainstARealSearch() throws Exception {
        Optional<Path> prometheus = PrometheusServer.onPath("prometheus");
        Optional<Path> promtool = PrometheusServer.onPath("promtool");
        String missing = "prometheus and promtool are not on PATH: install them (Debian: apt-get install -y "
                + "--no-install-recommends prometheus) to check the dashboards and rules against a real Prometheus";
        if (System.getenv("TRIALSTREAM_REQUIRE_PROMETHEUS") != null) { // CI: a skip would hide a broken check
            assertThat(prometheus.isPresent() && promtool.isPresent()).as(missing).isTrue();
        }
        assumeTrue(prometheus.isPresent() && promtool.isPresent(), missing);
        Path root = ObservabilityFiles.repositoryRoot();
        List<Dashboard> dashboards = ObservabilityFiles.dashboards(root.resolve("grafana/dashboards"));
        List<Path> ruleFiles = ObservabilityFiles.files(root.resolve("prometheus/rules"), ".yml");
        List<Rule> rules = ObservabilityFiles.rules(root.resolve("prometheus/rules"));
        // Guards against a reader that silently finds nothing (then nothing would be checked).
        assertThat(dashboards).extracting(Dashboard::file).contains("search.json", "workers.json");
        assertThat(dashboards).allSatisfy(d -> assertThat(d.targets()).as(d.file()).hasSizeGreaterThan(5));
        assertThat(rules).filteredOn(Rule::alert).hasSizeGreaterThanOrEqualTo(4);
        assertThat(rules).filteredOn(r -> !r.alert()).hasSizeGreaterThanOrEqualTo(4);

        CompletableFuture<Integer> metricsPort = new CompletableFuture<>();
        CompletableFuture<LeaderboardSnapshot> finished = new CompletableFuture<>();
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<LocalResult> run = CompletableFuture.supplyAsync(() -> new LocalRun(
                        new PacedTrainer(new Dl4jTrainer(), 100), Clock.systemUTC())
                .run(search(), new LocalRun.Settings(2, dir.resolve("model.zip"), 0, Duration.ofMinutes(3)),
                        snapshot -> {
                            if (snapshot.done()) {
                                finished.complete(snapshot);
                                holdUntil(release); // keep /metrics up while Prometheus is queried
                            }
                        }, metricsPort::complete));
        run.whenComplete((result, error) -> {
            if (error != null) {
                metricsPort.completeExceptionally(error);
                finished.completeExceptionally(error);
            }
        });
        long started = System.nanoTime();
        try {
            int port = metricsPort.get(2, TimeUnit.MINUTES);
            try (PrometheusServer server = PrometheusServer.start(prometheus.get(), Files.createDirectories(
                    dir.resolve("prometheus")), "trialstream-local", "127.0.0.1:" + port, ruleFiles)) {
                LeaderboardSnapshot last = finished.get(3, TimeUnit.MINUTES);
                // Preconditions: the search produced every event the dashboards plot.
                assertThat(last.finalTest()).as("the winner's final fit").isNotNull();
                assertThat(last.counts().pruned()).as("pruned trials (pruning panels need one)").isPositive();
                assertThat(last.counts().completed()).as("completed trials").isGreaterThanOrEqualTo(2);

                Map<String, String> variables = resolveVariables(server, dashboards, last.searchId());
                List<String> failures = awaitAllPass(server, dashboards, rules, variables);
                assertThat(failures).as("queries failing against Prometheus (targets: %s)\n%s",
                        server.targetHealth(), String.join("\n", failures)).isEmpty();

                List<String> lint = promtoolCheckMetrics(promtool.get(), scrape(port));
                assertThat(lint).as("promtool check metrics on trialstream's own metrics").isEmpty();
            }
        } finally {
            release.countDown();
            run.get(1, TimeUnit.MINUTES);
            System.out.printf("PrometheusQueriesTest: search and checks took %.1f s%n",
                    (System.nanoTime() - started) / 1e9);
        }
    }

    /** {@link PrunableSearch}: 6 grid trials, half with a learning rate too small to learn, pruned by the median rule. */
    private PreparedSearch search() {
        try {
            PrunableSearch.writeData(dir);
            Path spec = Files.writeString(dir.resolve("spec.yaml"), PrunableSearch.yaml("observability-test"));
            return PreparedSearch.of(spec, new DataOptions(), SpecOverrides.none());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void holdUntil(CountDownLatch release) {
        try {
            release.await(3, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Each dashboard variable as Grafana would fill it: all values of {@code label_values(metric, label)}. */
    private static Map<String, String> resolveVariables(PrometheusServer server, List<Dashboard> dashboards,
                                                        String searchId) throws Exception {
        Map<String, String> values = new HashMap<>(GRAFANA_BUILTINS);
        long deadline = System.nanoTime() + SETTLE.toNanos();
        for (Dashboard dashboard : dashboards) {
            for (Variable variable : dashboard.variables()) {
                List<String> found = server.labelValues(variable.label(), variable.metric());
                while (found.isEmpty() && System.nanoTime() < deadline) {
                    Thread.sleep(500);
                    found = server.labelValues(variable.label(), variable.metric());
                }
                assertThat(found).as("%s: values of label_values(%s, %s)", variable.source(), variable.metric(),
                        variable.label()).isNotEmpty();
                if (variable.name().equals("search")) {
                    assertThat(found).as(variable.source()).containsExactly(searchId);
                }
                values.put(variable.name(), variable.regex() ? GrafanaInterpolation.regexOf(found) : found.get(0));
            }
        }
        return values;
    }

    /**
     * Checks every expression until all pass or {@link #SETTLE} runs out (rates need two scrapes of a
     * counter that appeared with the final fit); returns the last round's failures.
     */
    private static List<String> awaitAllPass(PrometheusServer server, List<Dashboard> dashboards, List<Rule> rules,
                                             Map<String, String> variables) throws Exception {
        GrafanaInterpolation grafana = new GrafanaInterpolation(variables);
        Map<Query, Boolean> checks = new LinkedHashMap<>(); // expression -> must return data
        for (Dashboard dashboard : dashboards) {
            for (Query target : dashboard.targets()) {
                checks.put(new Query(target.source(), grafana.apply(target.source(), target.expr())), true);
            }
        }
        for (Rule rule : rules) {
            checks.put(new Query(rule.source(), rule.expr()), !rule.alert());
            if (!rule.alert()) {
                checks.put(new Query(rule.source() + " (the recorded series)", rule.name()), true);
            }
        }
        long deadline = System.nanoTime() + SETTLE.toNanos();
        List<String> failures;
        do {
            failures = new ArrayList<>();
            for (Map.Entry<Query, Boolean> check : checks.entrySet()) {
                failures.addAll(check(server, check.getKey(), check.getValue()));
            }
            if (failures.isEmpty()) {
                break;
            }
            Thread.sleep(1000);
        } while (System.nanoTime() < deadline);
        System.out.printf("PrometheusQueriesTest: %d expressions checked (%d dashboard targets, %d rules)%n",
                checks.size(), dashboards.stream().mapToInt(d -> d.targets().size()).sum(), rules.size());
        return failures;
    }

    private static List<String> check(PrometheusServer server, Query query, boolean mustReturnData) throws Exception {
        List<String> failures = new ArrayList<>();
        PrometheusServer.QueryResult result = server.query(query.expr());
        if (result.error() != null) {
            failures.add(query.source() + ": " + result.error() + "\n    " + query.expr());
        } else if (mustReturnData && result.values().isEmpty()) {
            failures.add(query.source() + ": no data\n    " + query.expr());
        } else if (mustReturnData && !result.hasNumber()) {
            failures.add(query.source() + ": only NaN\n    " + query.expr());
        }
        for (String metric : MetricNames.of(query.expr())) {
            if (!server.hasSeries(metric)) {
                failures.add(query.source() + ": no series named " + metric);
            }
        }
        return failures;
    }

    private static String scrape(int port) throws IOException, InterruptedException {
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("GET /metrics").isEqualTo(200);
        return response.body();
    }

    /**
     * Runs {@code promtool check metrics} on an exposition; returns its findings on trialstream's
     * own metrics. Exit 0 = clean, 3 = lint findings (filtered here), anything else (1: the text does
     * not parse) fails.
     */
    private List<String> promtoolCheckMetrics(Path promtool, String exposition) throws Exception {
        Path input = Files.writeString(dir.resolve("metrics.txt"), exposition);
        Path output = dir.resolve("promtool.txt");
        Process process = new ProcessBuilder(promtool.toString(), "check", "metrics")
                .redirectInput(input.toFile()).redirectErrorStream(true).redirectOutput(output.toFile()).start();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("promtool check metrics finished").isTrue();
        String findings = Files.readString(output, StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as("promtool check metrics exit code; output:\n%s", findings).isIn(0, 3);
        Set<String> own = new TreeSet<>();
        findings.lines().filter(line -> line.startsWith("trialstream_")).forEach(own::add);
        return List.copyOf(own);
    }
}
