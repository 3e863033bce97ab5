package ascc.core.agi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ascc.agi.AgiHangupException;
import ascc.agi.AgiScript;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Overload: a caller's hangup ends the session at once (no further command, the connection closed before the script
 * has even returned, so Asterisk releases the channel and its RTP ports), and sessions beyond the limit get the
 * fallback at once while the running ones are served normally.
 */
class FastAgiOverloadTest {
    private final CountDownLatch gate = new CountDownLatch(1);
    private final CompletableFuture<String> outcome = new CompletableFuture<>();
    private AgiTestServer server;

    private final Map<String, AgiScript> scripts = Map.of(
        "busy-between-commands", ch -> {
            ch.answer();
            // the script works (database, routing) while the caller hangs up; then it wants to go on
            Await.until(() -> waiting((FastAgiChannel) ch), "Asterisk's HANGUP reached the engine");
            outcome.complete("about to send");
            ch.setVariable("CC_ACTION", "queue");
            outcome.obtrudeValue("sent a command after the hangup");
        },
        "slow-after-hangup", ch -> {
            try {
                ch.getVariable("CC_MENU");
                outcome.complete("no hangup seen");
            } catch (AgiHangupException e) {
                outcome.complete("hangup: " + e.getMessage());
                // e.g. the listener writing the abandoned call: slow, but the channel must not wait for it
                awaitGate();
            }
        },
        "hold", ch -> {
            ch.answer();
            awaitGate();
            ch.setVariable("CC_ACTION", "queue");
        },
        "ok", ch -> ch.setVariable("CC_ACTION", "queue"));

    @AfterEach
    void stop() {
        gate.countDown();
        if (server != null) {
            server.close();
        }
    }

    @Test
    void aHangupWhileTheScriptIsBetweenCommandsEndsTheSessionWithoutAnotherCommand() throws Exception {
        server = new AgiTestServer(scripts);
        try (FakeAsterisk a = server.connect()) {
            a.sendEnv("busy-between-commands");
            assertEquals("ANSWER", a.readCommand());
            a.reply("200 result=0");
            a.sendLines("HANGUP");
            assertTrue(a.closedByServer(), "the engine closes the connection instead of sending another command");
        }
        Await.until(() -> server.server.activeSessions() == 0, "the session ended");
        assertEquals("about to send", outcome.getNow("script did not reach its next command"));
        assertEquals(List.of(), server.failures, "a hangup is no failure");
    }

    @Test
    void aHangupDuringACommandClosesTheConnectionBeforeTheScriptReturns() throws Exception {
        server = new AgiTestServer(scripts);
        try (FakeAsterisk a = server.connect()) {
            a.sendEnv("slow-after-hangup");
            assertEquals("GET VARIABLE \"CC_MENU\"", a.readCommand());
            a.reply("HANGUP", "200 result=1 (2)");
            assertTrue(a.closedByServer(), "closed while the script still works after the hangup");
            assertEquals(1, server.server.activeSessions(), "the script has not returned yet");
        }
        assertTrue(outcome.get(5, TimeUnit.SECONDS).startsWith("hangup: "), outcome.join());
        gate.countDown();
        Await.until(() -> server.server.activeSessions() == 0, "the session ended");
        assertEquals(List.of(), server.failures);
    }

    @Test
    void aDeadChannelReplyClosesTheConnectionAtOnce() throws Exception {
        server = new AgiTestServer(scripts);
        try (FakeAsterisk a = server.connect()) {
            a.sendEnv("slow-after-hangup");
            assertEquals("GET VARIABLE \"CC_MENU\"", a.readCommand());
            a.reply("511 Command Not Permitted on a dead channel or intercept routine");
            assertTrue(a.closedByServer());
            assertEquals(1, server.server.activeSessions(), "the script has not returned yet");
        }
        gate.countDown();
        Await.until(() -> server.server.activeSessions() == 0, "the session ended");
    }

    @Test
    void sessionsBeyondTheLimitGetTheFallbackAtOnceWhileRunningOnesAreServed() throws Exception {
        server = new AgiTestServer(scripts);
        server.server.limitSessions(2);
        List<FakeAsterisk> held = new ArrayList<>();
        try {
            for (int i = 0; i < 2; i++) {
                FakeAsterisk a = server.connect().sendEnv("hold");
                held.add(a);
                assertEquals("ANSWER", a.readCommand());
                a.reply("200 result=0");
            }
            try (FakeAsterisk third = server.connect()) {
                third.sendEnv("ok");
                assertEquals(List.of("SET VARIABLE CC_ACTION \"fallback\"", "SET VARIABLE CC_FALLBACK_REASON \"overload\""),
                    third.serveUntilClosed());
            }
            assertEquals(1, server.counter("ascc_agi_sessions_shed_total"));
            gate.countDown();
            for (FakeAsterisk a : held) {
                assertEquals(Map.of("CC_ACTION", "queue"), FakeAsterisk.variablesSet(a.serveUntilClosed()),
                    "the running calls are served normally");
            }
        } finally {
            for (FakeAsterisk a : held) {
                a.close();
            }
        }
        Await.until(() -> server.server.activeSessions() == 0, "all sessions ended");
        try (FakeAsterisk again = server.connect()) {
            again.sendEnv("ok");
            assertEquals(Map.of("CC_ACTION", "queue"), FakeAsterisk.variablesSet(again.serveUntilClosed()),
                "full service again once the load is gone");
        }
        assertEquals(1, server.counter("ascc_agi_sessions_shed_total"));
        assertEquals(0, server.counter("ascc_agi_sessions_failed_total"), "a shed call is not a failure");
        assertEquals(List.of(), server.failures, "no WARN line per shed call");
    }

    @Test
    void theSessionLimitMustBePositive() throws Exception {
        server = new AgiTestServer(scripts);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> server.server.limitSessions(0));
        assertTrue(e.getMessage().contains("got 0"), e.getMessage());
    }

    private static boolean waiting(FastAgiChannel ch) {
        try {
            return ch.connection().reader().ready();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void awaitGate() {
        try {
            if (!gate.await(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("test gate not opened within 10 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted at the test gate", e);
        }
    }
}
