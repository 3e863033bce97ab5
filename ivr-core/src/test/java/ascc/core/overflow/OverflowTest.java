package ascc.core.overflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ascc.core.agents.AgentStateTracker;
import ascc.testsupport.time.ManualClock;
import ascc.core.ami.AmiAction;
import ascc.core.ami.AmiEvent;
import ascc.core.ami.AmiException;
import ascc.core.ami.AmiFailure;
import ascc.core.ami.AmiMessage;
import ascc.routing.config.CenterConfig;
import ascc.core.config.yaml.ConfigLoader;
import ascc.routing.config.OverflowConfig;
import ascc.routing.config.OverflowConfig.Step;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class OverflowTest {
    private final ManualClock clock = new ManualClock(Instant.parse("2026-11-23T01:00:00Z"));
    private final FakeAmi ami = new FakeAmi();
    private final List<Overflow.Taken> taken = new ArrayList<>();
    private final List<Overflow.Accepted> accepted = new ArrayList<>();
    private final Map<String, Instant> holders = new HashMap<>();
    private final List<String> moved = new ArrayList<>();
    private CenterConfig config;
    private AgentStateTracker tracker;

    /** Records AMI actions, answered at once; knows queue members; Getvar CC_COMPANY answers {@link #company}; a hung-up channel fails. */
    static final class FakeAmi implements Overflow.Sender {
        final List<AmiAction> sent = new ArrayList<>();
        final Set<String> members = new HashSet<>();
        final Set<String> gone = new HashSet<>();
        String company = "alpha";

        @Override
        public CompletableFuture<AmiMessage> send(AmiAction a) {
            sent.add(a);
            if (a.get("Channel") != null && gone.contains(a.get("Channel"))) {
                return CompletableFuture.failedFuture(new AmiException(AmiFailure.fatal("Channel specified does not exist"),
                        AmiMessage.of("Response", "Error")));
            }
            switch (a.name()) {
                case "QueueAdd" -> members.add(a.get("Queue") + "|" + a.get("Interface"));
                case "QueueRemove" -> members.remove(a.get("Queue") + "|" + a.get("Interface"));
                case "Getvar" -> {
                    return CompletableFuture.completedFuture(AmiMessage.of("Response", "Success", "Variable", a.get("Variable"),
                            "Value", company == null ? "" : company));
                }
                default -> {
                    // recorded only
                }
            }
            return CompletableFuture.completedFuture(AmiMessage.of("Response", "Success"));
        }

        List<AmiAction> named(String name) {
            return sent.stream().filter(a -> a.name().equals(name)).toList();
        }
    }

    @BeforeEach
    void setUp() throws Exception {
        config = ConfigLoader.load(Path.of("src/test/resources/it-conf"), Map.of());
        tracker = new AgentStateTracker(clock, () -> config, 20, i -> { });
        tracker.memberAdded("desk-appliance", "2101", false, null);
        tracker.memberAdded("desk-appliance", "2102", false, null);
    }

    private Overflow overflow(OverflowConfig cfg) {
        return new Overflow(cfg, () -> config, tracker, ami, clock, taken::add, new Overflow.Callbacks() {
            @Override
            public void accepted(Overflow.Accepted a) {
                accepted.add(a);
            }

            @Override
            public Instant placeholderJoined(String exten) {
                return holders.get(exten);
            }

            @Override
            public void moved(String linkedId, OverflowConfig.Action action) {
                moved.add(linkedId + " " + action.describe());
            }
        });
    }

    private static OverflowConfig cfg(Map<String, Integer> start, Step... steps) {
        return new OverflowConfig(Map.of("appliance", List.of(steps)), start, OverflowConfig.CallbackRules.DEFAULT,
                "PJSIP/customer-trunk/sip:{number}@127.0.0.1:5090");
    }

    private void join(Overflow o, String uniqueId, String channel, String number) {
        tracker.callerJoined("desk-appliance", uniqueId);
        o.onEvent(event("QueueCallerJoin", "Queue", "desk-appliance", "Uniqueid", uniqueId, "Linkedid", "L" + uniqueId,
                "Channel", channel, "CallerIDNum", number));
    }

    private AmiEvent event(String... kv) {
        List<String> all = new ArrayList<>(List.of("Event", kv[0]));
        all.addAll(List.of(kv).subList(1, kv.length));
        return new AmiEvent(kv[0], AmiMessage.of(all.toArray(String[]::new)), clock.instant());
    }

    private void busy(String... agents) {
        for (String a : agents) {
            tracker.callConnected("desk-appliance", a, 0);
        }
    }

    @Test
    void callerAlreadyWaitingPastTheTriggerGetsTheBackupDesksAgentsUntilTheQueueDrains() {
        Overflow o = overflow(cfg(Map.of(), Step.afterSecondsAddAgentsOf(30, "digital")));
        join(o, "c1", "PJSIP/anonymous-1", "01055501234");
        clock.advance(Duration.ofSeconds(29));
        o.check();
        assertEquals(0, ami.named("QueueAdd").size(), "29 s: not yet");

        clock.advance(Duration.ofSeconds(1));
        join(o, "c2", "PJSIP/anonymous-2", "01055501235");
        o.check();
        assertTrue(ami.members.containsAll(List.of("desk-appliance|PJSIP/2201", "desk-appliance|PJSIP/2202")), ami.members.toString());
        AmiAction add = ami.named("QueueAdd").stream().filter(a -> "PJSIP/2202".equals(a.get("Interface"))).findFirst().orElseThrow();
        assertEquals("3", add.get("Penalty"), "proficiency 2 on the backup desk");
        assertEquals(List.of("c1"), taken.stream().map(Overflow.Taken::uniqueId).toList(), "only the caller past 30 s");
        assertEquals("Lc1", taken.get(0).linkedId());
        assertEquals(30, taken.get(0).waitedSeconds());
        assertEquals("add-agents-of digital", taken.get(0).action());

        clock.advance(Duration.ofSeconds(30));
        o.check();
        assertEquals(2, ami.named("QueueAdd").size(), "added once");
        assertEquals(List.of("c1", "c2"), taken.stream().map(Overflow.Taken::uniqueId).toList(), "each caller recorded once");

        tracker.callerLeft("desk-appliance", "c1");
        o.check();
        assertEquals(0, ami.named("QueueRemove").size(), "a caller still waits");
        tracker.callerLeft("desk-appliance", "c2");
        o.check();
        assertEquals(2, ami.named("QueueRemove").size());
        assertFalse(ami.members.contains("desk-appliance|PJSIP/2201"));
    }

    @Test
    void aWaitingCallerIsRedirectedToTheCallbackOfferWithTheirPlace() {
        Overflow o = overflow(cfg(Map.of(), new Step(new OverflowConfig.WaitedAtLeast(20), new OverflowConfig.OfferCallback())));
        busy("2101", "2102");
        join(o, "c1", "PJSIP/anonymous-1", "01055501234");
        clock.advance(Duration.ofSeconds(5));
        join(o, "c2", "PJSIP/anonymous-2", "01055501235");
        clock.advance(Duration.ofSeconds(20));
        o.check();
        List<AmiAction> redirects = ami.named("Redirect");
        assertEquals(2, redirects.size(), "both waited 20 s: " + ami.sent);
        assertEquals("PJSIP/anonymous-2", redirects.get(1).get("Channel"));
        assertEquals("ascc-overflow-callback", redirects.get(1).get("Context"));
        AmiAction pos = ami.named("Setvar").stream().filter(a -> "PJSIP/anonymous-2".equals(a.get("Channel"))
                && "CC_OVF_POS".equals(a.get("Variable"))).findFirst().orElseThrow();
        assertEquals("2", pos.get("Value"), "second in the queue");
        assertEquals(List.of("offer-callback", "offer-callback"), taken.stream().map(Overflow.Taken::action).toList());

        // c2 accepts, c1 declines and comes back: the decliner is not offered again, and keeps their first entry time
        tracker.callerLeft("desk-appliance", "c1");
        tracker.callerLeft("desk-appliance", "c2");
        o.onEvent(event("UserEvent", "UserEvent", "ASCCCallbackOffer", "Caller", "c2", "Answer", "accepted"));
        o.onEvent(event("UserEvent", "UserEvent", "ASCCCallbackOffer", "Caller", "c1", "Answer", "declined"));
        assertEquals(1, accepted.size());
        assertEquals(List.of("Lc2 offer-callback"), moved, "only the accepted offer changes the call record");
        Overflow.Accepted a = accepted.get(0);
        assertEquals("01055501235", a.number());
        assertEquals("desk-appliance", a.queue());
        assertEquals(Instant.parse("2026-11-23T01:00:05Z"), a.firstJoined());
        join(o, "c1", "PJSIP/anonymous-1", "01055501234");
        clock.advance(Duration.ofSeconds(60));
        o.check();
        assertEquals(2, ami.named("Redirect").size(), "not offered twice");
        assertEquals(1, o.positionFor("desk-appliance", Instant.parse("2026-11-23T01:00:05Z")) - 1, "c1 (first joined 01:00:00) is ahead");
    }

    @Test
    void placeholdersCountInTheQueueButAreNeverOfferedAgain() {
        Overflow o = overflow(cfg(Map.of(), new Step(new OverflowConfig.WaitedAtLeast(10), new OverflowConfig.OfferCallback())));
        holders.put("1763.5", clock.instant().minusSeconds(100));
        join(o, "h1", "Local/1763.5@ascc-callback-wait-00000001;2", "");
        join(o, "c1", "PJSIP/anonymous-1", "01055501234");
        assertEquals(3, o.positionFor("desk-appliance", clock.instant().plusSeconds(1)));
        assertEquals(1, o.positionFor("desk-appliance", clock.instant().minusSeconds(200)));
        clock.advance(Duration.ofSeconds(10));
        o.check();
        assertEquals(List.of("PJSIP/anonymous-1"), ami.named("Redirect").stream().map(a -> a.get("Channel")).toList());
        assertEquals("1763.5", Overflow.placeholderExten("Local/1763.5@ascc-callback-wait-00000001;2"));
        assertNull(Overflow.placeholderExten("PJSIP/anonymous-1"));
    }

    @Test
    void partnerAndVoicemailStepsRedirectWithTheirTargets() {
        Overflow o = overflow(cfg(Map.of(), new Step(new OverflowConfig.QueueLengthAtLeast(2), new OverflowConfig.Partner("0215550000")),
                new Step(new OverflowConfig.NoAgent(false), new OverflowConfig.Voicemail())));
        join(o, "c1", "PJSIP/anonymous-1", "01055501234");
        join(o, "c2", "PJSIP/anonymous-2", "01055501235");
        o.check();
        assertEquals(List.of("ascc-overflow-partner"), ami.named("Redirect").stream().map(a -> a.get("Context")).toList(),
                "only the second caller makes the queue 2 long; agents are logged in");
        assertTrue(ami.sent.stream().anyMatch(a -> "CC_OVF_DIAL".equals(a.get("Variable"))
                && "PJSIP/customer-trunk/sip:0215550000@127.0.0.1:5090".equals(a.get("Value"))), ami.sent.toString());

        tracker.memberRemoved("desk-appliance", "2101");
        tracker.memberRemoved("desk-appliance", "2102");
        o.check();
        AmiAction vm = ami.named("Redirect").get(1);
        assertEquals("PJSIP/anonymous-1", vm.get("Channel"));
        assertEquals("ascc-overflow-voicemail", vm.get("Context"));
        assertTrue(ami.sent.stream().anyMatch(a -> "CC_MAILBOX".equals(a.get("Variable")) && "701@ascc".equals(a.get("Value"))));
        assertEquals(List.of("partner 0215550000", "voicemail company"), taken.stream().map(Overflow.Taken::action).toList());
        assertEquals(List.of("Lc2 partner 0215550000", "Lc1 voicemail company"), moved, "told for the call records");
    }

    @Test
    void aMoveThatFailsIsNotRecordedAndNotRetriedEverySecond() {
        Overflow o = overflow(cfg(Map.of(), new Step(new OverflowConfig.NoAgent(true), new OverflowConfig.Voicemail())));
        busy("2101", "2102");
        ami.company = null;
        join(o, "c1", "PJSIP/anonymous-1", "01055501234");
        join(o, "c2", "PJSIP/gone", "01055501235");
        ami.gone.add("PJSIP/gone");
        o.check();
        o.check();
        assertEquals(List.of(), taken, "no company box, channel gone: nothing taken");
        assertEquals(0, ami.named("Redirect").size());
        assertEquals(2, ami.named("Getvar").size(), "tried once per caller");
    }

    @Test
    void widenLowersTheDesksLowerProficiencyMembersToTheAllowedPenaltyAndRestoresThem() {
        Overflow o = overflow(cfg(Map.of("appliance", 3), new Step(new OverflowConfig.WaitedAtLeast(10), new OverflowConfig.Widen(1))));
        o.putMaxPenalties();
        assertEquals("ascc-maxpen", ami.named("DBDelTree").get(0).get("Family"), "cleared first");
        AmiAction put = ami.named("DBPut").get(0);
        assertEquals("ascc-maxpen", put.get("Family"));
        assertEquals("desk-appliance", put.get("Key"));
        assertEquals("2", put.get("Val"), "proficiency 3 and better first");

        join(o, "c1", "PJSIP/anonymous-1", "01055501234");
        clock.advance(Duration.ofSeconds(10));
        o.check();
        List<AmiAction> pen = ami.named("QueuePenalty");
        assertEquals(1, pen.size(), "only 2102 (proficiency 2) is below the start: " + pen);
        assertEquals("PJSIP/2102", pen.get(0).get("Interface"));
        assertEquals("2", pen.get(0).get("Penalty"));
        tracker.callerLeft("desk-appliance", "c1");
        o.check();
        assertEquals("3", ami.named("QueuePenalty").get(1).get("Penalty"), "restored to 5 - 2");
    }

    @Test
    void estimatedWaitUsesHandleTimesFromAgentComplete() {
        Overflow o = overflow(cfg(Map.of(), new Step(new OverflowConfig.EstimatedWaitAtLeast(60), new OverflowConfig.OfferCallback())));
        join(o, "c1", "PJSIP/anonymous-1", "01055501234");
        o.check();
        assertEquals(0, ami.named("Redirect").size(), "no handle time known yet");
        o.onEvent(event("AgentComplete", "Queue", "desk-appliance", "TalkTime", "130"));
        o.check();
        assertEquals(1, ami.named("Redirect").size(), "130 s per call / 2 staffed agents = 65 s for position 1");
    }

    @Test
    void callersGoneWithoutAHangUpEventAreForgottenAfterFourHours() {
        Overflow o = overflow(cfg(Map.of(), new Step(new OverflowConfig.WaitedAtLeast(60), new OverflowConfig.OfferCallback())));
        join(o, "c1", "PJSIP/anonymous-1", "01055501234");
        tracker.callerLeft("desk-appliance", "c1"); // answered; the Hangup event was lost in an AMI reconnect
        clock.advance(Duration.ofHours(4).plusSeconds(1));
        o.check();
        join(o, "c1", "PJSIP/anonymous-1", "01055501234"); // the id seen again: a new caller, waiting from now
        o.check();
        assertEquals(0, ami.named("Redirect").size(), "not offered for the 4 h of the forgotten entry");
        clock.advance(Duration.ofSeconds(60));
        o.check();
        assertEquals(1, ami.named("Redirect").size());
    }

    @Test
    void aHangUpForgetsTheCaller() {
        Overflow o = overflow(cfg(Map.of(), new Step(new OverflowConfig.WaitedAtLeast(0), new OverflowConfig.OfferCallback())));
        join(o, "c1", "PJSIP/anonymous-1", "01055501234");
        o.check();
        o.onEvent(event("Hangup", "Uniqueid", "c1"));
        o.onEvent(event("UserEvent", "UserEvent", "ASCCCallbackOffer", "Caller", "c1", "Answer", "accepted"));
        assertEquals(List.of(), accepted, "an answer after the hang-up is ignored");
    }
}
