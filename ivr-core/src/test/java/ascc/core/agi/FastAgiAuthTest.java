package ascc.core.agi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ascc.agi.AgiRequest;
import ascc.agi.AgiScript;
import ascc.agi.flows.AgentControl;
import ascc.agi.flows.AgentFeatureFlow;
import ascc.routing.asterisk.AgiScripts;
import ascc.routing.asterisk.Contexts;
import ascc.routing.asterisk.FeatureCodes;
import ascc.routing.config.AgentStatesConfig;
import ascc.routing.config.AgiAccess;
import ascc.routing.config.IpNetwork;
import ascc.routing.config.Secret;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * FastAGI authentication and deadlines over real sockets: only allowed peers, only sessions carrying the AGI secret as
 * agi_arg_1; everything else gets the fallback route, nothing else, and one log line. Every command has a deadline.
 */
class FastAgiAuthTest {
    private static final List<String> FALLBACK_UNAUTHENTICATED = List.of("SET VARIABLE CC_ACTION \"fallback\"",
        "SET VARIABLE CC_FALLBACK_REASON \"unauthenticated\"");
    private static final String AGENT_CHANNEL = "PJSIP/1001-0000002a";

    /** Agent state requests the feature-code flow made. */
    private final List<String> agentRequests = new CopyOnWriteArrayList<>();
    private final CompletableFuture<AgiRequest> seen = new CompletableFuture<>();
    private final AgentControl control = new AgentControl() {
        @Override
        public Result login(String agentId) {
            agentRequests.add("login " + agentId);
            return Result.OK;
        }

        @Override
        public Result logout(String agentId) {
            agentRequests.add("logout " + agentId);
            return Result.OK;
        }

        @Override
        public Result pause(String agentId, int reasonCode, String reason) {
            agentRequests.add("pause " + agentId + " " + reasonCode);
            return Result.OK;
        }

        @Override
        public Result unpause(String agentId) {
            agentRequests.add("unpause " + agentId);
            return Result.OK;
        }
    };
    private final Map<String, AgiScript> scripts = Map.of(
        AgiScripts.AGENT_FEATURE, new AgentFeatureFlow(control, AgentStatesConfig::defaults),
        "inbound", ch -> {
            seen.complete(ch.request());
            ch.setVariable("CC_ACTION", "queue");
        },
        "menu", ch -> ch.exec("Read", "CC_DIGITS,ascc/menu,1,,1,5"),
        "menu-swallowing-timeouts", ch -> {
            try {
                ch.exec("Read", "CC_DIGITS,ascc/menu,1,,1,5");
            } catch (AgiCommandException e) {
                ch.verbose("went on after " + e.getMessage(), 1);
            }
        },
        "wait-forever", ch -> ch.waitForDigit(-1));
    private AgiTestServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    /** The environment of Asterisk running agent-feature for {@code *12} on agent 1001's phone, with {@code args}. */
    private static List<String> agentFeatureEnvironment(String... args) {
        List<String> lines = new ArrayList<>();
        for (String line : FakeAsterisk.environmentWithArgs(AgiScripts.AGENT_FEATURE, args)) {
            if (line.startsWith("agi_channel: ")) {
                line = "agi_channel: " + AGENT_CHANNEL;
            } else if (line.startsWith("agi_context: ")) {
                line = "agi_context: " + Contexts.AGENTS;
            } else if (line.startsWith("agi_extension: ") || line.startsWith("agi_dnid: ")) {
                line = line.substring(0, line.indexOf(':') + 2) + FeatureCodes.LOGOUT;
            }
            lines.add(line);
        }
        lines.add("");
        return lines;
    }

    @Test
    void aSpoofedAgentChannelDialingStar12WithoutTheSecretGetsOnlyTheFallbackAndTheAgentStaysLoggedIn() throws Exception {
        server = new AgiTestServer(scripts);
        try (FakeAsterisk a = server.connect()) {
            a.sendLines(agentFeatureEnvironment().toArray(String[]::new));
            assertEquals(FALLBACK_UNAUTHENTICATED, a.serveUntilClosed());
        }
        assertUnauthenticatedLoggedOnce(AGENT_CHANNEL, "no AGI secret");
        assertEquals(List.of(), agentRequests, "no state change asked for agent 1001");
    }

    @Test
    void aWrongSecretGetsOnlyTheFallbackAndTheSecretIsNotEchoed() throws Exception {
        server = new AgiTestServer(scripts);
        String guess = FakeAsterisk.SECRET.substring(0, FakeAsterisk.SECRET.length() - 1) + "X";
        try (FakeAsterisk a = server.connect()) {
            a.sendLines(agentFeatureEnvironment(guess).toArray(String[]::new));
            assertEquals(FALLBACK_UNAUTHENTICATED, a.serveUntilClosed());
        }
        assertUnauthenticatedLoggedOnce(AGENT_CHANNEL, "wrong AGI secret");
        assertFalse(server.failures.get(0).contains(guess), server.failures.get(0));
        assertEquals(List.of(), agentRequests);
    }

    @Test
    void theSecretInAnotherArgumentThanTheFirstDoesNotAuthenticate() throws Exception {
        server = new AgiTestServer(scripts);
        try (FakeAsterisk a = server.connect()) {
            a.sendLines(agentFeatureEnvironment("", FakeAsterisk.SECRET).toArray(String[]::new));
            assertEquals(FALLBACK_UNAUTHENTICATED, a.serveUntilClosed());
        }
        assertUnauthenticatedLoggedOnce(AGENT_CHANNEL, "wrong AGI secret");
        assertEquals(List.of(), agentRequests);
    }

    @Test
    void theSameStar12WithTheSecretLogsTheAgentOut() throws Exception {
        server = new AgiTestServer(scripts);
        try (FakeAsterisk a = server.connect()) {
            a.sendLines(agentFeatureEnvironment(FakeAsterisk.SECRET).toArray(String[]::new));
            List<String> commands = a.serveUntilClosed();
            assertEquals(List.of("ANSWER", "STREAM FILE \"agent-loggedoff\" \"\""), commands);
        }
        assertEquals(List.of("logout 1001"), agentRequests);
        assertEquals(List.of(), server.failures);
    }

    @Test
    void aScriptNeverSeesTheSecret() throws Exception {
        server = new AgiTestServer(scripts);
        try (FakeAsterisk a = server.connect()) {
            a.sendEnv("inbound", "hanbit", "");
            a.serveUntilClosed();
        }
        AgiRequest r = seen.get(5, TimeUnit.SECONDS);
        assertEquals(List.of("hanbit", ""), r.args());
        assertEquals("hanbit", r.env().get("arg_1"));
        assertEquals("", r.env().get("arg_2"));
        assertFalse(r.env().containsKey("arg_3"));
        assertFalse(r.env().containsValue(FakeAsterisk.SECRET));
    }

    @Test
    void anUnknownScriptWithoutTheSecretIsRefusedAsUnauthenticatedNotAsUnknown() throws Exception {
        server = new AgiTestServer(scripts);
        try (FakeAsterisk a = server.connect()) {
            a.sendLines(FakeAsterisk.environmentWithArgs("admin-backdoor").toArray(String[]::new));
            a.sendLines("");
            assertEquals(FALLBACK_UNAUTHENTICATED, a.serveUntilClosed());
        }
        assertUnauthenticatedLoggedOnce(FakeAsterisk.CHANNEL, "no AGI secret");
    }

    @Test
    void noConfiguredSecretServesNoSessionAtAll() throws Exception {
        server = new AgiTestServer(scripts, AgiTestServer.settings().withAccess(AgiAccess.loopback(Secret.of("")))
            .withEnvReadTimeout(Duration.ofSeconds(2)));
        try (FakeAsterisk a = server.connect()) {
            a.sendLines(FakeAsterisk.environmentWithArgs("inbound", "").toArray(String[]::new));
            a.sendLines("");
            assertEquals(FALLBACK_UNAUTHENTICATED, a.serveUntilClosed());
        }
        assertFalse(seen.isDone());
    }

    @Test
    void aPeerOutsideAllowedPeersIsClosedWithoutAWordAndLoggedOnce() throws Exception {
        AgiAccess elsewhere = new AgiAccess(List.of(IpNetwork.parse("192.0.2.0/24")), Secret.of(FakeAsterisk.SECRET));
        server = new AgiTestServer(scripts, AgiTestServer.settings().withAccess(elsewhere).withEnvReadTimeout(Duration.ofSeconds(2)));
        try (FakeAsterisk a = server.connect()) {
            a.sendEnv("inbound");
            assertEquals(List.of(), a.serveUntilClosed(), "not even the fallback is sent to a stranger");
        }
        Await.until(() -> !server.failures.isEmpty(), "a failure line");
        Await.until(() -> server.server.activeSessions() == 0, "the session ended");
        assertEquals(1, server.failures.size(), server.failures.toString());
        String line = server.failures.get(0);
        assertTrue(line.contains("reason=peer_not_allowed"), line);
        assertTrue(line.contains("not in agi.allowed-peers [192.0.2.0/24]"), line);
        assertEquals(1, server.counter("ascc_agi_unauthenticated_total"));
        assertFalse(seen.isDone());
    }

    @Test
    void anExecWithoutReplyEndsTheSessionWithTheFallbackAfterItsDeadline() throws Exception {
        server = new AgiTestServer(scripts, AgiTestServer.settings().withEnvReadTimeout(Duration.ofSeconds(2))
            .withCommandTimeout(Duration.ofMillis(100)).withExecTimeout(Duration.ofMillis(200)));
        try (FakeAsterisk a = server.connect()) {
            a.sendEnv("menu");
            assertEquals("EXEC \"Read\" \"CC_DIGITS,ascc/menu,1,,1,5\"", a.readCommand());
            // silent peer: no reply; after 300 ms the engine gives up and sends the fallback
            assertEquals("SET VARIABLE CC_ACTION \"fallback\"", a.readCommand());
            a.reply("200 result=0", "200 result=1"); // the late reply (skipped), then the fallback's
            assertEquals("SET VARIABLE CC_FALLBACK_REASON \"command_timeout\"", a.readCommand());
            a.reply("200 result=1");
            assertTrue(a.closedByServer());
        }
        assertFailureLogged("command_timeout", "no reply within 300 ms");
    }

    @Test
    void aScriptThatSwallowsTheTimeoutStillEndsWithTheFallback() throws Exception {
        server = new AgiTestServer(scripts, AgiTestServer.settings().withEnvReadTimeout(Duration.ofSeconds(2))
            .withCommandTimeout(Duration.ofMillis(100)).withExecTimeout(Duration.ofMillis(100)));
        try (FakeAsterisk a = server.connect()) {
            a.sendEnv("menu-swallowing-timeouts");
            assertEquals("EXEC \"Read\" \"CC_DIGITS,ascc/menu,1,,1,5\"", a.readCommand());
            assertEquals("SET VARIABLE CC_ACTION \"fallback\"", a.readCommand());
            a.reply("200 result=0", "200 result=1"); // the late reply (skipped), then the fallback's
            assertEquals("SET VARIABLE CC_FALLBACK_REASON \"command_timeout\"", a.readCommand());
            a.reply("200 result=1");
            assertTrue(a.closedByServer());
        }
        // the script's next command found the conversation out of step; the reason stays the timeout
        assertFailureLogged("command_timeout", "out of step");
    }

    @Test
    void waitForDigitWithoutTimeoutAlsoHasADeadline() throws Exception {
        server = new AgiTestServer(scripts, AgiTestServer.settings().withEnvReadTimeout(Duration.ofSeconds(2))
            .withCommandTimeout(Duration.ofMillis(100)).withExecTimeout(Duration.ofMillis(100)));
        try (FakeAsterisk a = server.connect()) {
            a.sendEnv("wait-forever");
            assertEquals("WAIT FOR DIGIT -1", a.readCommand());
            assertEquals("SET VARIABLE CC_ACTION \"fallback\"", a.readCommand());
            a.reply("200 result=0", "200 result=1"); // the late reply (skipped), then the fallback's
            assertEquals("SET VARIABLE CC_FALLBACK_REASON \"command_timeout\"", a.readCommand());
            a.reply("200 result=1");
            assertTrue(a.closedByServer());
        }
        assertFailureLogged("command_timeout", "WAIT FOR DIGIT");
    }

    @Test
    void theFallbackAfterATimeoutIsItselfBoundedWhenThePeerStaysSilent() throws Exception {
        server = new AgiTestServer(scripts, AgiTestServer.settings().withEnvReadTimeout(Duration.ofMillis(300))
            .withCommandTimeout(Duration.ofMillis(100)).withExecTimeout(Duration.ofMillis(100)));
        try (FakeAsterisk a = server.connect()) {
            a.sendEnv("menu");
            assertEquals("EXEC \"Read\" \"CC_DIGITS,ascc/menu,1,,1,5\"", a.readCommand());
            assertEquals("SET VARIABLE CC_ACTION \"fallback\"", a.readCommand());
            assertTrue(a.closedByServer(), "the session ends although the peer never answers");
        }
        assertFailureLogged("command_timeout", "fallback=failed (no reply within 300 ms)");
    }

    private void assertUnauthenticatedLoggedOnce(String id, String fragment) {
        assertFailureLogged("unauthenticated", fragment);
        String line = server.failures.get(0);
        assertTrue(line.contains("id=" + id), line);
        assertTrue(line.contains("fallback=sent"), line);
        assertFalse(line.contains(FakeAsterisk.SECRET), line);
        assertEquals(1, server.counter("ascc_agi_unauthenticated_total"));
        assertEquals(0, server.counter("ascc_agi_bad_input_total"));
    }

    private void assertFailureLogged(String reason, String fragment) {
        Await.until(() -> !server.failures.isEmpty(), "a failure line");
        Await.until(() -> server.server.activeSessions() == 0, "the failed session ended");
        assertEquals(1, server.failures.size(), "exactly one line: " + server.failures);
        String line = server.failures.get(0);
        assertTrue(line.contains("reason=" + reason), line);
        assertTrue(line.contains(fragment), line);
        assertFalse(line.contains("\n"), line);
    }
}
