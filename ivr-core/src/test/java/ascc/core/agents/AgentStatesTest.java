package ascc.core.agents;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ascc.testsupport.time.ManualClock;
import ascc.agi.flows.AgentControl.Result;
import ascc.core.ami.AmiAction;
import ascc.core.ami.AmiEvent;
import ascc.core.ami.AmiException;
import ascc.core.ami.AmiFailure;
import ascc.core.ami.AmiMessage;
import ascc.routing.config.AgentStatesConfig;
import ascc.routing.config.CenterConfig;
import ascc.core.config.yaml.ConfigLoader;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The engine side of agent states against a fake Asterisk that keeps queue members like app_queue does. */
class AgentStatesTest {
    private static final Instant T0 = Instant.parse("2026-11-23T01:00:00Z");

    /** Answers QueueAdd/QueueRemove/QueuePause/QueueStatus like Asterisk, remembering members and sent actions. */
    static final class FakeAsteriskQueues implements AgentStates.Ami {
        final List<AmiAction> sent = new ArrayList<>();
        final Set<String> members = new HashSet<>(); // "queue|agent"
        final Set<String> paused = new HashSet<>();   // agent
        boolean down;

        @Override
        public CompletableFuture<AmiMessage> send(AmiAction a) {
            sent.add(a);
            if (down) {
                return CompletableFuture.failedFuture(new AmiException(AmiFailure.retriable("AMI not connected", null)));
            }
            String agent = a.get("Interface").substring("PJSIP/".length());
            return switch (a.name()) {
                case "QueueAdd" -> members.add(a.get("Queue") + "|" + agent) ? ok() : error("Unable to add interface: Already there");
                case "QueueRemove" -> members.remove(a.get("Queue") + "|" + agent) ? ok() : error("Unable to remove interface: Not there");
                case "QueuePause" -> {
                    if ("true".equals(a.get("Paused"))) {
                        paused.add(agent);
                    } else {
                        paused.remove(agent);
                    }
                    yield ok();
                }
                default -> error("unexpected " + a.name());
            };
        }

        @Override
        public CompletableFuture<List<AmiMessage>> sendForList(AmiAction a, String complete) {
            sent.add(a);
            List<AmiMessage> out = new ArrayList<>();
            for (String m : members) {
                String[] qa = m.split("\\|");
                out.add(AmiMessage.of("Event", "QueueMember", "Queue", qa[0], "Name", qa[1], "Location", "PJSIP/" + qa[1],
                        "Paused", paused.contains(qa[1]) ? "1" : "0", "PausedReason", "", "InCall", "0"));
            }
            out.add(AmiMessage.of("Event", "QueueEntry", "Queue", "desk-appliance", "Uniqueid", "99.1", "Wait", "30"));
            out.add(AmiMessage.of("Event", "QueueStatusComplete"));
            return CompletableFuture.completedFuture(out);
        }

        long count(String action) {
            return sent.stream().filter(s -> s.name().equals(action)).count();
        }

        private static CompletableFuture<AmiMessage> ok() {
            return CompletableFuture.completedFuture(AmiMessage.of("Response", "Success"));
        }

        private static CompletableFuture<AmiMessage> error(String message) {
            AmiMessage r = AmiMessage.of("Response", "Error", "Message", message);
            return CompletableFuture.failedFuture(new AmiException(AmiFailure.fatal(message), r));
        }
    }

    private final FakeAsteriskQueues asterisk = new FakeAsteriskQueues();
    private final ManualClock clock = new ManualClock(T0);
    private final List<AgentStateTracker.Interval> history = new ArrayList<>();
    private CenterConfig config;
    private AgentStates states;

    @BeforeEach
    void setUp() throws Exception {
        config = ConfigLoader.load(Path.of("src/test/resources/it-conf"), Map.of());
        states = newStates(AgentStatesConfig.defaults());
    }

    private AgentStates newStates(AgentStatesConfig settings) {
        AgentStates s = new AgentStates(asterisk, () -> config, settings, null, clock);
        return s;
    }

    private static AmiEvent event(String... kv) {
        AmiMessage m = AmiMessage.of(kv);
        return new AmiEvent(m.get("Event"), m, T0);
    }

    @Test
    void resyncWithAutoLoginAddsEveryAgentToTheirDeskQueuesWithPenaltyFromProficiency() {
        states.resync();
        assertTrue(asterisk.members.containsAll(Set.of("desk-appliance|2101", "desk-appliance|2102", "desk-digital|2201",
                "desk-digital|2202", "desk-general|2202")), asterisk.members.toString());
        AmiAction add2102 = asterisk.sent.stream().filter(a -> a.name().equals("QueueAdd") && "PJSIP/2102".equals(a.get("Interface")))
                .findFirst().orElseThrow();
        assertEquals("3", add2102.get("Penalty"), "proficiency 2 -> penalty 3");
        assertEquals("Appliance Junior", add2102.get("MemberName"));
        assertEquals("PJSIP/2102", add2102.get("StateInterface"));
        assertEquals(AgentState.AVAILABLE, states.tracker().state("2101"));
        assertEquals(1, states.tracker().live().get(0).waiting(), "the caller QueueStatus reported");
        assertEquals(30, states.tracker().live().get(0).longestWaitSeconds());
    }

    @Test
    void secondResyncAddsNothingAlreadyThere() {
        states.resync();
        long adds = asterisk.count("QueueAdd");
        states.resync();
        assertEquals(adds, asterisk.count("QueueAdd"));
    }

    @Test
    void withoutAutoLoginAgentsStayLoggedOutUntilTheyDialLogin() {
        states = newStates(new AgentStatesConfig(false, Map.of(1, "break"), 20));
        states.resync();
        assertEquals(0, asterisk.count("QueueAdd"));
        assertEquals(AgentState.LOGGED_OUT, states.tracker().state("2202"));
        assertEquals(Result.OK, states.login("2202"));
        assertEquals(Set.of("desk-digital|2202", "desk-general|2202"), asterisk.members);
        assertEquals(Result.ALREADY, states.login("2202"));
    }

    @Test
    void agentLoggedOutFromThePhoneIsNotAutoLoggedInAgainAfterAReconnect() {
        states.resync();
        assertEquals(Result.OK, states.logout("2101"));
        assertFalse(asterisk.members.contains("desk-appliance|2101"));
        assertEquals(AgentState.LOGGED_OUT, states.tracker().state("2101"));
        states.resync();
        assertFalse(asterisk.members.contains("desk-appliance|2101"), "still logged out after the reconnect resync");
        assertEquals(Result.OK, states.login("2101"));
        assertTrue(asterisk.members.contains("desk-appliance|2101"));
    }

    @Test
    void pauseTwiceSendsOneQueuePauseAndUnpauseClearsIt() {
        states.resync();
        assertEquals(Result.OK, states.pause("2101", 1, "break"));
        AmiAction pause = asterisk.sent.get(asterisk.sent.size() - 1);
        assertEquals("QueuePause", pause.name());
        assertEquals("true", pause.get("Paused"));
        assertEquals("break", pause.get("Reason"));
        assertNull(pause.get("Queue"), "paused in every queue, the fallback queue included");
        assertEquals(Result.ALREADY, states.pause("2101", 1, "break"));
        assertEquals(1, asterisk.count("QueuePause"));
        assertEquals(AgentState.PAUSED, states.tracker().state("2101"));
        assertEquals("break", states.tracker().reason("2101"));
        assertEquals(Result.OK, states.pause("2101", 2, "training"), "another reason re-pauses");
        assertEquals("training", states.tracker().reason("2101"));
        assertEquals(Result.OK, states.unpause("2101"));
        assertEquals(Result.ALREADY, states.unpause("2101"));
        assertEquals(AgentState.AVAILABLE, states.tracker().state("2101"));
    }

    @Test
    void logoutDuringACallIsRefusedAndNothingIsRemoved() {
        states.resync();
        states.onEvent(event("Event", "AgentConnect", "Queue", "desk-appliance", "Interface", "PJSIP/2101", "HoldTime", "4"));
        assertEquals(Result.ON_CALL, states.logout("2101"));
        assertEquals(0, asterisk.count("QueueRemove"));
        assertTrue(asterisk.members.contains("desk-appliance|2101"));
        assertEquals(AgentState.ON_CALL, states.tracker().state("2101"));
    }

    @Test
    void unknownPhoneIsNotAnAgentAndPauseWhileLoggedOutIsRefused() {
        assertEquals(Result.NOT_AN_AGENT, states.login("9999"));
        assertEquals(Result.NOT_AN_AGENT, states.pause("9999", 1, "break"));
        assertEquals(Result.NOT_LOGGED_IN, states.pause("2101", 1, "break"));
        assertEquals(0, asterisk.count("QueuePause"));
    }

    @Test
    void amiDownGivesFailedAndTheStateIsUnchanged() {
        states.resync();
        asterisk.down = true;
        assertEquals(Result.FAILED, states.pause("2101", 1, "break"));
        assertEquals(AgentState.AVAILABLE, states.tracker().state("2101"));
        assertEquals(Result.FAILED, states.logout("2101"));
        assertEquals(AgentState.AVAILABLE, states.tracker().state("2101"));
    }

    @Test
    void eventsDriveStatesAndHistoryIntervals() {
        AgentStateTracker t = new AgentStateTracker(clock, () -> config, 20, history::add);
        assertEquals(AgentState.LOGGED_OUT, t.state("2101"));
        clock.advance(Duration.ofSeconds(10));
        t.memberAdded("desk-appliance", "2101", false, null);
        clock.advance(Duration.ofSeconds(5));
        t.memberPaused("desk-appliance", "2101", true, "break");
        clock.advance(Duration.ofSeconds(60));
        t.memberPaused("desk-appliance", "2101", false, "");
        clock.advance(Duration.ofSeconds(3));
        t.callConnected("desk-appliance", "2101", 25);
        clock.advance(Duration.ofSeconds(30));
        t.callCompleted("desk-appliance", "2101");
        assertEquals(List.of(
                new AgentStateTracker.Interval("2101", AgentState.LOGGED_OUT, null, T0, T0.plusSeconds(10)),
                new AgentStateTracker.Interval("2101", AgentState.AVAILABLE, null, T0.plusSeconds(10), T0.plusSeconds(15)),
                new AgentStateTracker.Interval("2101", AgentState.PAUSED, "break", T0.plusSeconds(15), T0.plusSeconds(75)),
                new AgentStateTracker.Interval("2101", AgentState.AVAILABLE, null, T0.plusSeconds(75), T0.plusSeconds(78)),
                new AgentStateTracker.Interval("2101", AgentState.ON_CALL, null, T0.plusSeconds(78), T0.plusSeconds(108))), history);
        t.flush();
        assertEquals(5, history.size(), "flush at the same instant writes no empty interval");
        clock.advance(Duration.ofSeconds(10));
        t.flush();
        assertEquals(new AgentStateTracker.Interval("2101", AgentState.AVAILABLE, null, T0.plusSeconds(108), T0.plusSeconds(118)),
                history.get(5), "shutdown closes the open interval");
    }

    @Test
    void fallbackQueueMembershipDoesNotCountAsLoggedIn() {
        states.onEvent(event("Event", "QueueMemberAdded", "Queue", "ascc-fallback", "Interface", "PJSIP/2101", "Paused", "0"));
        assertEquals(AgentState.LOGGED_OUT, states.tracker().state("2101"));
        states.onEvent(event("Event", "QueueMemberAdded", "Queue", "desk-appliance", "Interface", "PJSIP/2101", "Paused", "0"));
        assertEquals(AgentState.AVAILABLE, states.tracker().state("2101"));
        states.onEvent(event("Event", "QueueMemberPause", "Queue", "desk-appliance", "Interface", "PJSIP/2101", "Paused", "1",
                "PausedReason", "training"));
        assertEquals(AgentState.PAUSED, states.tracker().state("2101"));
        assertEquals("training", states.tracker().reason("2101"));
        states.onEvent(event("Event", "QueueMemberRemoved", "Queue", "desk-appliance", "Interface", "PJSIP/2101"));
        assertEquals(AgentState.LOGGED_OUT, states.tracker().state("2101"));
    }

    @Test
    void liveShowsWaitingCallersAgentsByStateWrapUpAndServiceLevelAsJson() {
        states.onEvent(event("Event", "QueueMemberAdded", "Queue", "desk-appliance", "Interface", "PJSIP/2101", "Paused", "0"));
        states.onEvent(event("Event", "QueueMemberAdded", "Queue", "desk-appliance", "Interface", "PJSIP/2102", "Paused", "1",
                "PausedReason", "break"));
        states.onEvent(event("Event", "QueueCallerJoin", "Queue", "desk-appliance", "Uniqueid", "1.1"));
        clock.advance(Duration.ofSeconds(12));
        states.onEvent(event("Event", "QueueCallerJoin", "Queue", "desk-appliance", "Uniqueid", "1.2"));
        clock.advance(Duration.ofSeconds(3));
        states.onEvent(event("Event", "QueueCallerLeave", "Queue", "desk-appliance", "Uniqueid", "1.1"));
        states.onEvent(event("Event", "AgentConnect", "Queue", "desk-appliance", "Interface", "PJSIP/2101", "HoldTime", "15"));
        states.onEvent(event("Event", "AgentComplete", "Queue", "desk-appliance", "Interface", "PJSIP/2101", "TalkTime", "9"));
        states.onEvent(event("Event", "QueueMemberAdded", "Queue", "desk-digital", "Interface", "PJSIP/2201", "Paused", "0"));
        states.onEvent(event("Event", "AgentConnect", "Queue", "desk-digital", "Interface", "PJSIP/2201", "HoldTime", "21"));

        AgentStateTracker.DeskLive appliance = states.tracker().live().get(0);
        assertEquals("appliance", appliance.deskId());
        assertEquals(1, appliance.waiting());
        assertEquals(3, appliance.longestWaitSeconds());
        assertEquals(List.of("2101"), appliance.agents().get(AgentState.AVAILABLE), "wrap-up 0 s on the IT desks");
        assertEquals(List.of("2102"), appliance.agents().get(AgentState.PAUSED));
        assertEquals(Map.of("2102", "break"), appliance.pauseReasons());
        assertEquals(100.0, appliance.serviceLevelPercent());
        AgentStateTracker.DeskLive digital = states.tracker().live().stream().filter(d -> d.deskId().equals("digital")).findFirst()
                .orElseThrow();
        assertEquals(0.0, digital.serviceLevelPercent(), "21 s > 20 s target");
        assertEquals(List.of("2202"), digital.agents().get(AgentState.LOGGED_OUT));
        assertEquals(List.of("2201"), digital.agents().get(AgentState.ON_CALL));

        String json = new String(states.live().body(), java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(json.startsWith("{\"at\":\"2026-11-23T01:00:15Z\",\"desks\":[{\"desk\":\"appliance\",\"queue\":\"desk-appliance\","
                + "\"waiting\":1,\"longestWaitSeconds\":3,\"agents\":{\"LOGGED_OUT\":[],\"AVAILABLE\":[\"2101\"],\"ON_CALL\":[],"
                + "\"WRAP_UP\":[],\"PAUSED\":[\"2102\"]},\"pauseReasons\":{\"2102\":\"break\"},\"serviceLevel\":{\"targetSeconds\":20,"
                + "\"answered\":1,\"answeredWithinTarget\":1,\"percent\":100.0}}"), json);
        assertTrue(json.contains("\"percent\":null"), "desk general answered nothing: " + json);
    }

    @Test
    void wrapUpShowsAfterACallForTheDesksWrapUpSeconds() throws Exception {
        config = ConfigLoader.load(Path.of("../conf"), Map.of());
        AgentStateTracker t = new AgentStateTracker(clock, () -> config, 20, history::add);
        String desk = config.desks().values().iterator().next().id();
        String queue = config.desks().get(desk).queueName();
        int wrap = config.desks().get(desk).wrapUpSeconds();
        assertTrue(wrap > 1, "shipped desks have a wrap-up");
        t.memberAdded(queue, "1001", false, null);
        t.callConnected(queue, "1001", 3);
        t.callCompleted(queue, "1001");
        clock.advance(Duration.ofSeconds(wrap - 1));
        assertTrue(t.live().stream().filter(d -> d.queue().equals(queue)).findFirst().orElseThrow()
                .agents().get(AgentState.WRAP_UP).contains("1001"));
        clock.advance(Duration.ofSeconds(1));
        assertTrue(t.live().stream().filter(d -> d.queue().equals(queue)).findFirst().orElseThrow()
                .agents().get(AgentState.AVAILABLE).contains("1001"));
    }

    @Test
    void serviceLevelCountsRestartAtLocalMidnight() {
        AgentStateTracker t = new AgentStateTracker(clock, () -> config, 20, history::add);
        t.callConnected("desk-appliance", "2101", 5);
        assertEquals(1, t.live().get(0).answeredToday());
        clock.advance(Duration.ofHours(23)); // 01:00Z = 10:00 Seoul; +23 h = next day 09:00 Seoul
        assertEquals(0, t.live().get(0).answeredToday());
    }
}
