package dev.trialstream.launcher.cli;

import dev.trialstream.producer.cli.OutputFile;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code trialstream report ID --out FILE.html}: a search's page from a running aggregator, as one file. */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = {"Write a search's page as one self-contained HTML file.",
                "History, learning curves, parallel coordinates, importance and the trials, read from an "
                        + "aggregator's HTTP endpoint."})
public final class ReportCommand implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Spec
    private picocli.CommandLine.Model.CommandSpec command;

    @Parameters(index = "0", paramLabel = "SEARCH_ID", description = "the search")
    private String searchId;

    @Option(names = "--out", required = true, paramLabel = "FILE.html", description = "where to write the page")
    private Path out;

    @Option(names = "--aggregator", defaultValue = "http://localhost:8081", paramLabel = "URL",
            description = "the aggregator's HTTP endpoint (default ${DEFAULT-VALUE}); HOST:PORT means http://HOST:PORT")
    private String aggregatorUrl;

    /** Every other command that reads a search takes it: say what this one takes instead. */
    @Option(names = "--bootstrap", hidden = true, paramLabel = "HOST:PORT",
            description = "not taken: report reads an aggregator's HTTP endpoint (--aggregator)")
    private String bootstrap;

    @Override
    public Integer call() throws IOException, InterruptedException {
        if (bootstrap != null) {
            throw new IllegalArgumentException("--bootstrap: report reads the search's page from an aggregator's HTTP "
                    + "endpoint, not from Kafka; give --aggregator http://HOST:PORT (the aggregator's --http-port)");
        }
        URI aggregator = endpoint(aggregatorUrl);
        OutputFile.requireWritable("--out", out);
        URI uri = aggregator.resolve("/api/searches/" + URLEncoder.encode(searchId, StandardCharsets.UTF_8));
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        HttpResponse<String> response;
        try {
            response = client.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                    .header("Accept", "application/json").GET().build(), HttpResponse.BodyHandlers.ofString());
        } catch (java.net.ConnectException e) {
            throw new IllegalArgumentException("no aggregator answers at " + aggregator + " (--aggregator)", e);
        } catch (java.net.http.HttpTimeoutException e) {
            throw e; // an aggregator too busy to answer: a failure, not a wrong flag
        } catch (IOException e) {
            // Kafka's port, say: something listens there, but it does not speak HTTP.
            throw notAnAggregator(aggregator, "it does not answer HTTP (" + e.getMessage() + ")");
        }
        if (response.statusCode() == 404) {
            // An aggregator says "unknown search"; anything else (a worker's endpoint, another server) has no such page at all.
            if (!response.body().contains("\"unknown search\"")) {
                throw notAnAggregator(aggregator, "it has no /api/searches (it answered 404 for " + uri.getPath() + ")");
            }
            throw new IllegalArgumentException("the aggregator at " + aggregator + " has no search " + searchId);
        }
        if (response.statusCode() != 200) {
            command.commandLine().getErr().printf("the aggregator at %s answered %d: %s%n", aggregator,
                    response.statusCode(), response.body());
            return 1;
        }
        JsonNode page;
        try {
            page = JSON.readTree(response.body());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw notAnAggregator(aggregator, "its answer for " + uri.getPath() + " is not JSON");
        }
        SearchReport.write(out, page);
        command.commandLine().getErr().printf("search page: %s%n", out);
        return 0;
    }

    private static IllegalArgumentException notAnAggregator(URI aggregator, String why) {
        return new IllegalArgumentException("--aggregator " + aggregator + " is not an aggregator's HTTP endpoint: " + why
                + "; give the aggregator's --http-port (default 8081), not Kafka's or a worker's");
    }

    /** The endpoint {@code --aggregator} names: http://HOST:PORT or https://..., or HOST:PORT for http. */
    static URI endpoint(String url) {
        String withScheme = url.contains("://") ? url : "http://" + url;
        try {
            URI uri = new URI(withScheme);
            if ((uri.getScheme().equals("http") || uri.getScheme().equals("https")) && uri.getHost() != null) {
                return uri;
            }
        } catch (java.net.URISyntaxException e) {
            // said below
        }
        throw new IllegalArgumentException("--aggregator: expected http://HOST:PORT (or HOST:PORT), found \""
                + url + "\"");
    }
}
