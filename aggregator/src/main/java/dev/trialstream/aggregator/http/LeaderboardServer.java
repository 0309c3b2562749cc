package dev.trialstream.aggregator.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.trialstream.aggregator.streams.AggregatorApp;
import dev.trialstream.core.message.LeaderboardSnapshot;
import dev.trialstream.core.message.MessageCodec;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * {@code GET /searches} (every leaderboard), {@code GET /searches/ID} (one, 404 if unknown),
 * {@code /health/live} and {@code /health/ready} (ready = the streams app is running), as JSON.
 */
public final class LeaderboardServer implements AutoCloseable {

    private final HttpServer server;
    private final AggregatorApp app;
    private final MessageCodec codec = new MessageCodec();

    public LeaderboardServer(int port, AggregatorApp app) throws IOException {
        this.server = HttpServer.create(new InetSocketAddress(port), 0);
        this.app = app;
        server.createContext("/searches", this::searches);
        server.createContext("/health/live", exchange -> send(exchange, 200, "{\"status\":\"up\"}"));
        server.createContext("/health/ready", exchange -> send(exchange, app.running() ? 200 : 503,
                "{\"status\":\"" + (app.running() ? "ready" : "not ready") + "\"}"));
    }

    public LeaderboardServer start() {
        server.start();
        return this;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private void searches(HttpExchange exchange) throws IOException {
        if (!"GET".equals(exchange.getRequestMethod())) {
            send(exchange, 405, "{\"error\":\"only GET\"}");
            return;
        }
        String path = exchange.getRequestURI().getPath();
        String id = path.replaceFirst("^/searches/?", "");
        try {
            if (id.isEmpty()) {
                List<LeaderboardSnapshot> all = app.leaderboards();
                StringBuilder json = new StringBuilder("[");
                for (int i = 0; i < all.size(); i++) {
                    json.append(i == 0 ? "" : ",").append(codec.encodeToString(all.get(i)));
                }
                send(exchange, 200, json.append(']').toString());
                return;
            }
            Optional<LeaderboardSnapshot> snapshot = app.leaderboard(id);
            if (snapshot.isEmpty()) {
                send(exchange, 404, "{\"error\":\"unknown search\",\"searchId\":\"" + id.replace("\"", "") + "\"}");
            } else {
                send(exchange, 200, codec.encodeToString(snapshot.get()));
            }
        } catch (IllegalStateException e) {
            send(exchange, 503, "{\"error\":\"aggregator not ready\"}");
        }
    }

    private static void send(HttpExchange exchange, int status, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
