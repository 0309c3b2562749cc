package dev.trialstream.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class ObservabilityServerTest {

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void healthLive_failsOnceTheAppCanNoLongerWork() throws Exception {
        AtomicBoolean live = new AtomicBoolean(true);
        try (ObservabilityServer server = new ObservabilityServer(0, () -> "", live::get, () -> true).start()) {
            HttpResponse<String> up = get(server, "/health/live");
            live.set(false);
            HttpResponse<String> down = get(server, "/health/live");

            assertThat(up.statusCode()).isEqualTo(200);
            assertThat(up.body()).isEqualTo("{\"status\":\"up\"}");
            assertThat(down.statusCode()).isEqualTo(503);
            assertThat(down.body()).isEqualTo("{\"status\":\"down\"}");
        }
    }

    private HttpResponse<String> get(ObservabilityServer server, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
