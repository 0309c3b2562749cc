package dev.trialstream.launcher.metrics;

import com.sun.net.httpserver.HttpHandler;
import dev.trialstream.http.ObservabilityServer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * The process's metrics: a Prometheus registry with the JVM binders, tagged with the app's role,
 * and (when a port is given) the HTTP endpoint serving {@code /metrics} and the health probes.
 * Whoever creates it closes it.
 */
public final class Observability implements AutoCloseable {

    private final PrometheusMeterRegistry registry;
    private final JvmGcMetrics gc;
    private ObservabilityServer server;
    private volatile BooleanSupplier live = () -> false;
    private volatile BooleanSupplier ready = () -> false;

    /** @param app {@code worker}, {@code aggregator} or {@code local}: the {@code app} tag of every meter */
    public Observability(String app) {
        registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        registry.config().commonTags("app", app);
        new ClassLoaderMetrics().bindTo(registry);
        new JvmMemoryMetrics().bindTo(registry);
        gc = new JvmGcMetrics();
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    /**
     * Serves {@code /metrics}, {@code /health/live}, {@code /health/ready} and the given routes.
     *
     * @param port -1 = serve nothing; 0 = any free port
     */
    public Observability serve(int port, BooleanSupplier ready, Map<String, HttpHandler> routes) {
        return serve(null, port, () -> true, ready, routes);
    }

    /** As above, with {@code /health/live} failing once {@code live} is false (the process must be restarted). */
    public Observability serve(int port, BooleanSupplier live, BooleanSupplier ready, Map<String, HttpHandler> routes) {
        return serve(null, port, live, ready, routes);
    }

    /**
     * As {@link #serve(int, BooleanSupplier, Map)}, bound to {@code address} only (null: every interface).
     */
    public Observability serve(String address, int port, BooleanSupplier ready, Map<String, HttpHandler> routes) {
        return serve(address, port, () -> true, ready, routes);
    }

    /** Bound to {@code address} (null: every interface), with a liveness check. */
    public Observability serve(String address, int port, BooleanSupplier live, BooleanSupplier ready,
                               Map<String, HttpHandler> routes) {
        bind(address, port);
        if (server == null) {
            return this;
        }
        this.live = live;
        this.ready = ready;
        new LinkedHashMap<>(routes).forEach(server::route);
        server.start();
        return this;
    }

    /**
     * Takes the port now, before the work it will report on starts, so that a port in use is said
     * before anything else runs ({@code local} starts a broker, an aggregator and a worker first);
     * {@link #serve} then adds the routes and answers. Until then the probes say not live, not ready.
     *
     * @param port -1 = nothing; 0 = any free port
     * @throws IllegalArgumentException naming {@code --http-port} when the port cannot be had
     */
    public Observability bind(String address, int port) {
        if (port < 0 || server != null) {
            return this;
        }
        InetSocketAddress bind = address == null ? new InetSocketAddress(port) : new InetSocketAddress(address, port);
        if (bind.isUnresolved()) {
            throw new IllegalArgumentException("--http-address " + address + " is not an address of this machine");
        }
        try {
            server = new ObservabilityServer(bind, registry::scrape, () -> live.getAsBoolean(),
                    () -> ready.getAsBoolean());
        } catch (IOException e) {
            throw new IllegalArgumentException("--http-port " + port + ": cannot serve metrics and pages there ("
                    + e.getMessage() + "); another process has the port, or give another one (0: any free port,"
                    + " -1: none)", e);
        }
        return this;
    }

    /** The bound port, or -1 when not serving. */
    public int port() {
        return server == null ? -1 : server.port();
    }

    @Override
    public void close() {
        if (server != null) {
            server.close();
        }
        gc.close();
        registry.close();
    }
}
