package ascc.core.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ascc.core.metrics.Metrics;
import ascc.routing.config.HttpLimits;
import ascc.routing.config.Secret;
import ascc.testsupport.time.Await;
import ascc.testsupport.time.ManualClock;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The server's edges through real sockets on loopback: slowloris, the connection cap, 429s, ranges. */
class HttpHardeningTest {
    static final String TOKEN = "hardening-admin-token";
    /** Long enough that only the read deadline can close a trickling connection within the test. */
    static final Duration IDLE = Duration.ofSeconds(120);

    @TempDir
    Path tmp;
    final ManualClock clock = new ManualClock(Instant.parse("2026-03-01T00:00:00Z"));
    final Metrics metrics = new Metrics();
    final List<Socket> sockets = new ArrayList<>();
    HttpServer server;
    int port;

    void start(HttpLimits limits) {
        server = new HttpServer("127.0.0.1", 0, Secret.of(TOKEN), metrics, () -> Map.of("db", HealthStatus.UP), IDLE,
            HttpServer.DEFAULT_MAX_BODY, limits, clock);
        port = server.start();
    }

    @AfterEach
    void stop() throws IOException {
        for (Socket s : sockets) {
            s.close();
        }
        if (server != null) {
            server.close();
        }
    }

    static long openFds() throws IOException {
        try (Stream<Path> s = Files.list(Path.of("/proc/self/fd"))) {
            return s.count();
        }
    }

    Socket connect() throws IOException {
        Socket s = new Socket(InetAddress.getLoopbackAddress(), port);
        sockets.add(s);
        return s;
    }

    /** A complete request on its own connection; the raw answer. */
    String request(String head) throws IOException {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write((head + "Connection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            return new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    /** Reads until the server closes; counts the close. */
    static Thread awaitClose(Socket s, AtomicInteger closed) {
        return Thread.ofVirtual().name("slow-client-reader").start(() -> {
            try (InputStream in = s.getInputStream()) {
                while (in.read() >= 0) {
                    // the server answers nothing to an unfinished request
                }
            } catch (IOException e) {
                // a reset is a close too
            }
            closed.incrementAndGet();
        });
    }

    @Test
    void slowlorisConnectionsTricklingHeaderBytesAreClosedAtTheDeadlineWhileOthersAreServed() throws Exception {
        int slow = Integer.getInteger("ascc.slowloris.connections", 50);
        int deadline = 1 + slow / 100;
        start(new HttpLimits(slow + 14, deadline, 1000, 1000));
        long fdsBefore = openFds();
        AtomicInteger closed = new AtomicInteger();
        AtomicInteger bytesTrickled = new AtomicInteger();
        List<OutputStream> outs = new ArrayList<>();
        long started = System.nanoTime();
        for (int i = 0; i < slow; i++) {
            Socket s = connect();
            OutputStream out = s.getOutputStream();
            out.write("GET /health HTTP/1.1\r\nHost: x\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII));
            outs.add(out);
            awaitClose(s, closed);
        }
        // one header byte per connection every 50 ms: an idle timer would never fire
        ConcurrentLinkedQueue<OutputStream> alive = new ConcurrentLinkedQueue<>(outs);
        ScheduledExecutorService trickle = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("trickle").factory());
        try {
            trickle.scheduleAtFixedRate(() -> alive.removeIf(out -> {
                try {
                    out.write('a');
                    out.flush();
                    bytesTrickled.incrementAndGet();
                    return false;
                } catch (IOException e) {
                    return true;
                }
            }), 0, 50, TimeUnit.MILLISECONDS);
            int openDuring = server.openConnections();
            String ok = request("GET /health HTTP/1.1\r\nHost: x\r\n");
            assertTrue(ok.startsWith("HTTP/1.1 200"), "a normal client is served during the attack: " + ok);
            long fdsDuring = openFds();
            assertTrue(fdsDuring <= fdsBefore + 2L * slow + 20, "fds during: " + fdsDuring + " (before " + fdsBefore + ")");
            Await.until(() -> closed.get() == slow, Duration.ofSeconds(15 + 2L * deadline),
                () -> closed.get() + " of " + slow + " slow connections closed (" + bytesTrickled.get() + " bytes trickled)");
            System.out.printf(java.util.Locale.ROOT, "SLOWLORIS %d trickling connections (%d header bytes sent) all closed %d ms after the"
                + " first opened (read deadline %d s, idle timeout %d s); a normal client served while %d were open; JVM fds %d"
                + " before, %d during (client and server ends)%n", slow, bytesTrickled.get(), (System.nanoTime() - started) / 1_000_000,
                deadline, IDLE.toSeconds(), openDuring, fdsBefore, fdsDuring);
        } finally {
            trickle.shutdownNow();
        }
        assertTrue(bytesTrickled.get() >= slow, "the connections were trickling: " + bytesTrickled.get());
        Await.until(() -> server.openConnections() == 0, Duration.ofSeconds(5), () -> "open " + server.openConnections());
        for (Socket s : sockets) {
            s.close();
        }
        Await.until(() -> fdsNow() <= fdsBefore + 5, Duration.ofSeconds(5), () -> "fds back to " + fdsBefore + ": " + fdsNow());
        assertTrue(metrics.render().contains("ascc_http_read_deadline_closed_total " + slow + ".0"), metrics.render());
        assertTrue(request("GET /health HTTP/1.1\r\nHost: x\r\n").startsWith("HTTP/1.1 200"), "served after the attack");
    }

    static long fdsNow() {
        try {
            return openFds();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aRequestThatArrivesInPiecesWithinTheDeadlineIsServedAndKeepAliveGetsAFreshDeadline() throws Exception {
        start(new HttpLimits(64, 2, 1000, 1000));
        Socket s = connect();
        s.setSoTimeout(10_000);
        OutputStream out = s.getOutputStream();
        out.write("GET /health HTTP/1.1\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        out.write("Host: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        InputStream in = s.getInputStream();
        assertTrue(readHead(in).startsWith("HTTP/1.1 200"));
        in.readNBytes(lengthOf(lastHead));
        out.write("GET /health HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        assertTrue(readHead(in).startsWith("HTTP/1.1 200"), "the kept-alive connection serves a second request");
    }

    String lastHead;

    String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) >= 0) {
            b.write(c);
            if (b.size() >= 4 && b.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
                break;
            }
        }
        lastHead = b.toString(StandardCharsets.ISO_8859_1);
        return lastHead;
    }

    static int lengthOf(String head) {
        for (String line : head.split("\r\n")) {
            if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
                return Integer.parseInt(line.substring(15).strip());
            }
        }
        return 0;
    }

    @Test
    void connectionsOverTheCapAreClosedAtAcceptAndTheCapIsNeverExceeded() throws Exception {
        start(new HttpLimits(10, 5, 1000, 1000));
        AtomicInteger closed = new AtomicInteger();
        for (int i = 0; i < 40; i++) {
            awaitClose(connect(), closed);
        }
        Await.until(() -> closed.get() >= 30, Duration.ofSeconds(10), () -> closed.get() + " closed at accept");
        assertTrue(server.openConnections() <= 10, "open " + server.openConnections());
        assertTrue(metrics.render().contains("ascc_http_connections_refused_total 30.0"), metrics.render());
        // once the slow ones are gone (deadline), a client is served again
        Await.until(() -> closed.get() == 40, Duration.ofSeconds(15), () -> closed.get() + " closed");
        assertTrue(request("GET /health HTTP/1.1\r\nHost: x\r\n").startsWith("HTTP/1.1 200"));
    }

    @Test
    void aTokenOverItsRateGets429WithRetryAfterAndOthersAreNotSlowed() throws Exception {
        start(new HttpLimits(64, 5, 1, 3));
        server.route("GET", "/api/x", req -> HttpResponseSpec.text(200, "x"));
        String authed = "GET /api/x HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + TOKEN + "\r\n";
        for (int i = 0; i < 3; i++) {
            assertTrue(request(authed).startsWith("HTTP/1.1 200"), "burst " + i);
        }
        String limited = request(authed);
        assertTrue(limited.startsWith("HTTP/1.1 429"), limited);
        assertTrue(limited.contains("Retry-After: 1\r\n"), limited);
        assertTrue(request("GET /api/x HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer other-token\r\n").startsWith("HTTP/1.1 401"),
            "another token has its own bucket");
        for (int i = 0; i < 20; i++) {
            assertTrue(request("GET /health HTTP/1.1\r\nHost: x\r\n").startsWith("HTTP/1.1 200"), "/health is not limited");
        }
        clock.advance(Duration.ofSeconds(1));
        assertTrue(request(authed).startsWith("HTTP/1.1 200"), "a second later one more is allowed");
        assertTrue(metrics.render().contains("ascc_http_rate_limited_total 1.0"), metrics.render());
    }

    @Test
    void aFileIsStreamedWholeOrByRange() throws Exception {
        start(HttpLimits.DEFAULTS);
        byte[] content = new byte[1 << 20];
        new Random(7).nextBytes(content);
        Path f = tmp.resolve("a.wav");
        Files.write(f, content);
        server.route("GET", "/file", req -> HttpResponseSpec.file("audio/wav", f, Map.of("Content-Disposition", "attachment")));
        server.route("GET", "/gone", req -> HttpResponseSpec.file("audio/wav", tmp.resolve("none.wav"), Map.of()));
        String auth = "Authorization: Bearer " + TOKEN + "\r\n";

        byte[] whole = body(rawRequest("GET /file HTTP/1.1\r\nHost: x\r\n" + auth));
        assertTrue(lastHead.startsWith("HTTP/1.1 200") && lastHead.contains("accept-ranges: bytes"), lastHead);
        assertArrayEquals(content, whole);

        byte[] part = body(rawRequest("GET /file HTTP/1.1\r\nHost: x\r\nRange: bytes=1000-1999\r\n" + auth));
        assertTrue(lastHead.startsWith("HTTP/1.1 206"), lastHead);
        assertTrue(lastHead.contains("content-range: bytes 1000-1999/" + content.length), lastHead);
        assertArrayEquals(Arrays.copyOfRange(content, 1000, 2000), part);

        byte[] tail = body(rawRequest("GET /file HTTP/1.1\r\nHost: x\r\nRange: bytes=-10\r\n" + auth));
        assertArrayEquals(Arrays.copyOfRange(content, content.length - 10, content.length), tail);

        rawRequest("GET /file HTTP/1.1\r\nHost: x\r\nRange: bytes=" + content.length + "-\r\n" + auth);
        assertTrue(lastHead.startsWith("HTTP/1.1 416") && lastHead.contains("content-range: bytes */" + content.length), lastHead);

        rawRequest("GET /gone HTTP/1.1\r\nHost: x\r\n" + auth);
        assertTrue(lastHead.startsWith("HTTP/1.1 404"), lastHead);
    }

    byte[] rawRequest(String head) throws IOException {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write((head + "Connection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            InputStream in = s.getInputStream();
            lastHead = readHead(in).toLowerCase(java.util.Locale.ROOT).replace("http/1.1", "HTTP/1.1");
            return in.readAllBytes();
        }
    }

    static byte[] body(byte[] b) {
        return b;
    }
}
