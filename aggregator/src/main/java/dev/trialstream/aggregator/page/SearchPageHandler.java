package dev.trialstream.aggregator.page;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.trialstream.http.ObservabilityServer;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.function.Function;

/**
 * The search page's routes: {@code /} (the searches), {@code /searches/ID} when a browser asks for
 * HTML (see {@link #wantsHtml}), {@code /api/searches/ID} (the page's data, which the page polls)
 * and {@code /assets/*} (its script, style and ECharts). {@code /api/searches} is the same list as
 * {@code /searches}: the searches handler serves it.
 */
public final class SearchPageHandler implements HttpHandler {

    private static final String JSON = "application/json";
    private static final String HTML = "text/html; charset=utf-8";

    private final Function<String, Optional<JsonNode>> pages;
    private final HttpHandler searches;
    private final String shell = PageHtml.served();

    /**
     * @param pages    a search's page data by id ({@link SearchPageData}); empty if unknown
     * @param searches serves the JSON list of searches
     */
    public SearchPageHandler(Function<String, Optional<JsonNode>> pages, HttpHandler searches) {
        this.pages = pages;
        this.searches = searches;
    }

    /** A browser navigating asks for text/html first; API clients (curl, the CLI) do not. */
    public static boolean wantsHtml(HttpExchange exchange) {
        String accept = exchange.getRequestHeaders().getFirst("Accept");
        return accept != null && accept.contains("text/html");
    }

    /** Sends the page shell: the script then loads what the path names. */
    public void sendShell(HttpExchange exchange) throws IOException {
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        ObservabilityServer.send(exchange, 200, HTML, shell);
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        if (!"GET".equals(exchange.getRequestMethod())) {
            ObservabilityServer.send(exchange, 405, JSON, "{\"error\":\"only GET\"}");
            return;
        }
        String path = exchange.getRequestURI().getPath();
        if (path.equals("/")) {
            sendShell(exchange);
        } else if (path.startsWith("/assets/") && PageAssets.TYPES.containsKey(path.substring("/assets/".length()))) {
            String name = path.substring("/assets/".length());
            exchange.getResponseHeaders().set("Cache-Control", "max-age=300");
            ObservabilityServer.send(exchange, 200, PageAssets.TYPES.get(name), PageAssets.read(name));
        } else if (path.equals("/api/searches") || path.equals("/api/searches/")) {
            searches.handle(exchange);
        } else if (path.startsWith("/api/searches/")) {
            page(exchange, URLDecoder.decode(path.substring("/api/searches/".length()), StandardCharsets.UTF_8));
        } else if (path.equals("/favicon.ico")) {
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        } else {
            notFound(exchange);
        }
    }

    /**
     * 404 for a path this server does not have ({@code /searches/ID/importance}, say), naming the
     * path and the ones there are: answered as "unknown search" it named a search id no one typed.
     */
    public static void notFound(HttpExchange exchange) throws IOException {
        ObjectNode body = JsonNodeFactory.instance.objectNode().put("error", "not found")
                .put("path", exchange.getRequestURI().getPath())
                .put("paths", "/searches, /searches/ID (JSON, or the search page for a browser), /api/searches/ID (the page's data)");
        ObservabilityServer.send(exchange, 404, JSON, body.toString());
    }

    private void page(HttpExchange exchange, String id) throws IOException {
        if (id.contains("/")) {
            notFound(exchange);
            return;
        }
        try {
            Optional<JsonNode> page = pages.apply(id);
            if (page.isEmpty()) {
                ObservabilityServer.send(exchange, 404, JSON, "{\"error\":\"unknown search\"}");
            } else {
                ObservabilityServer.send(exchange, 200, JSON, page.get().toString());
            }
        } catch (IllegalStateException e) {
            ObservabilityServer.send(exchange, 503, JSON, "{\"error\":\"aggregator not ready\"}");
        }
    }
}
