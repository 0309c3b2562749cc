package dev.trialstream.aggregator.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.trialstream.aggregator.page.SearchPageHandler;
import dev.trialstream.core.message.LeaderboardSnapshot;
import dev.trialstream.core.message.MessageCodec;
import dev.trialstream.http.ObservabilityServer;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * {@code GET /searches} (every leaderboard this aggregator holds) and {@code GET /searches/ID}
 * (one; 404 if unknown), as the same JSON the leaderboard topic carries. A browser (Accept:
 * text/html) gets the search page instead, when one is given. While the aggregator is restoring
 * (starting, rebalancing, catching up after a restart) the JSON answers are 503
 * {@code {"status":"restoring"}}: never a stale leaderboard.
 */
public final class SearchesHandler implements HttpHandler {

    private static final String JSON = "application/json";

    private static final String RESTORING = "{\"status\":\"restoring\"}";

    private final BooleanSupplier ready;
    private final Supplier<List<LeaderboardSnapshot>> all;
    private final Function<String, Optional<LeaderboardSnapshot>> one;
    private final MessageCodec codec = new MessageCodec();
    private SearchPageHandler page;

    public SearchesHandler(Supplier<List<LeaderboardSnapshot>> all, Function<String, Optional<LeaderboardSnapshot>> one) {
        this(() -> true, all, one);
    }

    /** @param ready false while the aggregator restores or catches up: answer 503 "restoring" */
    public SearchesHandler(BooleanSupplier ready, Supplier<List<LeaderboardSnapshot>> all,
                           Function<String, Optional<LeaderboardSnapshot>> one) {
        this.ready = ready;
        this.all = all;
        this.one = one;
    }

    /** Serves {@code page}'s HTML to browsers at these paths. */
    public SearchesHandler withPage(SearchPageHandler page) {
        this.page = page;
        return this;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        if (!"GET".equals(exchange.getRequestMethod())) {
            ObservabilityServer.send(exchange, 405, JSON, "{\"error\":\"only GET\"}");
            return;
        }
        if (page != null && SearchPageHandler.wantsHtml(exchange)) {
            page.sendShell(exchange);
            return;
        }
        String id = exchange.getRequestURI().getPath().replaceFirst("^(/api)?/searches/?", "");
        if (id.contains("/")) {
            SearchPageHandler.notFound(exchange);
            return;
        }
        if (!ready.getAsBoolean()) {
            ObservabilityServer.send(exchange, 503, JSON, RESTORING);
            return;
        }
        try {
            if (id.isEmpty()) {
                StringBuilder json = new StringBuilder("[");
                List<LeaderboardSnapshot> snapshots = all.get();
                for (int i = 0; i < snapshots.size(); i++) {
                    json.append(i == 0 ? "" : ",").append(codec.encodeToString(snapshots.get(i)));
                }
                ObservabilityServer.send(exchange, 200, JSON, json.append(']').toString());
                return;
            }
            Optional<LeaderboardSnapshot> snapshot = one.apply(id);
            if (snapshot.isEmpty()) {
                ObservabilityServer.send(exchange, 404, JSON,
                        "{\"error\":\"unknown search\",\"searchId\":\"" + id.replaceAll("[^A-Za-z0-9._-]", "") + "\"}");
            } else {
                ObservabilityServer.send(exchange, 200, JSON, codec.encodeToString(snapshot.get()));
            }
        } catch (IllegalStateException e) {
            ObservabilityServer.send(exchange, 503, JSON, RESTORING);
        }
    }
}
