package ascc.core.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ascc.core.metrics.Metrics;
import ascc.routing.config.Secret;
import ascc.testsupport.time.Await;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Server-sent event streams on open routes: head, events as sent, a closed browser seen by the engine, no token needed. */
class EventStreamTest {
    private final List<EventSink> sinks = new CopyOnWriteArrayList<>();
    private HttpServer server;
    private int port;

    @BeforeEach
    void start() {
        server = new HttpServer("127.0.0.1", 0, Secret.of("tok"), new Metrics(), Map::of, Duration.ofSeconds(60),
                HttpServer.DEFAULT_MAX_BODY);
        server.openRoute("GET", "/events", req -> HttpResponseSpec.events(sinks::add));
        server.openRoute("GET", "/page", req -> HttpResponseSpec.html(200, "<p>hi</p>"));
        port = server.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void anOpenRouteNeedsNoAdminTokenWhileOtherRoutesStillDo() throws Exception {
        try (Socket s = new Socket("127.0.0.1", port)) {
            OutputStream out = s.getOutputStream();
            out.write("GET /page HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            String all = new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(all.startsWith("HTTP/1.1 200"), all);
        }
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.getOutputStream().write("GET /api/x HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            assertTrue(new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8).startsWith("HTTP/1.1 401"));
        }
    }

    @Test
    void eachEventSentArrivesAsItIsSentAndAClosedBrowserClosesTheSink() throws Exception {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(5000);
            s.getOutputStream().write("GET /events HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
            List<String> head = new ArrayList<>();
            for (String l = in.readLine(); l != null && !l.isEmpty(); l = in.readLine()) {
                head.add(l.toLowerCase(java.util.Locale.ROOT));
            }
            assertTrue(head.get(0).startsWith("http/1.1 200"), head.toString());
            assertTrue(head.contains("content-type: text/event-stream; charset=utf-8"), head.toString());
            assertTrue(head.contains("transfer-encoding: chunked"), head.toString());
            Await.until(() -> sinks.size() == 1, Duration.ofSeconds(5), () -> "the stream opened");
            EventSink sink = sinks.get(0);
            assertTrue(sink.send("state", "{\"n\":1}\nline2"));
            String body = readUntil(in, "line2");
            assertTrue(body.contains("retry: 1000"), body);
            assertTrue(body.contains("event: state") && body.contains("data: {\"n\":1}") && body.contains("data: line2"), body);
            sink.send("state", "{\"n\":2}");
            assertTrue(readUntil(in, "{\"n\":2}").contains("{\"n\":2}"));
        }
        EventSink sink = sinks.get(0);
        Await.until(() -> !sink.isOpen(), Duration.ofSeconds(5), () -> "the engine saw the browser leave");
        assertFalse(sink.send("state", "{}"), "a closed sink refuses events");
    }

    @Test
    void aBadEventNameIsRefused() throws Exception {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.getOutputStream().write("GET /events HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            Await.until(() -> sinks.size() == 1, Duration.ofSeconds(5), () -> "the stream opened");
            try {
                sinks.get(0).send("bad name\ndata: x", "{}");
                throw new AssertionError("accepted an event name with a newline");
            } catch (IllegalArgumentException expected) {
                assertEquals(true, expected.getMessage().contains("bad event name"));
            }
        }
    }

    /** Reads chunked body text until it contains {@code marker}. */
    private static String readUntil(BufferedReader in, String marker) throws Exception {
        StringBuilder sb = new StringBuilder();
        while (!sb.toString().contains(marker)) {
            String l = in.readLine();
            if (l == null) {
                break;
            }
            sb.append(l).append('\n');
        }
        return sb.toString();
    }
}
