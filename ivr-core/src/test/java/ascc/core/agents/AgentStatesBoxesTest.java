package ascc.core.agents;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ascc.agi.flows.AgentControl.Result;
import ascc.core.agents.AgentStatesTest.FakeAsteriskQueues;
import ascc.core.ami.AmiAction;
import ascc.core.ami.AmiEvent;
import ascc.core.ami.AmiMessage;
import ascc.core.config.yaml.ConfigLoader;
import ascc.routing.config.AgentStatesConfig;
import ascc.routing.config.CenterConfig;
import ascc.testsupport.time.ManualClock;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Agent states over two Asterisk boxes (engine.yaml boxes a and b), each a fake Asterisk keeping its own queue members. */
class AgentStatesBoxesTest {
    private static final Instant T0 = Instant.parse("2026-11-23T01:00:00Z");

    private final FakeAsteriskQueues boxA = new FakeAsteriskQueues();
    private final FakeAsteriskQueues boxB = new FakeAsteriskQueues();
    private final ManualClock clock = new ManualClock(T0);
    private CenterConfig config;
    private AgentStates states;

    @BeforeEach
    void setUp() throws Exception {
        config = ConfigLoader.load(Path.of("src/test/resources/it-conf"), Map.of());
        Map<String, AgentStates.Ami> boxes = new LinkedHashMap<>();
        boxes.put("a", boxA);
        boxes.put("b", boxB);
        states = new AgentStates(boxes, () -> config, AgentStatesConfig.defaults(), null, clock);
        states.resync("a");
        states.resync("b");
    }

    private static AmiEvent on(String box, String... kv) {
        AmiMessage m = AmiMessage.of(kv);
        return new AmiEvent(m.get("Event"), m, T0, box);
    }

    private static List<String> paused(FakeAsteriskQueues box) {
        return box.sent.stream().filter(a -> a.name().equals("QueuePause")).map(a -> a.get("Interface") + " " + a.get("Paused")).toList();
    }

    @Test
    void eachBoxsQueuesAreAutoLoggedInOnThatBoxsOwnLink() {
        assertTrue(boxA.members.containsAll(Set.of("desk-appliance|2101", "desk-appliance|2102")), boxA.members.toString());
        assertTrue(boxB.members.containsAll(Set.of("desk-appliance|2101", "desk-appliance|2102")), boxB.members.toString());
        assertEquals(1, boxA.count("QueueStatus"));
        assertEquals(1, boxB.count("QueueStatus"), "each box re-read on its own link");
    }

    @Test
    void anAgentRegisteredOnBoxBIsPausedAndUnpausedThroughBoxBsLinkOnly() {
        states.onEvent(on("b", "Event", "ContactStatus", "AOR", "2102", "ContactStatus", "Created", "URI", "sip:2102@10.77.0.1"));
        assertEquals("b", states.tracker().boxOf("2102"));
        assertEquals("a", states.tracker().boxOf("2101"), "not registered anywhere known: the first box");

        assertEquals(Result.OK, states.pause("2102", 1, "break"));
        assertEquals(List.of("PJSIP/2102 true"), paused(boxB));
        assertEquals(List.of(), paused(boxA), "box a never hears of 2102's pause");
        assertEquals(AgentState.PAUSED, states.tracker().state("2102"));

        assertEquals(Result.OK, states.unpause("2102"));
        assertEquals(List.of("PJSIP/2102 true", "PJSIP/2102 false"), paused(boxB));
        assertEquals(AgentState.AVAILABLE, states.tracker().state("2102"));

        assertEquals(Result.OK, states.pause("2101", 1, "break"));
        assertEquals(List.of("PJSIP/2101 true"), paused(boxA), "2101's box is the first");
    }

    @Test
    void anAgentsStateIsReadFromTheBoxItsPhoneIsRegisteredOn() {
        // box b's queue says 2102 is paused (its device in use there: registered); box a still has it unpaused, unavailable
        states.onEvent(on("a", "Event", "QueueMemberStatus", "Queue", "desk-appliance", "Interface", "PJSIP/2102", "Paused", "0",
                "Status", "5"));
        states.onEvent(on("b", "Event", "QueueMemberStatus", "Queue", "desk-appliance", "Interface", "PJSIP/2102", "Paused", "1",
                "PausedReason", "lunch", "Status", "1"));
        assertEquals("b", states.tracker().boxOf("2102"));
        assertEquals(AgentState.PAUSED, states.tracker().state("2102"));
        assertEquals("lunch", states.tracker().pauseReason("2102"));

        // its phone leaves box b: read from the first box again
        states.onEvent(on("b", "Event", "ContactStatus", "AOR", "2102", "ContactStatus", "Removed"));
        assertEquals("a", states.tracker().boxOf("2102"));
        assertEquals(AgentState.AVAILABLE, states.tracker().state("2102"));

        // a device state change says where it is too
        states.onEvent(on("b", "Event", "DeviceStateChange", "Device", "PJSIP/2102", "State", "NOT_INUSE"));
        assertEquals("b", states.tracker().boxOf("2102"));
    }

    @Test
    void logoutAndLoginGoToTheAgentsBoxAndOneBoxsResyncKeepsTheOtherBoxsCallersAndMembers() {
        states.onEvent(on("b", "Event", "ContactStatus", "AOR", "2102", "ContactStatus", "Reachable"));
        assertEquals(Result.OK, states.logout("2102"));
        assertTrue(boxB.sent.stream().anyMatch(a -> a.name().equals("QueueRemove") && "PJSIP/2102".equals(a.get("Interface"))));
        assertTrue(boxA.sent.stream().noneMatch(a -> a.name().equals("QueueRemove")), "box a untouched");
        assertEquals(AgentState.LOGGED_OUT, states.tracker().state("2102"));
        assertEquals(Result.OK, states.login("2102"));
        assertTrue(boxB.members.contains("desk-appliance|2102"));
        long addsOnA = boxA.count("QueueAdd");

        states.onEvent(on("b", "Event", "QueueCallerJoin", "Queue", "desk-appliance", "Uniqueid", "b-1.7", "Channel", "PJSIP/x-1"));
        states.onEvent(on("a", "Event", "QueueCallerJoin", "Queue", "desk-appliance", "Uniqueid", "a-1.8", "Channel", "PJSIP/x-2"));
        assertEquals("b", states.tracker().boxOfCaller("b-1.7"));
        states.resync("a"); // box a's QueueStatus lists its caller 99.1 only
        List<String> waiting = states.tracker().waitingIn("desk-appliance").stream().map(Map.Entry::getKey).sorted().toList();
        assertEquals(List.of("99.1", "b-1.7"), waiting, "box a's own callers replaced, box b's kept");
        assertEquals(AgentState.AVAILABLE, states.tracker().state("2102"), "box b's membership kept by box a's resync");
        assertEquals(addsOnA, boxA.count("QueueAdd"), "box a's members were all there: nothing added");
        AmiAction status = boxA.sent.get(boxA.sent.size() - 1);
        assertEquals("QueueStatus", status.name());
    }

    @Test
    void peakStaffingsMemberActionsGoToTheAgentsBoxAndItsListIsReadFromEveryBox() throws Exception {
        states.onEvent(on("b", "Event", "ContactStatus", "AOR", "2202", "ContactStatus", "Created"));
        long beforeA = boxA.count("QueueAdd");
        long beforeB = boxB.count("QueueAdd");
        states.byAgent().send(AmiAction.of("QueueAdd").with("Queue", "desk-appliance").with("Interface", "PJSIP/2202")).get();
        assertEquals(beforeB + 1, boxB.count("QueueAdd"), "2202's phone is on box b");
        assertEquals(beforeA, boxA.count("QueueAdd"), "nothing to box a");
        List<AmiMessage> both = states.byAgent().sendForList(AmiAction.of("QueueStatus"), "QueueStatusComplete").get();
        long entries = both.stream().filter(m -> "QueueEntry".equals(m.eventName())).count();
        assertEquals(2, entries, "each box's QueueStatus, joined");
    }
}
