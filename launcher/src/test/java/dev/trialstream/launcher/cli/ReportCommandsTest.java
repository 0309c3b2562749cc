package dev.trialstream.launcher.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trialstream.core.testing.SyntheticData;
import dev.trialstream.http.ObservabilityServer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code local --report} and {@code report ID}: the search page as one self-contained file. */
class ReportCommandsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void local_report_writesTheFinishedSearchPageWithEverythingInlined() throws Exception {
        Path data = Files.writeString(dir.resolve("train.csv"), SyntheticData.linearCsv(90, 3, 0.1, 2));
        Path report = dir.resolve("out/search.html");

        Cli cli = Cli.run("local", "--data", data.toString(), "--target", "y", "--trials", "3", "--epochs", "2",
                "--workers", "1", "--json", "--out", dir.resolve("model.zip").toString(), "--report", report.toString());

        assertThat(cli.exitCode()).as(cli.err()).isZero();
        String searchId = JSON.readTree(cli.out()).get("search_id").asText();
        JsonNode page = reportData(Files.readString(report));
        assertThat(page.path("searchId").asText()).isEqualTo(searchId);
        assertThat(page.path("status").asText()).isEqualTo("done");
        assertThat(page.path("trials")).hasSize(3).allSatisfy(t -> assertThat(t.path("curve")).hasSize(2));
        assertThat(Files.readString(report)).doesNotContain("<script src").contains("echarts");
        assertThat(cli.err()).contains("search page: " + report);
    }

    @Test
    void local_report_refusesADirectoryBeforeRunning() {
        Cli cli = Cli.run("local", "--dataset", "boston", "--report", dir.toString());

        assertThat(cli.exitCode()).isEqualTo(2);
        assertThat(cli.err()).contains("--report " + dir + ": is a directory; give a file name");
    }

    @Test
    void report_readsThePageFromTheAggregator() throws Exception {
        try (ObservabilityServer aggregator = new ObservabilityServer(0, () -> "", () -> true)
                .route("/api/searches/", exchange -> {
                    boolean known = exchange.getRequestURI().getPath().endsWith("/s-1");
                    ObservabilityServer.send(exchange, known ? 200 : 404, "application/json",
                            known ? "{\"searchId\":\"s-1\",\"name\":\"a <b>\"}" : "{\"error\":\"unknown search\"}");
                }).start()) {
            String url = "http://127.0.0.1:" + aggregator.port();
            Path out = dir.resolve("s-1.html");

            Cli ok = Cli.run("report", "s-1", "--out", out.toString(), "--aggregator", url);
            Cli unknown = Cli.run("report", "s-2", "--out", out.toString(), "--aggregator", url);

            assertThat(ok.exitCode()).as(ok.err()).isZero();
            assertThat(reportData(Files.readString(out)).path("name").asText()).isEqualTo("a <b>");
            assertThat(unknown.exitCode()).isEqualTo(2);
            assertThat(unknown.err()).contains("the aggregator at " + url + " has no search s-2");
        }
    }

    @Test
    void report_takesHostAndPortForAnHttpEndpoint() throws Exception {
        try (ObservabilityServer aggregator = new ObservabilityServer(0, () -> "", () -> true)
                .route("/api/searches/", exchange -> ObservabilityServer.send(exchange, 200, "application/json",
                        "{\"searchId\":\"s-1\",\"name\":\"n\"}")).start()) {
            Path out = dir.resolve("s-1.html");

            Cli cli = Cli.run("report", "s-1", "--out", out.toString(), "--aggregator", "127.0.0.1:" + aggregator.port());

            assertThat(cli.exitCode()).as(cli.err()).isZero();
            assertThat(reportData(Files.readString(out)).path("searchId").asText()).isEqualTo("s-1");
        }
    }

    @Test
    void report_pointedAtAWorkersEndpointOrAtKafka_saysItIsNotAnAggregator() throws Exception {
        Path out = dir.resolve("s-1.html");
        // A worker's endpoint: /metrics and /health, no /api/searches.
        try (ObservabilityServer worker = new ObservabilityServer(0, () -> "", () -> true).start();
             // Kafka's port: it takes the connection, reads no HTTP, and closes it.
             java.net.ServerSocket kafka = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            Thread closer = new Thread(() -> {
                while (!kafka.isClosed()) {
                    try (java.net.Socket s = kafka.accept()) {
                        s.getInputStream().read();
                    } catch (java.io.IOException e) {
                        return;
                    }
                }
            });
            closer.setDaemon(true);
            closer.start();

            Cli atWorker = Cli.run("report", "s-1", "--out", out.toString(), "--aggregator", "127.0.0.1:" + worker.port());
            Cli atKafka = Cli.run("report", "s-1", "--out", out.toString(), "--aggregator", "127.0.0.1:" + kafka.getLocalPort());

            assertThat(atWorker.exitCode()).isEqualTo(2);
            assertThat(atWorker.err()).contains("--aggregator http://127.0.0.1:" + worker.port() + " is not an aggregator's"
                    + " HTTP endpoint: it has no /api/searches (it answered 404 for /api/searches/s-1); give the"
                    + " aggregator's --http-port (default 8081), not Kafka's or a worker's")
                    .doesNotContain("has no search s-1");
            assertThat(atKafka.exitCode()).isEqualTo(2);
            assertThat(atKafka.err()).contains("--aggregator http://127.0.0.1:" + kafka.getLocalPort() + " is not an"
                    + " aggregator's HTTP endpoint: it does not answer HTTP (");
            assertThat(out).doesNotExist();
        }
    }

    @Test
    void report_namesTheFlagAtFaultBeforeConnecting() {
        Path out = dir.resolve("s-1.html");

        Cli ftp = Cli.run("report", "s-1", "--out", out.toString(), "--aggregator", "ftp://host:21");
        Cli bootstrap = Cli.run("report", "s-1", "--out", out.toString(), "--bootstrap", "localhost:9092");

        assertThat(ftp.exitCode()).isEqualTo(2);
        assertThat(ftp.err()).contains("--aggregator: expected http://HOST:PORT (or HOST:PORT), found \"ftp://host:21\"");
        assertThat(bootstrap.exitCode()).isEqualTo(2);
        assertThat(bootstrap.err()).contains("--bootstrap: report reads the search's page from an aggregator's HTTP "
                + "endpoint, not from Kafka; give --aggregator http://HOST:PORT");
        assertThat(out).doesNotExist();
    }

    private static JsonNode reportData(String html) throws Exception {
        String marker = "id=\"report-data\">";
        String data = html.substring(html.indexOf(marker) + marker.length());
        return JSON.readTree(data.substring(0, data.indexOf("</script>")));
    }
}
