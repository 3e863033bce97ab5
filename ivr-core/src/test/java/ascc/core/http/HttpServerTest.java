package ascc.core.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ascc.core.metrics.Metrics;
import ascc.routing.config.Secret;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HttpServerTest {
    private static final String TOKEN = "s3cret-admin-token";

    private final Metrics metrics = new Metrics();
    private final Map<String, HealthStatus> states = new LinkedHashMap<>();
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5)).build();
    private HttpServer server;
    private int port;

    @BeforeEach
    void start() {
        states.put("ami", HealthStatus.UP);
        states.put("db", HealthStatus.UP);
        states.put("agi", HealthStatus.UP);
        metrics.counter("ascc_test_total", "a test counter").increment(3);
        server = new HttpServer("127.0.0.1", 0, Secret.of(TOKEN), metrics, () -> new LinkedHashMap<>(states), Duration.ofMillis(300),
            HttpServer.DEFAULT_MAX_BODY);
        port = server.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private HttpResponse<String> send(HttpRequest.Builder b) throws Exception {
        return client.send(b.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest.Builder get(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
    }

    private HttpRequest.Builder authed(String path) {
        return get(path).header("Authorization", "Bearer " + TOKEN);
    }

    @Test
    void bindsWhereToldAndReportsThePort() {
        assertTrue(port > 0);
        assertEquals(port, server.port());
    }

    @Test
    void healthIsOpenAndListsComponents() throws Exception {
        HttpResponse<String> r = send(get("/health"));
        assertEquals(200, r.statusCode());
        assertEquals("{\"status\":\"UP\",\"checks\":{\"ami\":\"UP\",\"db\":\"UP\",\"agi\":\"UP\"}}", r.body());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
    }

    @Test
    void healthIs503WhenAComponentIsDown() throws Exception {
        states.put("db", HealthStatus.DOWN);
        HttpResponse<String> r = send(get("/health"));
        assertEquals(503, r.statusCode());
        assertEquals("{\"status\":\"DOWN\",\"checks\":{\"ami\":\"UP\",\"db\":\"DOWN\",\"agi\":\"UP\"}}", r.body());
    }

    @Test
    void metricsNeedsTheAdminToken() throws Exception {
        HttpResponse<String> none = send(get("/metrics"));
        assertEquals(401, none.statusCode());
        assertTrue(none.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Bearer"));
        assertEquals(401, send(get("/metrics").header("Authorization", "Bearer wrong-token")).statusCode());
        assertEquals(401, send(get("/metrics").header("Authorization", "Basic " + TOKEN)).statusCode());
        HttpResponse<String> ok = send(authed("/metrics"));
        assertEquals(200, ok.statusCode());
        assertEquals("text/plain; version=0.0.4; charset=utf-8", ok.headers().firstValue("Content-Type").orElse(""));
        assertTrue(ok.body().contains("ascc_test_total 3.0\n"), ok.body());
    }

    @Test
    void unknownPathIs404WithTokenAnd401Without() throws Exception {
        assertEquals(404, send(authed("/nope")).statusCode());
        assertEquals(401, send(get("/nope")).statusCode());
    }

    @Test
    void wrongMethodIs405WithAllow() throws Exception {
        server.route("GET", "/calls", req -> HttpResponseSpec.json(200, "[]"));
        HttpResponse<String> r = send(authed("/calls").POST(HttpRequest.BodyPublishers.ofString("{}")));
        assertEquals(405, r.statusCode());
        assertEquals("GET", r.headers().firstValue("Allow").orElse(""));
        assertEquals(405, send(get("/health").DELETE()).statusCode());
        assertEquals(405, send(authed("/metrics").POST(HttpRequest.BodyPublishers.noBody())).statusCode());
    }

    @Test
    void bodyOverTheLimitIs413() throws Exception {
        AtomicReference<String> called = new AtomicReference<>();
        server.route("POST", "/upload", req -> {
            called.set("yes");
            return HttpResponseSpec.text(200, "ok");
        });
        byte[] big = new byte[HttpServer.DEFAULT_MAX_BODY + 1024];
        HttpResponse<String> r = send(authed("/upload").POST(HttpRequest.BodyPublishers.ofByteArray(big)));
        assertEquals(413, r.statusCode());
        assertEquals(null, called.get());
        byte[] fits = new byte[HttpServer.DEFAULT_MAX_BODY];
        assertEquals(200, send(authed("/upload").POST(HttpRequest.BodyPublishers.ofByteArray(fits))).statusCode());
    }

    @Test
    void registeredHandlerGetsTheRequestOffTheEventLoop() throws Exception {
        AtomicReference<String> thread = new AtomicReference<>();
        server.route("POST", "/echo", req -> {
            thread.set(Thread.currentThread().getName());
            return HttpResponseSpec.json(201, "{\"q\":\"" + req.queryParam("q").orElse("") + "\",\"body\":\"" + req.bodyText() + "\","
                + "\"ct\":\"" + req.header("Content-Type").orElse("") + "\"}").withHeader("X-Test", "1");
        });
        HttpResponse<String> r = send(authed("/echo?q=hi%20there").header("Content-Type", "text/plain")
            .POST(HttpRequest.BodyPublishers.ofString("hello")));
        assertEquals(201, r.statusCode());
        assertEquals("{\"q\":\"hi there\",\"body\":\"hello\",\"ct\":\"text/plain\"}", r.body());
        assertEquals("1", r.headers().firstValue("X-Test").orElse(""));
        assertTrue(thread.get().startsWith("http-handler-"), thread.get());
    }

    @Test
    void failingHandlerIs500AndTheServerGoesOn() throws Exception {
        server.route("GET", "/boom", req -> {
            throw new IllegalStateException("boom");
        });
        assertEquals(500, send(authed("/boom")).statusCode());
        assertEquals(200, send(get("/health")).statusCode());
    }

    @Test
    void routesCannotBeRegisteredTwiceNorShadowBuiltIns() {
        server.route("GET", "/x", req -> HttpResponseSpec.text(200, "x"));
        assertThrows(IllegalArgumentException.class, () -> server.route("get", "/x", req -> HttpResponseSpec.text(200, "y")));
        assertThrows(IllegalArgumentException.class, () -> server.route("GET", "/metrics", req -> HttpResponseSpec.text(200, "")));
    }

    @Test
    void emptyAdminTokenRefusesEverythingButHealth() throws Exception {
        try (HttpServer open = new HttpServer("127.0.0.1", 0, Secret.of(""), metrics, Map::of)) {
            int p = open.start();
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + p + "/metrics"));
            assertEquals(401, send(b.header("Authorization", "Bearer ")).statusCode());
            assertEquals(200, send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + p + "/health"))).statusCode());
        }
    }

    @Test
    void keepsAliveAndAnswersPipelinedRequestsInOrder() throws Exception {
        server.route("GET", "/a", req -> HttpResponseSpec.text(200, "first"));
        server.route("GET", "/b", req -> HttpResponseSpec.text(200, "second"));
        String auth = "Authorization: Bearer " + TOKEN + "\r\n";
        String requests = "GET /a HTTP/1.1\r\nHost: x\r\n" + auth + "\r\n"
            + "GET /b HTTP/1.1\r\nHost: x\r\n" + auth + "Connection: close\r\n\r\n";
        String all = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
                OutputStream out = s.getOutputStream();
                out.write(requests.getBytes(StandardCharsets.US_ASCII));
                out.flush();
                return new String(s.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
            }
        });
        int first = all.indexOf("first");
        int second = all.indexOf("second");
        assertTrue(first > 0 && second > first, all);
        assertTrue(all.startsWith("HTTP/1.1 200"), all);
    }

    @Test
    void closesIdleConnections() throws Exception {
        int read = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
                s.setSoTimeout(8000);
                InputStream in = s.getInputStream();
                return in.read();
            }
        });
        assertEquals(-1, read, "server should close an idle connection (idle timeout 300 ms in this test)");
    }

    @Test
    void malformedRequestIs400() throws Exception {
        String all = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
                s.getOutputStream().write("GET /health HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
                return new String(s.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
            }
        });
        assertTrue(all.startsWith("HTTP/1.1 400"), all);
        assertFalse(all.contains("UP"), all);
    }
}
