package ascc.core.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ascc.core.Engine;
import ascc.core.agents.AgentState;
import ascc.testsupport.sip.IncomingCall;
import ascc.testsupport.sip.TestPhone;
import ascc.testsupport.sipp.Sipp;
import ascc.testsupport.sipp.SippResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Bad input from agents' phones through the real stack: each feature call is answered (the flow plays a prompt), the engine
 * logs what was wrong, and the agent's state in the engine and in Asterisk stays as it was (or as it should be).
 */
class AgentBadInputIT {
    private static final Duration WAIT = Duration.ofSeconds(20);

    @BeforeAll
    static void stack() throws Exception {
        RealStack.ensureAsterisk();
    }

    /**
     * Three independent scenarios at once on one engine whose agents.yaml no longer lists 2202 (Asterisk still has its
     * endpoint, rendered from it-conf): agent 2101 (appliance) keys bad codes, agent 2301 (care) tries to log out during a
     * call, and the phone of 2202 is refused. Each checks only its own agent's log lines and state.
     */
    @Test
    void badCodesAndAPhoneNotInTheConfigChangeNothingAndAreLoggedWhileAnotherAgentsLogoutDuringACallIsRefused() throws Exception {
        Path conf = ConfCopy.of("it-conf-no-2202");
        String agents = Files.readString(conf.resolve("agents.yaml"));
        int from = agents.indexOf("  - id: \"2202\"");
        int to = agents.indexOf("  - id: ", from + 1);
        Files.writeString(conf.resolve("agents.yaml"), agents.substring(0, from) + agents.substring(to));
        try (LogCapture log = new LogCapture();
             Engine engine = Engine.start(new Engine.Options(conf, RealStack.engineEnv(Map.of()), Clock.systemUTC(), "it-node"));
             TestPhone care = RealStack.phone("2301")) {
            EngineView view = EngineView.of(engine).awaitAmiConnected();
            Map<String, Together.Scenario> all = new java.util.LinkedHashMap<>();
            all.put("bad codes", () -> unknownCodesUnknownReasonsAndRepeatedPauseOrUnpauseChangeNothingAndAreLogged(log, view));
            all.put("logout during a call", () -> loggingOutDuringACallIsRefusedAndTheAgentStaysLoggedIn(log, view, care));
            all.put("phone not in the config", () -> aPhoneWhoseAgentIsNotInTheConfigIsRefusedAndNothingIsAdded(log));
            Together.run(all);
        }
    }

    private static void unknownCodesUnknownReasonsAndRepeatedPauseOrUnpauseChangeNothingAndAreLogged(LogCapture log, EngineView view)
            throws Exception {
        EngineView tracker = view;
        FoundationIT.awaitTrue("2101 AVAILABLE", () -> tracker.state("2101") == AgentState.AVAILABLE);
        try {
            assertTrue(dial("2101", "*19", 5321).allSucceeded());
            assertTrue(dial("2101", "*1399", 5322).allSucceeded());
            assertEquals(AgentState.AVAILABLE, tracker.state("2101"));
            assertTrue(log.contains("agent 2101 dialed unknown feature code *19 (known: *11 login, *12 logout"), "log names the code");
            assertTrue(log.contains("agent 2101 paused with unknown reason code '99' (*1399); not paused"), "log names the reason");

            assertTrue(dial("2101", "*132", 5323).allSucceeded());
            FoundationIT.awaitTrue("2101 PAUSED (training)", () -> tracker.state("2101") == AgentState.PAUSED);
            assertTrue(dial("2101", "*132", 5324).allSucceeded());
            assertTrue(log.contains("agent 2101 feature code *132: ALREADY"), "second pause is reported as already paused");
            assertEquals("training", tracker.reason("2101"));
            assertTrue(queueLine("desk-appliance", "2101").contains("paused"), queueLine("desk-appliance", "2101"));

            assertTrue(dial("2101", "*14", 5325).allSucceeded());
            FoundationIT.awaitTrue("2101 AVAILABLE again", () -> tracker.state("2101") == AgentState.AVAILABLE);
            assertTrue(dial("2101", "*14", 5326).allSucceeded());
            assertTrue(log.contains("agent 2101 feature code *14: ALREADY"), "second unpause is reported as already unpaused");
            assertEquals(AgentState.AVAILABLE, tracker.state("2101"));
            assertFalse(queueLine("desk-appliance", "2101").contains("paused"), queueLine("desk-appliance", "2101"));
        } finally {
            view.unpause("2101");
        }
    }

    /** Asterisk still has endpoint 2202 (rendered from it-conf); this engine's agents.yaml no longer lists it. */
    private static void aPhoneWhoseAgentIsNotInTheConfigIsRefusedAndNothingIsAdded(LogCapture log) throws Exception {
        String before = RealStack.asteriskCli("queue show desk-general");
        assertTrue(dial("2202", "*11", 5327).allSucceeded(), "the call is answered with a prompt");
        assertTrue(dial("2202", "*131", 5328).allSucceeded());
        assertTrue(log.contains("agent 2202 feature code *11 refused: NOT_AN_AGENT"), "log says the phone is not an agent");
        assertTrue(log.contains("agent 2202 feature code *131 refused: NOT_AN_AGENT"));
        assertEquals(before.contains("PJSIP/2202)"), RealStack.asteriskCli("queue show desk-general").contains("PJSIP/2202)"),
                "membership unchanged");
        assertFalse(log.contains("agent 2202 feature code *12: "), "not logged out by phone");
    }

    private static void loggingOutDuringACallIsRefusedAndTheAgentStaysLoggedIn(LogCapture log, EngineView view, TestPhone care)
            throws Exception {
        ExecutorService callers = Executors.newSingleThreadExecutor(r -> new Thread(r, "badinput-it-caller"));
        try {
            care.setAutoAnswer(Duration.ofMillis(300));
            EngineView tracker = view;
            FoundationIT.awaitMemberAvailable("desk-care", "2301");
            CompletableFuture<SippResult> customer = CompletableFuture.supplyAsync(() -> FoundationIT.customerCall("0700000005",
                    "01055503001", "1", Duration.ofSeconds(8), 5329), callers);
            IncomingCall call = care.awaitIncoming(Duration.ofSeconds(15));
            FoundationIT.awaitTrue("2301 ON_CALL", () -> tracker.state("2301") == AgentState.ON_CALL);

            assertTrue(dial("2301", "*12", 5330).allSucceeded(), "the call is answered with a prompt");
            assertTrue(log.contains("agent 2301 asked to log out during a call: refused"), "log says why");
            assertTrue(log.contains("agent 2301 feature code *12 refused: ON_CALL"));
            assertTrue(tracker.isLoggedIn("2301"));
            assertFalse(log.contains("agent 2301 feature code *12: "), "not logged out by phone");

            call.awaitEnded(WAIT);
            assertTrue(customer.get().allSucceeded(), () -> customer.join().describe());
            FoundationIT.awaitTrue("2301 AVAILABLE after the call", () -> tracker.state("2301") == AgentState.AVAILABLE);
            assertTrue(tracker.membersOf("desk-care").contains("2301"));
            assertTrue(queueLine("desk-care", "2301").contains("dynamic"), "still a member in Asterisk: " + queueLine("desk-care", "2301"));
        } finally {
            callers.shutdownNow();
        }
    }

    private static SippResult dial(String agent, String code, int localPort) throws Exception {
        String password = RealStack.config().agents().get(agent).password().reveal();
        return Sipp.builder().scenarioResource("sipp/agent-feature.xml").remote("127.0.0.1", 5060).service(code)
                .key("agent", agent).auth(agent, password).calls(1).localPort(localPort).timeout(Duration.ofSeconds(30)).run();
    }

    private static String queueLine(String queue, String agent) throws Exception {
        for (String line : RealStack.asteriskCli("queue show " + queue).split("\n")) {
            if (line.contains("PJSIP/" + agent + ")")) {
                return line;
            }
        }
        return "";
    }
}
