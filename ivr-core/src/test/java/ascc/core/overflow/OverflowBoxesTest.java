package ascc.core.overflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ascc.core.agents.AgentStateTracker;
import ascc.core.ami.AmiAction;
import ascc.core.ami.AmiEvent;
import ascc.core.ami.AmiMessage;
import ascc.core.config.yaml.ConfigLoader;
import ascc.core.overflow.OverflowTest.FakeAmi;
import ascc.routing.config.CenterConfig;
import ascc.routing.config.OverflowConfig;
import ascc.routing.config.OverflowConfig.Step;
import ascc.routing.config.WaitingRules;
import ascc.routing.config.WebCallbacks;
import ascc.testsupport.time.ManualClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Overflow over two Asterisk boxes: each waiting caller's actions reach the link of the box its channel is on, each
 * agent's membership step the box its phone is registered on, the AstDB max penalties every box.
 */
class OverflowBoxesTest {
    private final ManualClock clock = new ManualClock(Instant.parse("2026-11-23T01:00:00Z"));
    private final FakeAmi boxA = new FakeAmi();
    private final FakeAmi boxB = new FakeAmi();
    private final List<Overflow.Taken> taken = new ArrayList<>();
    private CenterConfig config;
    private AgentStateTracker tracker;

    /** Channels and unique ids of box b start with "b-" (as AmiLinks learns from box b's Newchannel events). */
    private final OverflowLinks links = new OverflowLinks() {
        @Override
        public Overflow.Sender forChannel(String channel) {
            return channel != null && (channel.startsWith("b-") || channel.startsWith("PJSIP/b-")) ? boxB : boxA;
        }

        @Override
        public Overflow.Sender forBox(String box) {
            return "b".equals(box) ? boxB : boxA;
        }

        @Override
        public List<Overflow.Sender> every() {
            return List.of(boxA, boxB);
        }
    };

    @BeforeEach
    void setUp() throws Exception {
        config = ConfigLoader.load(Path.of("src/test/resources/it-conf"), Map.of());
        tracker = new AgentStateTracker(clock, () -> config, 20, i -> { }, "a");
        tracker.memberAdded("a", "desk-appliance", "2101", false, null);
        tracker.memberAdded("a", "desk-appliance", "2102", false, null);
    }

    private Overflow overflow(OverflowConfig cfg) {
        return new Overflow(() -> cfg, () -> config, tracker, links, clock, OverflowSteps.recording(taken::add), new Overflow.Callbacks() {
            @Override
            public void accepted(Overflow.Accepted a) {
            }

            @Override
            public Instant placeholderJoined(String exten) {
                return null;
            }
        }, Runnable::run, Runnable::run);
    }

    private static OverflowConfig cfg(Map<String, Integer> start, WaitingRules waiting, Step... steps) {
        return new OverflowConfig(Map.of("appliance", List.of(steps)), start, OverflowConfig.CallbackRules.DEFAULT,
                "PJSIP/customer-trunk/sip:{number}@127.0.0.1:5090", waiting, WebCallbacks.NONE);
    }

    private void join(Overflow o, String box, String uniqueId, String channel) {
        tracker.callerJoined(box, "desk-appliance", uniqueId);
        AmiMessage m = AmiMessage.of("Event", "QueueCallerJoin", "Queue", "desk-appliance", "Uniqueid", uniqueId,
                "Linkedid", "L" + uniqueId, "Channel", channel, "CallerIDNum", "01055501234");
        o.onEvent(new AmiEvent("QueueCallerJoin", m, clock.instant(), box));
    }

    private static List<String> channels(FakeAmi box, String action) {
        return box.named(action).stream().map(a -> a.get("Channel")).distinct().toList();
    }

    @Test
    void aCallerWaitingOnBoxBIsMovedThroughBoxBsLinkAndACallerOnBoxAThroughBoxAs() {
        tracker.callConnected("a", "desk-appliance", "2101", 0);
        tracker.callConnected("a", "desk-appliance", "2102", 0);
        Overflow o = overflow(cfg(Map.of(), WaitingRules.NONE, new Step(new OverflowConfig.WaitedAtLeast(20),
                new OverflowConfig.OfferCallback())));
        join(o, "a", "a-1.1", "PJSIP/anonymous-1");
        join(o, "b", "b-1.2", "PJSIP/b-anonymous-2");
        clock.advance(Duration.ofSeconds(20));
        o.check();
        assertEquals(List.of("PJSIP/b-anonymous-2"), channels(boxB, "Redirect"), "box b: " + boxB.sent);
        assertEquals(List.of("PJSIP/b-anonymous-2"), channels(boxB, "Setvar"));
        assertEquals(List.of("PJSIP/anonymous-1"), channels(boxA, "Redirect"), "box a: " + boxA.sent);
        assertEquals(List.of("PJSIP/anonymous-1"), channels(boxA, "Setvar"));
        assertEquals(2, taken.size());
    }

    @Test
    void aSupervisorsMoveOfABoxBCallerGoesToBoxB() throws Exception {
        Overflow o = overflow(cfg(Map.of(), WaitingRules.NONE));
        join(o, "b", "b-1.2", "PJSIP/b-anonymous-2");
        o.redirect("b-1.2", Map.of("CC_DESK", "digital"), "ascc-move", "s", "1",
                new Overflow.Taken("b-1.2", "Lb-1.2", "appliance", 0, "move digital", 0, clock.instant())).get();
        assertEquals(List.of("PJSIP/b-anonymous-2"), channels(boxB, "Redirect"));
        assertEquals(List.of(), boxA.sent, "nothing on box a");
    }

    @Test
    void aBackupAgentIsAddedOnTheBoxItsPhoneIsRegisteredOn() {
        tracker.registered("b", "2201", true);
        Overflow o = overflow(cfg(Map.of(), WaitingRules.NONE, Step.afterSecondsAddAgentsOf(30, "digital")));
        join(o, "b", "b-1.2", "PJSIP/b-anonymous-2");
        clock.advance(Duration.ofSeconds(30));
        o.check();
        assertEquals(List.of("PJSIP/2201"), boxB.named("QueueAdd").stream().map(a -> a.get("Interface")).toList());
        assertEquals(List.of("PJSIP/2202"), boxA.named("QueueAdd").stream().map(a -> a.get("Interface")).toList(),
                "2202's phone's box is not known: the first box");
        assertTrue(tracker.membersOf("desk-appliance").contains("2201"), "2201 is a member on its own box");

        tracker.callerLeft("desk-appliance", "b-1.2");
        o.check();
        assertEquals(List.of("PJSIP/2201"), boxB.named("QueueRemove").stream().map(a -> a.get("Interface")).toList(),
                "undone where it was done");
    }

    @Test
    void maxPenaltiesArePutOnEveryBoxAndWaitAnnouncementsOnTheCallersBox() {
        Overflow o = overflow(cfg(Map.of("appliance", 3), new WaitingRules(new WaitingRules.Settings(true, 30, 120, true), Map.of())));
        o.putMaxPenalties();
        assertEquals(1, boxA.named("DBPut").size());
        assertEquals(1, boxB.named("DBPut").size());

        join(o, "b", "b-1.2", "PJSIP/b-anonymous-2");
        o.check();
        List<AmiAction> originates = boxB.named("Originate");
        assertEquals(1, originates.size(), "box b: " + boxB.sent);
        assertTrue(originates.get(0).get("Data").startsWith("PJSIP/b-anonymous-2"), originates.get(0).toString());
        assertEquals(0, boxA.named("Originate").size());
        o.onEvent(new AmiEvent("AgentConnect", AmiMessage.of("Event", "AgentConnect", "Queue", "desk-appliance", "Uniqueid", "b-1.2",
                "Interface", "PJSIP/2101"), clock.instant(), "b"));
        assertEquals(1, boxB.named("Hangup").size(), "the announcement is hung up on box b");
        assertEquals(0, boxA.named("Hangup").size());
    }
}
