package dev.trialstream.launcher.page;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trialstream.aggregator.page.PageHtml;
import dev.trialstream.core.message.EnsembleSummary;
import dev.trialstream.core.message.LeaderboardSnapshot;
import dev.trialstream.core.spec.SpecOverrides;
import dev.trialstream.core.testing.SyntheticData;
import dev.trialstream.launcher.local.LocalResult;
import dev.trialstream.launcher.local.LocalRun;
import dev.trialstream.launcher.pipeline.PacedTrainer;
import dev.trialstream.producer.cli.DataOptions;
import dev.trialstream.producer.cli.PreparedSearch;
import dev.trialstream.worker.dl4j.Dl4jTrainer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The search page over a real search (embedded broker, aggregator, DL4J worker, paced so the page
 * sees it run): it follows the search live to "done", every chart draws what the data holds, the
 * importance panel names every searched parameter, a hostile column name stays text, and the
 * console stays clean. Then the static report of the same search shows the same, from a file.
 */
class SearchPageBrowserTest {

    /** The target column's name: if the page ever parsed it as HTML, an img element would appear. */
    private static final String HOSTILE = "<img src=x onerror=alert(1)>";
    private static final Duration WAIT = Duration.ofMinutes(3);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void searchPage_followsALiveSearchToDoneAndTheReportShowsTheSame() throws Exception {
        Browser.assumeInstalled();
        PreparedSearch search = search();
        CompletableFuture<Integer> port = new CompletableFuture<>();
        CompletableFuture<String> searchId = new CompletableFuture<>();
        CompletableFuture<LeaderboardSnapshot> finished = new CompletableFuture<>();
        CountDownLatch release = new CountDownLatch(1);
        try (Browser browser = Browser.start()) {
            CompletableFuture<LocalResult> run = CompletableFuture.supplyAsync(() ->
                    new LocalRun(new PacedTrainer(new Dl4jTrainer(), 250), Clock.systemUTC()).run(search,
                            new LocalRun.Settings(1, dir.resolve("model.zip"), 0, WAIT), snapshot -> {
                                searchId.complete(snapshot.searchId());
                                if (snapshot.done()) {
                                    finished.complete(snapshot);
                                    holdUntil(release); // keep the page's server up while the browser looks
                                }
                            }, port::complete));
            run.whenComplete((result, error) -> {
                if (error != null) {
                    port.completeExceptionally(error);
                    searchId.completeExceptionally(error);
                    finished.completeExceptionally(error);
                }
            });
            String base = "http://127.0.0.1:" + port.get(2, TimeUnit.MINUTES);
            String id = searchId.get(2, TimeUnit.MINUTES);
            ChromeDriver driver = browser.driver();

            driver.get(base + "/searches/" + id);
            WebDriverWait wait = new WebDriverWait(driver, WAIT, Duration.ofMillis(100));
            wait.until(d -> d.findElement(By.tagName("body")).getAttribute("data-rendered") != null);
            String firstStatus = driver.findElement(By.id("status")).getText();
            wait.until(d -> "done".equals(d.findElement(By.id("status")).getText()));
            LeaderboardSnapshot last = finished.get(1, TimeUnit.MINUTES);
            JsonNode page = get(base + "/api/searches/" + id);

            assertThat(firstStatus).as("the page opened while the search ran").isEqualTo("running");
            assertChartsMatch(driver, page, last);
            assertThat(driver.findElement(By.id("meta")).getText()).contains("target " + HOSTILE);
            EnsembleSummary ensemble = last.ensemble();
            assertThat(ensemble).as("the search selected an ensemble").isNotNull();
            assertThat(driver.findElement(By.id("ensemble")).getText())
                    .startsWith(ensemble.members().size() + (ensemble.members().size() == 1 ? " member" : " members"));
            assertThat(driver.findElement(By.id("ensemble-note")).getText())
                    .contains(ensemble.members().get(0).trialId())
                    .contains("greedy selection, " + ensemble.rounds() + (ensemble.rounds() == 1 ? " round;" : " rounds;"));
            assertThat(driver.findElement(By.id("final-note")).getText()).isEqualTo("the ensemble's members retrained on"
                    + " all training rows and weighted, each averaged over 2 networks (training seeds), scored on "
                    + page.path("finalTest").path("n").asInt() + " test rows");
            assertThat(driver.findElements(By.tagName("img"))).isEmpty();
            assertThatThrownBy(() -> driver.switchTo().alert()).isInstanceOf(NoAlertPresentException.class);
            assertThat(browser.consoleErrors()).isEmpty();
            Path shot = Path.of("target", "search-page.png");
            Files.write(shot, driver.getScreenshotAs(OutputType.BYTES));

            // The list of searches links to it.
            driver.get(base + "/");
            wait.until(d -> !d.findElements(By.cssSelector("#searches tbody tr a")).isEmpty());
            org.openqa.selenium.WebElement link = driver.findElement(By.cssSelector("#searches tbody tr a"));
            assertThat(link.getText()).isEqualTo("page-test (" + id + ")");
            assertThat(link.getAttribute("href")).isEqualTo(base + "/searches/" + id);
            List<String> row = driver.findElements(By.cssSelector("#searches tbody tr td")).stream()
                    .map(org.openqa.selenium.WebElement::getText).toList();
            assertThat(row.get(1)).isEqualTo("done");
            assertThat(Double.parseDouble(row.get(3))).as("best CV MSE")
                    .isCloseTo(last.best().orElseThrow().cvMse(), org.assertj.core.data.Percentage.withPercentage(0.1));
            assertThat(browser.consoleErrors()).isEmpty();

            // The same search as one file: no server, nothing fetched, the same charts.
            release.countDown();
            LocalResult result = run.get(2, TimeUnit.MINUTES);
            Path report = writeReport(dir.resolve("report.html"), result.page());
            String html = Files.readString(report);
            assertThat(html).doesNotContain("<script src").doesNotContain("<link rel=\"stylesheet\"")
                    .doesNotContain(HOSTILE);
            driver.get(report.toUri().toString());
            wait.until(d -> d.findElement(By.tagName("body")).getAttribute("data-rendered") != null);
            assertThat(driver.findElement(By.id("status")).getText()).isEqualTo("done");
            assertChartsMatch(driver, result.page(), last);
            assertThat(driver.findElements(By.tagName("img"))).isEmpty();
            assertThat(browser.consoleErrors()).isEmpty();
            Files.write(Path.of("target", "search-report.png"), driver.getScreenshotAs(OutputType.BYTES));

            // An ensemble of one round (selection can stop there) is counted in the singular.
            ObjectNode oneRound = result.page().deepCopy();
            ((ObjectNode) oneRound.get("ensemble")).put("rounds", 1);
            driver.get(writeReport(dir.resolve("one-round.html"), oneRound).toUri().toString());
            wait.until(d -> d.findElement(By.tagName("body")).getAttribute("data-rendered") != null);
            assertThat(driver.findElement(By.id("ensemble-note")).getText()).contains("greedy selection, 1 round;");
            assertThat(browser.consoleErrors()).isEmpty();
        } finally {
            release.countDown();
        }
    }

    private static Path writeReport(Path file, JsonNode page) throws IOException {
        Files.writeString(file, PageHtml.report(page));
        return file;
    }

    private static void assertChartsMatch(ChromeDriver driver, JsonNode page, LeaderboardSnapshot last) {
        int completed = last.counts().completed();
        int pruned = last.counts().pruned();
        assertThat(completed).as("completed trials").isPositive();
        assertThat(pruned).as("pruned trials").isPositive();

        Map<String, Long> history = seriesSizes(driver, "history");
        assertThat(history).containsEntry("completed", (long) completed).containsEntry("pruned", (long) pruned)
                .containsEntry("best", (long) completed + pruned);

        Map<String, Long> curves = seriesSizes(driver, "curves");
        page.path("trials").forEach(trial -> assertThat(curves)
                .containsEntry("trial:" + trial.path("trialId").asText(), (long) trial.path("epochs").asInt()));
        assertThat(curves.keySet().stream().filter(k -> k.startsWith("trial:"))).hasSize(page.path("trials").size());
        assertThat(curves).containsEntry("stops", (long) pruned);
        assertThat(curves.get("threshold")).as("median rule threshold points").isPositive();

        Map<String, Long> parallel = seriesSizes(driver, "parallel");
        assertThat(parallel).containsEntry("completed", (long) completed).containsEntry("pruned", (long) pruned);
        Object axes = driver.executeScript("return echarts.getInstanceByDom(document.getElementById('parallel'))"
                + ".getOption().parallelAxis.map(function (a) { return a.name + ':' + a.type; });");
        assertThat(axes).asList().containsExactly("neurons:category", "learningRate:category", "CV MSE:log");

        List<String> listed = new ArrayList<>();
        driver.findElements(By.cssSelector("#importance-list li")).forEach(li -> listed.add(li.getAttribute("data-param")));
        assertThat(listed).containsExactlyInAnyOrder("neurons", "learningRate");
        // The useless learning rate is what separates the pruned trials from the rest.
        assertThat(listed.get(0)).isEqualTo("learningRate");
        assertThat(driver.findElement(By.id("importance-method")).getText()).startsWith("PED-ANOVA");
        assertThat(seriesSizes(driver, "importance")).containsEntry("importance", 2L);

        assertThat(driver.findElements(By.cssSelector("#trials tbody tr"))).hasSize(page.path("trials").size());
    }

    /** Each series of a chart by id, with how many data points it holds, as ECharts reports them. */
    @SuppressWarnings("unchecked")
    private static Map<String, Long> seriesSizes(ChromeDriver driver, String chart) {
        Object sizes = driver.executeScript("var out = {};"
                + "echarts.getInstanceByDom(document.getElementById(arguments[0])).getOption().series"
                + ".forEach(function (s) { out[s.id] = (s.data || []).length; }); return out;", chart);
        return (Map<String, Long>) sizes;
    }

    private static JsonNode get(String url) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    /** Four trials, eight epochs: two learning rates (one useless, so the median rule prunes) × two widths. */
    /**
     * A grid whose useless learning rate (odd trials) the median rule prunes. Two trials in flight
     * on the one slot, so they run in about index order and a useless one trains after a good one
     * has a curve to be compared with; with local's default for a grid (4 per slot) all four queue at
     * once and the slot drains one partition first, both useless trials before any good one.
     */
    private PreparedSearch search() throws Exception {
        String csv = SyntheticData.linearCsv(150, 3, 0.1, 9);
        String header = csv.substring(0, csv.indexOf('\n'));
        String renamed = String.join(",", java.util.Arrays.stream(header.split(","))
                .map(column -> column.equals(SyntheticData.TARGET) ? "\"" + HOSTILE + "\"" : column).toList());
        Files.writeString(dir.resolve("train.csv"), renamed + csv.substring(csv.indexOf('\n')));
        Path spec = Files.writeString(dir.resolve("spec.yaml"), """
                name: page-test
                data: {file: train.csv, target: '%s', testFraction: 0.2}
                cv: {folds: 3}
                strategy: {type: grid}
                training: {maxEpochs: 8, finalModels: 2}
                pruning: {policy: median, minTrials: 1, warmupEpochs: 2}
                parallelism: 2
                space:
                  neurons: [8, 16]
                  learningRate: [0.01, 0.000001]
                """.formatted(HOSTILE));
        return PreparedSearch.of(spec, new DataOptions(), SpecOverrides.none());
    }

    private static void holdUntil(CountDownLatch release) {
        try {
            release.await(3, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
