package ascc.core.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ascc.core.metrics.Metrics;
import ascc.routing.config.Secret;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** {@code /health} says why a component is down (AMI: the state and the last failure), and nothing while all is up. */
class HealthReasonsTest {
    @Test
    void healthSaysWhyAmiIsDownAndNothingMoreWhenUp() throws Exception {
        AtomicReference<String> amiDown = new AtomicReference<>(
                "DISCONNECTED: AMI login as 'engine' to 127.0.0.1:5038 rejected: Authentication failed");
        Map<String, BooleanSupplier> probes = new LinkedHashMap<>();
        probes.put("ami", () -> amiDown.get() == null);
        probes.put("db", () -> true);
        Map<String, Supplier<String>> reasons = Map.of("ami", amiDown::get);
        HttpServer server = new HttpServer("127.0.0.1", 0, Secret.of("t0ken-for-health"), new Metrics(), HealthCheck.of(probes, reasons));
        try {
            int port = server.start();
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            HttpRequest get = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health")).timeout(Duration.ofSeconds(10))
                    .build();
            HttpResponse<String> down = client.send(get, HttpResponse.BodyHandlers.ofString());
            assertEquals(503, down.statusCode());
            assertEquals("{\"status\":\"DOWN\",\"checks\":{\"ami\":\"DOWN\",\"db\":\"UP\"},"
                    + "\"reasons\":{\"ami\":\"DISCONNECTED: AMI login as 'engine' to 127.0.0.1:5038 rejected:"
                    + " Authentication failed\"}}", down.body());

            amiDown.set(null);
            HttpResponse<String> up = client.send(get, HttpResponse.BodyHandlers.ofString());
            assertEquals(200, up.statusCode());
            assertEquals("{\"status\":\"UP\",\"checks\":{\"ami\":\"UP\",\"db\":\"UP\"}}", up.body());
        } finally {
            server.close();
        }
    }
}
