package dev.trialstream.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * {@code GET /metrics} (Prometheus text exposition), {@code /health/live} (200 while the process
 * runs) and {@code /health/ready} (200 when the app is connected and working, else 503), plus any
 * contexts an app adds (the aggregator's {@code /searches}). One per process.
 */
public final class ObservabilityServer implements AutoCloseable {

    private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    private final HttpServer server;
    private final ExecutorService executor;

    /**
     * @param port   0 = any free port
     * @param scrape the exposition text (the Prometheus registry's {@code scrape})
     * @param ready  whether the app is ready (connected, assigned, running)
     */
    public ObservabilityServer(int port, Supplier<String> scrape, BooleanSupplier ready) throws IOException {
        this(new InetSocketAddress(port), scrape, ready);
    }

    /** As {@link #ObservabilityServer(int, Supplier, BooleanSupplier)}, bound to one address (e.g. 127.0.0.1 only). */
    public ObservabilityServer(InetSocketAddress address, Supplier<String> scrape, BooleanSupplier ready)
            throws IOException {
        server = HttpServer.create(address, 0);
        // Two threads: a slow scrape must not block the probes.
        executor = Executors.newFixedThreadPool(2, r -> {
            Thread thread = new Thread(r, "observability-http");
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(executor);
        server.createContext("/metrics", exchange -> send(exchange, 200, PROMETHEUS_TEXT, scrape.get()));
        server.createContext("/health/live", exchange -> send(exchange, 200, "application/json", "{\"status\":\"up\"}"));
        server.createContext("/health/ready", exchange -> {
            boolean ok = ready.getAsBoolean();
            send(exchange, ok ? 200 : 503, "application/json",
                    "{\"status\":\"" + (ok ? "ready" : "not ready") + "\"}");
        });
    }

    /** Adds an app-specific endpoint under {@code path}. */
    public ObservabilityServer route(String path, HttpHandler handler) {
        server.createContext(path, handler);
        return this;
    }

    public ObservabilityServer start() {
        server.start();
        return this;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** Writes a response with the given status, content type and body. */
    public static void send(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
