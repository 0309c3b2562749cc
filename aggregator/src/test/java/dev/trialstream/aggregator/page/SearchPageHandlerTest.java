package dev.trialstream.aggregator.page;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trialstream.aggregator.http.SearchesHandler;
import dev.trialstream.core.message.LeaderboardSnapshot;
import dev.trialstream.core.message.StatusCounts;
import dev.trialstream.core.status.SearchStatus;
import dev.trialstream.http.ObservabilityServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The page's routes on a real HTTP server: browsers get the page, everyone else the JSON as before. */
class SearchPageHandlerTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final LeaderboardSnapshot SNAPSHOT = new LeaderboardSnapshot("s-1", "boston", StatusCounts.NONE,
            List.of(), List.of(), 0, 100, null, SearchStatus.RUNNING, 1);

    private ObservabilityServer server;
    private final HttpClient client = HttpClient.newHttpClient();

    @BeforeEach
    void serve() throws Exception {
        JsonNode page = JSON.readTree("{\"searchId\":\"s-1\",\"trials\":[]}");
        SearchesHandler searches = new SearchesHandler(() -> List.of(SNAPSHOT),
                id -> id.equals("s-1") ? Optional.of(SNAPSHOT) : Optional.empty());
        SearchPageHandler pages = new SearchPageHandler(id -> id.equals("s-1") ? Optional.of(page) : Optional.empty(),
                searches);
        server = new ObservabilityServer(0, () -> "", () -> true)
                .route("/searches", searches.withPage(pages)).route("/", pages).start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void searches_browserGetsThePageAndOtherClientsTheJson() throws Exception {
        HttpResponse<String> html = get("/searches/s-1", "text/html,application/xhtml+xml,*/*;q=0.8");
        HttpResponse<String> json = get("/searches/s-1", "*/*");

        assertThat(html.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
        assertThat(html.body()).contains("<div class=\"chart\" id=\"history\">", "/assets/echarts.min.js");
        assertThat(json.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(JSON.readTree(json.body()).path("searchId").asText()).isEqualTo("s-1");
    }

    @Test
    void api_servesThePageDataTheListAndUnknownSearches() throws Exception {
        assertThat(JSON.readTree(get("/api/searches/s-1", "*/*").body()).path("trials").isArray()).isTrue();
        assertThat(JSON.readTree(get("/api/searches", "*/*").body())).hasSize(1);
        assertThat(get("/api/searches/nope", "*/*").statusCode()).isEqualTo(404);
        assertThat(get("/elsewhere", "text/html").statusCode()).isEqualTo(404);
    }

    @Test
    void aPathBelowASearch_isNotFound_namingThePath_notAnUnknownSearch() throws Exception {
        for (String path : List.of("/searches/s-1/importance", "/api/searches/s-1/importance")) {
            HttpResponse<String> response = get(path, "*/*");
            JsonNode body = JSON.readTree(response.body());

            assertThat(response.statusCode()).as(path).isEqualTo(404);
            assertThat(body.path("error").asText()).as(path).isEqualTo("not found");
            assertThat(body.path("path").asText()).as(path).isEqualTo(path);
            assertThat(body.path("paths").asText()).as(path).contains("/searches/ID", "/api/searches/ID");
        }
    }

    @Test
    void assets_echartsComesFromTheJar() throws Exception {
        HttpResponse<String> echarts = get("/assets/echarts.min.js", "*/*");

        assertThat(echarts.statusCode()).isEqualTo(200);
        assertThat(echarts.body()).hasSizeGreaterThan(500_000).contains("echarts");
        assertThat(get("/assets/search.js", "*/*").body()).contains("textContent");
        assertThat(get("/assets/../pom.xml", "*/*").statusCode()).isEqualTo(404);
    }

    @Test
    void report_inlinesEverythingAndKeepsHostileDataInert() throws Exception {
        JsonNode page = JSON.readTree("{\"name\":\"x\",\"target\":\"</script><img src=x onerror=alert(1)>\"}");

        String html = PageHtml.report(page);

        assertThat(html).doesNotContain("<img src=x").doesNotContain("<script src").doesNotContain("/assets/")
                .contains("\\u003c/script\\u003e\\u003cimg src=x onerror=alert(1)\\u003e")
                .contains("id=\"report-data\"");
        String data = html.substring(html.indexOf("id=\"report-data\">") + 17);
        assertThat(JSON.readTree(data.substring(0, data.indexOf("</script>")))).isEqualTo(page);
    }

    private HttpResponse<String> get(String path, String accept) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .header("Accept", accept).build(), HttpResponse.BodyHandlers.ofString());
    }
}
