package ascc.agi.flows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ascc.agi.AgiRequest;
import ascc.agi.testing.FakeAgiChannel;
import ascc.routing.config.AgentStatesConfig;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AgentFeatureFlowTest {

    /** Remembers calls and keeps a tiny state: who is logged in, paused, on a call. */
    static final class FakeControl implements AgentControl {
        final List<String> calls = new ArrayList<>();
        final Set<String> agents = new HashSet<>(Set.of("2101", "2102"));
        final Set<String> loggedIn = new HashSet<>();
        final Set<String> paused = new HashSet<>();
        final Set<String> onCall = new HashSet<>();

        @Override
        public Result login(String agentId) {
            calls.add("login " + agentId);
            if (!agents.contains(agentId)) {
                return Result.NOT_AN_AGENT;
            }
            return loggedIn.add(agentId) ? Result.OK : Result.ALREADY;
        }

        @Override
        public Result logout(String agentId) {
            calls.add("logout " + agentId);
            if (!agents.contains(agentId)) {
                return Result.NOT_AN_AGENT;
            }
            if (onCall.contains(agentId)) {
                return Result.ON_CALL;
            }
            return loggedIn.remove(agentId) ? Result.OK : Result.ALREADY;
        }

        @Override
        public Result pause(String agentId, int reasonCode, String reason) {
            calls.add("pause " + agentId + " " + reasonCode + " " + reason);
            if (!agents.contains(agentId)) {
                return Result.NOT_AN_AGENT;
            }
            if (!loggedIn.contains(agentId)) {
                return Result.NOT_LOGGED_IN;
            }
            return paused.add(agentId) ? Result.OK : Result.ALREADY;
        }

        @Override
        public Result unpause(String agentId) {
            calls.add("unpause " + agentId);
            if (!agents.contains(agentId)) {
                return Result.NOT_AN_AGENT;
            }
            return paused.remove(agentId) ? Result.OK : Result.ALREADY;
        }
    }

    private final FakeControl control = new FakeControl();
    private final AgentFeatureFlow flow = new AgentFeatureFlow(control, AgentStatesConfig::defaults);

    private static FakeAgiChannel dial(String channel, String code) {
        AgiRequest base = FakeAgiChannel.request("agent-feature", "2101", code);
        Map<String, String> env = new HashMap<>(base.env());
        env.put("channel", channel);
        return new FakeAgiChannel(new AgiRequest("agent-feature", env, List.of()));
    }

    private FakeAgiChannel run(String channel, String code) {
        FakeAgiChannel ch = dial(channel, code);
        flow.run(ch);
        return ch;
    }

    @Test
    void loginAddsTheCallingEndpointAndConfirms() {
        FakeAgiChannel ch = run("PJSIP/2101-0000002a", "*11");
        assertEquals(List.of("login 2101"), control.calls);
        assertEquals(List.of("agent-loginok"), ch.prompts());
        assertTrue(ch.answered());
    }

    @Test
    void loggingInTwiceSaysAlreadyOn() {
        run("PJSIP/2101-00000001", "*11");
        assertEquals(List.of("agent-alreadyon"), run("PJSIP/2101-00000002", "*11").prompts());
    }

    @Test
    void pauseWithReasonDigitsInTheCodeUsesTheConfiguredReasonName() {
        run("PJSIP/2101-00000001", "*11");
        FakeAgiChannel ch = run("PJSIP/2101-00000002", "*132");
        assertEquals("pause 2101 2 training", control.calls.get(1));
        assertEquals(List.of("beep"), ch.prompts());
    }

    @Test
    void pauseWithoutDigitsAsksForTheReasonAfterABeep() {
        run("PJSIP/2101-00000001", "*11");
        FakeAgiChannel ch = dial("PJSIP/2101-00000002", "*13").pressDigits("3#");
        flow.run(ch);
        assertEquals("pause 2101 3 after-call work", control.calls.get(1));
        assertEquals(List.of("beep", "beep"), ch.prompts());
    }

    @Test
    void pauseWithAnUnknownReasonIsRefusedWithInvalidAndNothingChanges() {
        run("PJSIP/2101-00000001", "*11");
        FakeAgiChannel ch = run("PJSIP/2101-00000002", "*139");
        assertEquals(List.of("login 2101"), control.calls);
        assertEquals(List.of("invalid"), ch.prompts());
    }

    @Test
    void pausingTwiceIsHarmlessAndConfirmedAgain() {
        run("PJSIP/2101-00000001", "*11");
        run("PJSIP/2101-00000002", "*131");
        FakeAgiChannel ch = run("PJSIP/2101-00000003", "*131");
        assertEquals(List.of("beep"), ch.prompts());
        assertEquals(Set.of("2101"), control.paused);
    }

    @Test
    void pauseWhileLoggedOutIsRefused() {
        assertEquals(List.of("beeperr"), run("PJSIP/2101-00000001", "*131").prompts());
        assertTrue(control.paused.isEmpty());
    }

    @Test
    void unpausePlaysTwoBeeps() {
        run("PJSIP/2101-00000001", "*11");
        run("PJSIP/2101-00000002", "*131");
        assertEquals(List.of("beep", "beep"), run("PJSIP/2101-00000003", "*14").prompts());
        assertTrue(control.paused.isEmpty());
    }

    @Test
    void logoutDuringACallIsRefusedAndTheAgentStaysLoggedIn() {
        run("PJSIP/2101-00000001", "*11");
        control.onCall.add("2101");
        assertEquals(List.of("beeperr"), run("PJSIP/2101-00000002", "*12").prompts());
        assertEquals(Set.of("2101"), control.loggedIn);
    }

    @Test
    void logoutConfirmsWithLoggedOff() {
        run("PJSIP/2101-00000001", "*11");
        assertEquals(List.of("agent-loggedoff"), run("PJSIP/2101-00000002", "*12").prompts());
        assertTrue(control.loggedIn.isEmpty());
    }

    @Test
    void aPhoneThatIsNoAgentHearsAgentIncorrect() {
        assertEquals(List.of("agent-incorrect"), run("PJSIP/9999-00000001", "*11").prompts());
    }

    @Test
    void aNonPjsipChannelIsRefusedWithoutAskingTheEngine() {
        assertEquals(List.of("agent-incorrect"), run("Local/s@x-00000001;1", "*11").prompts());
        assertTrue(control.calls.isEmpty());
    }

    @Test
    void unknownFeatureCodeIsAnnouncedAndNothingIsAsked() {
        assertEquals(List.of("feature-not-avail-line"), run("PJSIP/2101-00000001", "*19").prompts());
        assertEquals(List.of("feature-not-avail-line"), run("PJSIP/2101-00000001", "*13x").prompts());
        assertTrue(control.calls.isEmpty());
    }

    @Test
    void agentIdIsTheEndpointBeforeTheLastDash() {
        assertEquals("agent-7", AgentFeatureFlow.agentOf(dial("PJSIP/agent-7-00000001", "*11").request()));
    }
}
