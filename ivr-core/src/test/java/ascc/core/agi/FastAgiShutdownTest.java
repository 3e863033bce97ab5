package ascc.core.agi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ascc.agi.AgiScript;
import java.net.ConnectException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Graceful shutdown: running sessions may finish within the grace period; the rest go back to the dialplan. */
class FastAgiShutdownTest {
    private final CountDownLatch started = new CountDownLatch(1);
    private final CountDownLatch release = new CountDownLatch(1);
    private final CompletableFuture<Boolean> interrupted = new CompletableFuture<>();
    private AgiTestServer server;

    private final Map<String, AgiScript> scripts = Map.of(
        "finishes", ch -> {
            started.countDown();
            assertTrue(release.await(5, TimeUnit.SECONDS));
            ch.setVariable("DONE", "yes");
        },
        "stuck", ch -> {
            started.countDown();
            try {
                new CountDownLatch(1).await();
            } catch (InterruptedException e) {
                interrupted.complete(true);
                throw e;
            }
        },
        "playing", ch -> {
            started.countDown();
            ch.streamFile("long-prompt", "");
            ch.setVariable("AFTER", "prompt");
        });

    private void startServer(Duration grace) throws Exception {
        server = new AgiTestServer(scripts, AgiTestServer.settings().withEnvReadTimeout(Duration.ofSeconds(2))
            .withCommandTimeout(Duration.ofSeconds(5)).withShutdownGrace(grace));
    }

    @AfterEach
    void stop() {
        release.countDown();
        server.close();
    }

    private Thread closeInBackground() {
        return Thread.ofPlatform().name("test-closer").start(server.server::close);
    }

    @Test
    void closeStopsAcceptingAndLetsARunningSessionFinishWithinGrace() throws Exception {
        startServer(Duration.ofSeconds(5));
        int port = server.port();
        try (FakeAsterisk a = server.connect()) {
            a.sendEnv("finishes");
            assertTrue(started.await(5, TimeUnit.SECONDS));
            Thread closer = closeInBackground();
            Await.until(() -> refused(port), "new connections refused after close()");
            assertTrue(closer.isAlive(), "close() waits for the running session");
            release.countDown();
            assertEquals(Map.of("DONE", "yes"), FakeAsterisk.variablesSet(a.serveUntilClosed()));
            closer.join(5000);
            assertFalse(closer.isAlive());
        }
        assertEquals(0, server.server.activeSessions());
        assertTrue(server.failures.stream().allMatch(line -> line.contains("reason=no_environment")),
            "only the refusal probes that got in before the socket closed may fail: " + server.failures);
    }

    @Test
    void closeInterruptsAScriptBlockedPastGraceAndHandsTheCallBack() throws Exception {
        startServer(Duration.ofMillis(200));
        try (FakeAsterisk a = server.connect()) {
            a.sendEnv("stuck");
            assertTrue(started.await(5, TimeUnit.SECONDS));
            Thread closer = closeInBackground();
            assertEquals(List.of("SET VARIABLE CC_ACTION \"fallback\"", "SET VARIABLE CC_FALLBACK_REASON \"shutdown\""),
                a.serveUntilClosed());
            closer.join(5000);
            assertFalse(closer.isAlive());
        }
        assertTrue(interrupted.get(5, TimeUnit.SECONDS));
        assertEquals(0, server.server.activeSessions());
        assertEquals(1, server.failures.size(), server.failures.toString());
        assertTrue(server.failures.get(0).contains("reason=shutdown") && server.failures.get(0).contains("fallback=sent"),
            server.failures.get(0));
    }

    @Test
    void sessionWaitingForAsteriskIsNotCutOffAndStopsAfterTheReply() throws Exception {
        startServer(Duration.ofMillis(200));
        try (FakeAsterisk a = server.connect()) {
            a.sendEnv("playing");
            assertEquals("STREAM FILE \"long-prompt\" \"\"", a.readCommand());
            Thread closer = closeInBackground();
            Await.until(server.server::abortsSent, "grace period over, session told to abort");
            a.reply("200 result=0 endpos=96000");
            assertEquals(List.of("SET VARIABLE CC_ACTION \"fallback\"", "SET VARIABLE CC_FALLBACK_REASON \"shutdown\""),
                a.serveUntilClosed(), "no further script command after the abort");
            closer.join(5000);
            assertFalse(closer.isAlive());
        }
        assertEquals(0, server.server.activeSessions());
    }

    @Test
    void sessionWhoseAsteriskNeverAnswersIsClosedAfterTheAbortWindow() throws Exception {
        startServer(Duration.ofMillis(200));
        try (FakeAsterisk a = server.connect()) {
            a.sendEnv("playing");
            assertEquals("STREAM FILE \"long-prompt\" \"\"", a.readCommand());
            long start = System.nanoTime();
            server.server.close();
            long tookMillis = (System.nanoTime() - start) / 1_000_000;
            assertTrue(tookMillis < 3000, "close() bounded by grace + abort window, took " + tookMillis + " ms");
            assertTrue(a.closedByServer());
        }
        assertEquals(0, server.server.activeSessions());
        Await.until(() -> server.failures.size() == 1, "one failure line");
        assertTrue(server.failures.get(0).contains("reason=shutdown") && server.failures.get(0).contains("not sent"),
            server.failures.get(0));
    }

    @Test
    void closeWithoutSessionsReturnsAtOnceAndIsIdempotent() throws Exception {
        startServer(Duration.ofSeconds(30));
        int port = server.port();
        long start = System.nanoTime();
        server.server.close();
        server.server.close();
        assertTrue((System.nanoTime() - start) / 1_000_000 < 2000);
        assertThrows(ConnectException.class, () -> FakeAsterisk.connect(port));
    }

    private static boolean refused(int port) {
        try {
            FakeAsterisk.connect(port).close();
            return false;
        } catch (ConnectException e) {
            return true;
        } catch (Exception e) {
            throw new AssertionError("unexpected " + e, e);
        }
    }
}
