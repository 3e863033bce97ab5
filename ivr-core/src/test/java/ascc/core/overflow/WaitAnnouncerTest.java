package ascc.core.overflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ascc.core.agents.AgentStateTracker;
import ascc.core.ami.AmiAction;
import ascc.core.ami.AmiEvent;
import ascc.core.ami.AmiMessage;
import ascc.core.config.yaml.ConfigLoader;
import ascc.routing.config.CenterConfig;
import ascc.routing.config.OverflowConfig;
import ascc.routing.config.WaitingRules;
import ascc.routing.config.WebCallbacks;
import ascc.testsupport.time.ManualClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Wait announcements driven by overflow's check: who hears what, when, and how it is played (ChanSpy whisper). */
class WaitAnnouncerTest {
    private final ManualClock clock = new ManualClock(Instant.parse("2026-11-23T01:00:00Z"));
    private final OverflowTest.FakeAmi ami = new OverflowTest.FakeAmi();
    private CenterConfig config;
    private AgentStateTracker tracker;
    private final java.util.Map<String, Instant> holders = new java.util.HashMap<>();

    @BeforeEach
    void setUp() throws Exception {
        config = ConfigLoader.load(Path.of("src/test/resources/it-conf"), Map.of());
        tracker = new AgentStateTracker(clock, () -> config, 20, i -> { });
        tracker.memberAdded("desk-appliance", "2101", false, null);
        tracker.memberAdded("desk-appliance", "2102", false, null);
        tracker.callConnected("desk-appliance", "2101", 0);
        tracker.callConnected("desk-appliance", "2102", 0);
    }

    private Overflow overflow(WaitingRules waiting) {
        OverflowConfig cfg = new OverflowConfig(Map.of(), Map.of(), OverflowConfig.CallbackRules.DEFAULT, "", waiting, WebCallbacks.NONE);
        return new Overflow(cfg, () -> config, tracker, ami, clock, t -> { }, new Overflow.Callbacks() {
            @Override
            public void accepted(Overflow.Accepted a) {
            }

            @Override
            public Instant placeholderJoined(String exten) {
                return holders.get(exten);
            }
        });
    }

    private void join(Overflow o, String uniqueId, String channel) {
        tracker.callerJoined("desk-appliance", uniqueId);
        o.onEvent(new AmiEvent("QueueCallerJoin", AmiMessage.of("Event", "QueueCallerJoin", "Queue", "desk-appliance", "Uniqueid",
                uniqueId, "Linkedid", uniqueId, "Channel", channel, "CallerIDNum", "01055501234"), clock.instant()));
    }

    private void played(Overflow o, String uniqueId) {
        o.onEvent(new AmiEvent("UserEvent", AmiMessage.of("Event", "UserEvent", "UserEvent", "ASCCWaitAnnounce", "Caller", uniqueId,
                "Status", "SUCCESS"), clock.instant()));
    }

    private List<AmiAction> originates() {
        return ami.named("Originate");
    }

    @Test
    void eachCallerHearsPositionAndEstimateAtEntryAndEveryIntervalWhisperedWithoutLeavingTheQueue() {
        Overflow o = overflow(new WaitingRules(new WaitingRules.Settings(true, 30, 120, true), Map.of()));
        join(o, "1.1", "PJSIP/anonymous-00000001");
        join(o, "1.2", "PJSIP/anonymous-00000002");
        o.check();
        assertEquals(2, originates().size(), "both callers at entry");
        AmiAction first = originates().get(0);
        assertEquals("Local/1.1@ascc-wait-say/n", first.get("Channel"));
        assertEquals("ChanSpy", first.get("Application"));
        assertEquals("PJSIP/anonymous-00000001,qwE", first.get("Data"));
        // 2 staffed, both busy, 120 s default handle (it-conf appliance: no wrap-up): first (1 - 1/2) * 120 / 2 = 30 s -> 1 min
        List<String> vars = first.fields().stream().filter(f -> f.key().equals("Variable")).map(f -> f.value()).toList();
        assertTrue(vars.contains("CC_WAIT_FILES=queue-youarenext&queue-holdtime&digits/1&queue-minute"), vars::toString);
        assertTrue(vars.contains("CC_WAIT_FOR=1.1"), vars::toString);
        List<String> second = originates().get(1).fields().stream().filter(f -> f.key().equals("Variable")).map(f -> f.value()).toList();
        // position 2: (2 - 1/2) * 120 / 2 = 90 s -> 2 min
        assertTrue(second.contains("CC_WAIT_FILES=queue-thereare&digits/2&queue-callswaiting&queue-holdtime&digits/2&queue-minutes"),
                second::toString);

        clock.advance(Duration.ofSeconds(29));
        o.check();
        assertEquals(2, originates().size(), "not before the interval");
        clock.advance(Duration.ofSeconds(1));
        played(o, "1.1");
        o.check();
        assertEquals(3, originates().size(), "again after 30 s, once the last one ended; 1.2's is still playing: never two at once");
        clock.advance(Duration.ofSeconds(60));
        o.check();
        assertEquals(5, originates().size(), "an announcement whose end was not heard counts as over after 60 s");
    }

    @Test
    void placeHoldersAndDesksSwitchedOffHearNothingAndAnAgentAnsweringCutsAnAnnouncement() {
        Overflow o = overflow(new WaitingRules(new WaitingRules.Settings(true, 0, 120, true),
                Map.of("digital", new WaitingRules.Settings(false, 0, 120, false))));
        holders.put("7.7", clock.instant());
        join(o, "7.8", "Local/7.7@ascc-callback-wait-00000001;2");
        join(o, "1.1", "PJSIP/anonymous-00000001");
        o.check();
        assertEquals(1, originates().size(), "the place holder hears nothing");
        clock.advance(Duration.ofSeconds(600));
        o.check();
        assertEquals(1, originates().size(), "announce-every-seconds 0: only at entry");

        o.onEvent(new AmiEvent("AgentConnect", AmiMessage.of("Event", "AgentConnect", "Uniqueid", "1.1", "Queue", "desk-appliance"),
                clock.instant()));
        AmiAction hangup = ami.named("Hangup").get(0);
        assertEquals("/^Local/1\\.1@ascc-wait-say-/", hangup.get("Channel"));
    }
}
