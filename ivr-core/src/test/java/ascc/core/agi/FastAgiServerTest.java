package ascc.core.agi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ascc.agi.AgiChannel;
import ascc.agi.AgiHangupException;
import ascc.agi.AgiRequest;
import ascc.agi.AgiScript;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Sessions end to end over real sockets: environment parsing, every bad input, and many concurrent calls. */
class FastAgiServerTest {
    private static final List<String> FALLBACK_PREFIX = List.of("SET VARIABLE CC_ACTION \"fallback\"");

    private final CompletableFuture<AgiRequest> seen = new CompletableFuture<>();
    private final CompletableFuture<String> threadSeen = new CompletableFuture<>();
    private AgiTestServer server;

    private final Map<String, AgiScript> scripts = Map.of(
        "inbound", ch -> {
            threadSeen.complete(Thread.currentThread().getName() + (Thread.currentThread().isVirtual() ? " virtual" : " platform"));
            seen.complete(ch.request());
            ch.setVariable("CC_ACTION", "queue");
        },
        "ok", ch -> ch.setVariable("CC_ACTION", "queue"),
        "hold", AgiChannel::answer,
        "boom", ch -> {
            throw new IllegalStateException("no route for desk 7");
        },
        "hungup-then-boom", ch -> {
            try {
                ch.answer();
            } catch (AgiHangupException e) {
                throw new IllegalStateException("cleanup failed after hangup", e);
            }
        },
        "slow-reply", ch -> ch.getVariable("NEVER"));

    @BeforeEach
    void start() throws IOException {
        server = new AgiTestServer(scripts);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void parsesEnvironmentWithArgumentsAndStripsQueryStringFromScriptName() throws Exception {
        try (FakeAsterisk a = server.connect()) {
            a.sendEnv("inbound?mode=night", "acme support", "x", "");
            assertEquals(Map.of("CC_ACTION", "queue"), FakeAsterisk.variablesSet(a.serveUntilClosed()));
        }
        AgiRequest r = seen.get(5, TimeUnit.SECONDS);
        assertEquals("inbound", r.script());
        assertEquals(List.of("acme support", "x", ""), r.args());
        assertEquals(FakeAsterisk.CHANNEL, r.channel());
        assertEquals(FakeAsterisk.CALLER, r.callerId());
        assertEquals("15880000", r.extension());
        assertEquals("1700000000.42", r.uniqueId());
        assertEquals("", r.env().get("accountcode"));
        assertEquals("acme support", r.env().get("arg_1"));
        assertTrue(threadSeen.get(5, TimeUnit.SECONDS).matches("agi-session-\\d+ virtual"), threadSeen.get());
        assertEquals(List.of(), server.failures);
        Await.until(() -> server.server.activeSessions() == 0, "session ended");
        assertEquals(1, server.counter("ascc_agi_sessions_total"));
        assertEquals(0, server.counter("ascc_agi_sessions_failed_total"));
    }

    @Test
    void acceptsCrLfLineEndingsAndScriptFromRequestUrl() throws Exception {
        try (FakeAsterisk a = server.connect()) {
            a.sendRaw(("agi_request: agi://127.0.0.1:4573/inbound?x=1\r\nagi_channel: PJSIP/a-1\r\nagi_arg_3: second\r\n"
                + "agi_arg_2: first\r\nagi_arg_1: " + FakeAsterisk.SECRET + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
            assertEquals(Map.of("CC_ACTION", "queue"), FakeAsterisk.variablesSet(a.serveUntilClosed()));
        }
        AgiRequest r = seen.get(5, TimeUnit.SECONDS);
        assertEquals("inbound", r.script());
        assertEquals(List.of("first", "second"), r.args());
        assertEquals("PJSIP/a-1", r.channel());
    }

    @Test
    void blankLineFirstGetsFallbackAndServerKeepsServing() throws Exception {
        try (FakeAsterisk a = server.connect()) {
            a.sendLines("");
            assertFallback(a, "no_environment", "127.0.0.1:" + a.localPort());
        }
    }

    @Test
    void connectionClosedWithoutEnvironmentIsLoggedOnce() throws Exception {
        int port;
        try (FakeAsterisk a = server.connect()) {
            port = a.localPort();
        }
        assertFailureLogged("no_environment", "127.0.0.1:" + port, "not sent");
        assertBadInputCounted();
        assertGoodSessionStillWorks();
    }

    @Test
    void truncatedEnvironmentIsLoggedWithChannel() throws Exception {
        FakeAsterisk a = server.connect();
        a.sendLines("agi_network: yes", "agi_channel: PJSIP/cut-0001", "agi_callerid: 0319876543");
        a.close();
        assertFailureLogged("truncated_environment", "PJSIP/cut-0001", "not sent");
        assertTrue(server.failures.get(0).contains("caller=031*****43"), server.failures.get(0));
        assertGoodSessionStillWorks();
    }

    @Test
    void oversizedLineGetsFallback() throws Exception {
        try (FakeAsterisk a = server.connect()) {
            List<String> env = new ArrayList<>(FakeAsterisk.environment("ok"));
            env.add(5, "agi_calleridname: " + "x".repeat(700));
            env.add("");
            a.sendLines(env.toArray(String[]::new));
            assertFallback(a, "line_too_long", FakeAsterisk.CHANNEL);
        }
    }

    @Test
    void binaryGarbageGetsFallback() throws Exception {
        try (FakeAsterisk a = server.connect()) {
            a.sendRaw(new byte[] {0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01, (byte) 0xfc, 0x03, 0x03, '\n'});
            assertFallback(a, "binary_data", "127.0.0.1:" + a.localPort());
        }
    }

    @Test
    void controlCharacterInsideAnEnvironmentLineGetsFallback() throws Exception {
        try (FakeAsterisk a = server.connect()) {
            a.sendRaw("agi_channel: PJSIP/x-1\nagi_callerid: 010\u0007123\n\n".getBytes(StandardCharsets.UTF_8));
            assertFallback(a, "binary_data", "PJSIP/x-1");
        }
    }

    @Test
    void tooManyEnvironmentLinesGetFallback() throws Exception {
        try (FakeAsterisk a = server.connect()) {
            List<String> env = new ArrayList<>(FakeAsterisk.environment("ok"));
            for (int i = 0; i < 60; i++) {
                env.add("agi_extra_" + i + ": " + i);
            }
            env.add("");
            a.sendLines(env.toArray(String[]::new));
            assertFallback(a, "too_many_env_lines", FakeAsterisk.CHANNEL);
        }
    }

    @Test
    void stalledEnvironmentTimesOutAndGetsFallback() throws Exception {
        try (FakeAsterisk a = server.connect()) {
            a.sendLines("agi_network: yes", "agi_channel: PJSIP/slow-0001");
            long start = System.nanoTime();
            assertFallback(a, "env_timeout", "PJSIP/slow-0001");
            long waitedMillis = (System.nanoTime() - start) / 1_000_000;
            assertTrue(waitedMillis >= AgiTestServer.ENV_TIMEOUT.toMillis() - 50, "fallback only after the env timeout: " + waitedMillis);
        }
    }

    @Test
    void malformedEnvironmentLineGetsFallback() throws Exception {
        try (FakeAsterisk a = server.connect()) {
            a.sendLines("GET / HTTP/1.1", "Host: engine", "");
            assertFallback(a, "malformed_env_line", "127.0.0.1:" + a.localPort());
            assertTrue(server.failures.get(0).contains("GET / HTTP/1.1"), server.failures.get(0));
        }
    }

    @Test
    void unknownScriptGetsFallbackNamingChannelWithMaskedCaller() throws Exception {
        try (FakeAsterisk a = server.connect()) {
            a.sendEnv("no-such-flow?x=1");
            assertFallback(a, "unknown_script", FakeAsterisk.CHANNEL);
        }
        String line = server.failures.get(0);
        assertTrue(line.contains("no-such-flow") && line.contains("caller=010******78"), line);
        assertFalse(line.contains(FakeAsterisk.CALLER), "caller number must be masked: " + line);
    }

    @Test
    void scriptExceptionGetsFallbackAndOneLine() throws Exception {
        try (FakeAsterisk a = server.connect()) {
            a.sendEnv("boom");
            List<String> commands = a.serveUntilClosed();
            assertEquals(List.of("SET VARIABLE CC_ACTION \"fallback\"", "SET VARIABLE CC_FALLBACK_REASON \"script_error\""), commands);
        }
        assertFailureLogged("script_error", FakeAsterisk.CHANNEL, "fallback=sent");
        assertTrue(server.failures.get(0).contains("IllegalStateException: no route for desk 7"), server.failures.get(0));
        assertEquals(0, server.counter("ascc_agi_bad_input_total"));
        assertEquals(1, server.counter("ascc_agi_sessions_failed_total"));
        assertGoodSessionStillWorks();
    }

    @Test
    void scriptExceptionAfterHangupSendsNothing() throws Exception {
        try (FakeAsterisk a = server.connect()) {
            a.sendEnv("hungup-then-boom");
            assertEquals("ANSWER", a.readCommand());
            a.reply("511 Command Not Permitted on a dead channel or intercept routine");
            assertTrue(a.closedByServer());
        }
        assertFailureLogged("script_error", FakeAsterisk.CHANNEL, "not sent");
    }

    @Test
    void commandWithoutReplyFailsTheScriptAndFallbackSkipsTheLateReply() throws Exception {
        server.close();
        server = new AgiTestServer(scripts, AgiTestServer.settings().withEnvReadTimeout(Duration.ofSeconds(2))
            .withCommandTimeout(Duration.ofMillis(200)));
        try (FakeAsterisk a = server.connect()) {
            a.sendEnv("slow-reply");
            assertEquals("GET VARIABLE \"NEVER\"", a.readCommand());
            assertEquals("SET VARIABLE CC_ACTION \"fallback\"", a.readCommand());
            a.reply("200 result=0", "200 result=1");
            assertEquals("SET VARIABLE CC_FALLBACK_REASON \"command_timeout\"", a.readCommand());
            a.readTimeoutMillis(300);
            assertFalse(a.closedByServer(), "the server waits for this command's own reply, not the late one");
            a.reply("200 result=1");
            a.readTimeoutMillis(5000);
            assertTrue(a.closedByServer());
        }
        assertFailureLogged("command_timeout", FakeAsterisk.CHANNEL, "no reply within");
    }

    @Test
    void acceptsTwoThousandConcurrentSessionsWithoutRefusal() throws Exception {
        int n = 2000;
        // a reply deadline longer than opening 2000 calls takes on a loaded machine: this is about concurrency
        server.close();
        server = new AgiTestServer(scripts, AgiTestServer.settings().withEnvReadTimeout(Duration.ofSeconds(30))
            .withCommandTimeout(Duration.ofSeconds(60)).withShutdownGrace(Duration.ofMillis(300)));
        List<FakeAsterisk> calls = new ArrayList<>(n);
        try {
            for (int i = 0; i < n; i++) {
                calls.add(server.connect().sendEnv("hold"));
            }
            for (FakeAsterisk a : calls) {
                assertEquals("ANSWER", a.readCommand());
            }
            assertEquals(n, server.server.activeSessions(), "every call is in its own blocked session at once");
            for (FakeAsterisk a : calls) {
                a.reply("200 result=0");
            }
            for (FakeAsterisk a : calls) {
                assertTrue(a.closedByServer());
            }
        } finally {
            for (FakeAsterisk a : calls) {
                a.close();
            }
        }
        Await.until(() -> server.server.activeSessions() == 0, "all sessions ended");
        assertEquals(n, server.counter("ascc_agi_sessions_total"));
        assertEquals(List.of(), server.failures);
        assertTrue(server.metrics.render().contains("ascc_agi_sessions_active 0.0\n"), server.metrics.render());
    }

    private void assertFallback(FakeAsterisk a, String reason, String id) throws Exception {
        List<String> commands = a.serveUntilClosed();
        List<String> expected = new ArrayList<>(FALLBACK_PREFIX);
        expected.add("SET VARIABLE CC_FALLBACK_REASON \"" + reason + "\"");
        assertEquals(expected, commands);
        assertFailureLogged(reason, id, "fallback=sent");
        assertBadInputCounted();
        assertGoodSessionStillWorks();
    }

    private void assertFailureLogged(String reason, String id, String fragment) {
        Await.until(() -> !server.failures.isEmpty(), "a failure line");
        Await.until(() -> server.server.activeSessions() == 0, "the failed session ended");
        assertEquals(1, server.failures.size(), "exactly one line: " + server.failures);
        String line = server.failures.get(0);
        assertTrue(line.contains("reason=" + reason), line);
        assertTrue(line.contains("id=" + id), line);
        assertTrue(line.contains(fragment), line);
        assertFalse(line.contains("\n"), line);
    }

    private void assertBadInputCounted() {
        assertEquals(1, server.counter("ascc_agi_bad_input_total"));
        assertEquals(1, server.counter("ascc_agi_sessions_failed_total"));
    }

    private void assertGoodSessionStillWorks() throws Exception {
        try (FakeAsterisk a = server.connect()) {
            a.sendEnv("ok");
            assertEquals(Map.of("CC_ACTION", "queue"), FakeAsterisk.variablesSet(a.serveUntilClosed()));
        }
        Await.until(() -> server.server.activeSessions() == 0, "the good session ended");
        assertEquals(1, server.failures.size(), "the good session logged no failure: " + server.failures);
    }
}
