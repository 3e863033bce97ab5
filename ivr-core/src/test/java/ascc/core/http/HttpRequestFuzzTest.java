package ascc.core.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ascc.core.metrics.Metrics;
import ascc.core.recordings.RecordingAccessHandler;
import ascc.recordings.CompanyRecordings;
import ascc.recordings.RecordingPolicy;
import ascc.recordings.RecordingsConfig;
import ascc.routing.config.HttpLimits;
import ascc.routing.config.Secret;
import ascc.routing.config.TokenHash;
import ascc.testsupport.fuzz.FuzzTries;
import ascc.testsupport.time.Await;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tag;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Fuzzes the whole request path (Netty's decoder, the deadline, the rate limit, routing, token checks, the recordings
 * handler, ranges) through a real socket: thousands of generated requests, fixed seeds. Every request is answered
 * (or the connection closed) within seconds, never with a 500 (a handler's exception), and no thread dies of an UNCAUGHT
 * exception; the server serves {@code /health} afterwards and holds no connection open.
 */
@Tag("fuzz")
@AddLifecycleHook(FuzzTries.class)
class HttpRequestFuzzTest {
    static final String TOKEN = "fuzz-admin-token-0123456789";
    static final String ALPHA = "fuzz-alpha-token-0123456789";
    static HttpServer server;
    static int port;
    static Path dir;
    static final ConcurrentLinkedQueue<String> UNCAUGHT = new ConcurrentLinkedQueue<>();
    static Thread.UncaughtExceptionHandler previous;

    @BeforeContainer
    static void start() throws IOException {
        previous = Thread.getDefaultUncaughtExceptionHandler();
        Thread.setDefaultUncaughtExceptionHandler((t, e) -> UNCAUGHT.add(t.getName() + ": " + e));
        dir = Files.createTempDirectory("ascc-http-fuzz");
        Path rec = dir.resolve("rec");
        Files.createDirectories(rec.resolve("alpha/2025/11/22"));
        Files.write(rec.resolve("alpha/2025/11/22/1763768410.12.wav"), new byte[4096]);
        RecordingsConfig cfg = new RecordingsConfig(dir, "/p", "en", Map.of(), RecordingsConfig.builtInDefaults(), rec, "/r", 60,
            Map.of("alpha", new CompanyRecordings("alpha", Optional.of(TokenHash.of(ALPHA)), 30, RecordingPolicy.NONE, Map.of())));
        server = new HttpServer("127.0.0.1", 0, Secret.of(TOKEN), new Metrics(), () -> Map.of("db", HealthStatus.UP),
            Duration.ofSeconds(30), 1024, new HttpLimits(64, 2, 100_000, 100_000), Clock.systemUTC());
        server.selfAuthorizedPrefixRoute("GET", RecordingAccessHandler.PREFIX, new RecordingAccessHandler(Secret.of(TOKEN), () -> cfg));
        server.route("POST", "/api/echo", req -> HttpResponseSpec.text(200, req.bodyText()));
        server.route("GET", "/api/file", req -> HttpResponseSpec.file("audio/wav", rec.resolve("alpha/2025/11/22/1763768410.12.wav"),
            Map.of()));
        port = server.start();
    }

    @AfterContainer
    static void stop() throws IOException {
        try {
            byte[] health = "GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
            assertEquals(200, status(exchange(health, false)), "still serving after the fuzzing");
            Await.until(() -> server.openConnections() == 0, Duration.ofSeconds(10), () -> "open " + server.openConnections());
        } finally {
            server.close();
            Thread.setDefaultUncaughtExceptionHandler(previous);
            try (var s = Files.walk(dir)) {
                for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }

    /** Sends {@code request}, reads the answer until the server closes (5 s at most). */
    static String exchange(byte[] request, boolean halfClose) throws IOException {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            s.setSoTimeout(5000);
            s.getOutputStream().write(request);
            s.getOutputStream().flush();
            if (halfClose) {
                s.shutdownOutput();
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buf = new byte[8192];
            int r;
            try {
                while ((r = s.getInputStream().read(buf)) >= 0) {
                    out.write(buf, 0, r);
                }
            } catch (SocketTimeoutException e) {
                throw new AssertionError("no answer and no close within 5 s; got so far: " + out.toString(StandardCharsets.ISO_8859_1), e);
            } catch (IOException e) {
                // a reset after the server closed: what was read counts
            }
            return out.toString(StandardCharsets.ISO_8859_1);
        }
    }

    static int status(String answer) {
        return answer.length() >= 12 && answer.startsWith("HTTP/1.1 ") ? Integer.parseInt(answer.substring(9, 12)) : -1;
    }

    static void assertNoServerError(String answer, String sent) {
        int st = status(answer);
        assertTrue(answer.isEmpty() || st >= 200 && st < 600, "not an HTTP answer to " + sent + ": " + answer);
        assertTrue(st != 500, "500 for " + sent + ": " + answer);
        assertTrue(UNCAUGHT.isEmpty(), "uncaught: " + UNCAUGHT);
    }

    @Provide
    Arbitrary<String> requests() {
        Arbitrary<String> method = Arbitraries.oneOf(Arbitraries.of("GET", "POST", "PUT", "DELETE", "HEAD", "OPTIONS", "get"),
            Arbitraries.strings().withCharRange('A', 'Z').ofMinLength(1).ofMaxLength(8));
        Arbitrary<String> pathTail = Arbitraries.strings().withChars("abcAZ09-._~/%?&=+;:@!$'()*,.2e2fF00")
            .withCharRange((char) 0x80, (char) 0xff).ofMaxLength(60);
        Arbitrary<String> path = Combinators.combine(Arbitraries.of("/", "/health", "/metrics", "/api/echo", "/api/file",
            "/api/recordings/", "/api/recordings/alpha/", "/api/recordings/alpha/1763768410.12", "/api/config", "//", "/.."), pathTail)
            .as((p, t) -> p + t);
        Arbitrary<String> auth = Arbitraries.oneOf(Arbitraries.just(""), Arbitraries.just("Authorization: Bearer " + TOKEN + "\r\n"),
            Arbitraries.just("Authorization: Bearer " + ALPHA + "\r\n"),
            Arbitraries.strings().withCharRange(' ', '~').ofMaxLength(40).map(v -> "Authorization: " + v + "\r\n"));
        Arbitrary<String> range = Arbitraries.oneOf(Arbitraries.just(""),
            Arbitraries.strings().withChars("bytes=0123456789-, ").ofMaxLength(30).map(v -> "Range: " + v + "\r\n"),
            Arbitraries.longs().between(0, 10_000).map(v -> "Range: bytes=" + v + "-\r\n"));
        Arbitrary<String> headers = Arbitraries.strings().withCharRange('a', 'z').withChars("-").ofMinLength(1).ofMaxLength(12)
            .flatMap(n -> Arbitraries.strings().withCharRange(' ', '~').withChars("\t\u00e9").ofMaxLength(80)
                .map(v -> n + ": " + v + "\r\n"))
            .list().ofMaxSize(6).map(l -> String.join("", l));
        Arbitrary<String> body = Arbitraries.strings().withCharRange(' ', '~').ofMaxLength(1500);
        return Combinators.combine(method, path, auth, range, headers, body).as((m, p, a, r, h, b) -> {
            String withBody = b.isEmpty() || m.equals("GET") ? "" : "Content-Length: " + b.length() + "\r\n";
            return m + " " + p + " HTTP/1.1\r\nHost: x\r\n" + a + r + h + withBody + "Connection: close\r\n\r\n"
                + (withBody.isEmpty() ? "" : b);
        });
    }

    @Property(tries = 1500, seed = "13013")
    void generatedRequestsAreAnsweredPromptlyAndNeverWithAServerError(@ForAll("requests") String request) throws IOException {
        String answer = exchange(request.getBytes(StandardCharsets.ISO_8859_1), false);
        assertNoServerError(answer, request);
        assertTrue(!answer.isEmpty(), "a whole request gets an answer: " + request);
    }

    @Property(tries = 1000, seed = "13013")
    void arbitraryBytesNeverHangNorCrashTheServer(@ForAll @Size(max = 600) List<Byte> bytes, @ForAll boolean asRequestLine)
            throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        if (asRequestLine) {
            b.writeBytes("GET /".getBytes(StandardCharsets.US_ASCII));
        }
        for (Byte x : bytes) {
            b.write(x);
        }
        b.writeBytes("\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        String answer = exchange(b.toByteArray(), true);
        assertNoServerError(answer, bytes.size() + " random bytes");
    }
}
