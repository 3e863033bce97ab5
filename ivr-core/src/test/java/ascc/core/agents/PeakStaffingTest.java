package ascc.core.agents;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ascc.testsupport.time.ManualClock;
import ascc.core.ami.AmiAction;
import ascc.core.ami.AmiException;
import ascc.core.ami.AmiFailure;
import ascc.core.ami.AmiMessage;
import ascc.routing.config.CenterConfig;
import ascc.core.config.yaml.ConfigLoader;
import ascc.routing.config.StaffingConfig;
import ascc.routing.config.TimeRange;
import ascc.routing.config.WeeklyHours;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Peak staffing against a fake Asterisk that keeps queue members with their names, on a clock moved by hand. */
class PeakStaffingTest {
    /** 09:59:58 in Seoul (the IT config's time zone) on Monday 2026-11-23. */
    private static final Instant BEFORE_PEAK = Instant.parse("2026-11-23T00:59:58Z");

    /** Queue members as app_queue keeps them: "queue|agent" to member name; actions sent. */
    static final class FakeQueues implements AgentStates.Ami {
        final Map<String, String> members = new TreeMap<>();
        final Set<String> paused = new HashSet<>();
        final List<AmiAction> sent = new ArrayList<>();

        @Override
        public CompletableFuture<AmiMessage> send(AmiAction a) {
            sent.add(a);
            String key = a.get("Queue") + "|" + a.get("Interface").substring("PJSIP/".length());
            return switch (a.name()) {
                case "QueueAdd" -> {
                    if (members.containsKey(key)) {
                        yield error("Unable to add interface: Already there");
                    }
                    members.put(key, a.get("MemberName"));
                    if ("true".equals(a.get("Paused"))) {
                        paused.add(key);
                    }
                    yield CompletableFuture.completedFuture(AmiMessage.of("Response", "Success"));
                }
                case "QueueRemove" -> members.remove(key) != null ? CompletableFuture.completedFuture(AmiMessage.of("Response", "Success"))
                        : error("Unable to remove interface: Not there");
                default -> error("unexpected " + a.name());
            };
        }

        @Override
        public CompletableFuture<List<AmiMessage>> sendForList(AmiAction a, String complete) {
            sent.add(a);
            List<AmiMessage> out = new ArrayList<>();
            members.forEach((k, name) -> out.add(AmiMessage.of("Event", "QueueMember", "Queue", k.split("\\|")[0], "Name", name,
                    "Location", "PJSIP/" + k.split("\\|")[1], "Paused", "0")));
            out.add(AmiMessage.of("Event", "QueueStatusComplete"));
            return CompletableFuture.completedFuture(out);
        }

        private static CompletableFuture<AmiMessage> error(String message) {
            return CompletableFuture.failedFuture(new AmiException(AmiFailure.fatal(message),
                    AmiMessage.of("Response", "Error", "Message", message)));
        }
    }

    private final FakeQueues asterisk = new FakeQueues();
    private final ManualClock clock = new ManualClock(BEFORE_PEAK);
    private final Set<String> loggedOutByPhone = new HashSet<>();
    private CenterConfig config;
    private AgentStateTracker tracker;
    private StaffingConfig plan;

    @BeforeEach
    void setUp() throws Exception {
        config = ConfigLoader.load(Path.of("src/test/resources/it-conf"), Map.of());
        tracker = new AgentStateTracker(clock, () -> config, 20, i -> { });
        Map<DayOfWeek, List<TimeRange>> week = new EnumMap<>(DayOfWeek.class);
        week.put(DayOfWeek.MONDAY, List.of(new TimeRange(LocalTime.of(10, 0), LocalTime.of(10, 1))));
        plan = new StaffingConfig(List.of(new StaffingConfig.Schedule("monday peak", "appliance", List.of("2201", "2202"),
                new WeeklyHours(week), 1, false)));
    }

    /** Holds every answer of {@link FakeQueues} until released: Asterisk answering late. */
    static final class LateQueues implements AgentStates.Ami {
        final FakeQueues queues = new FakeQueues();
        final List<Runnable> unanswered = new ArrayList<>();

        @Override
        public CompletableFuture<AmiMessage> send(AmiAction a) {
            CompletableFuture<AmiMessage> late = new CompletableFuture<>();
            unanswered.add(() -> queues.send(a).whenComplete((r, err) -> {
                if (err != null) {
                    late.completeExceptionally(err);
                } else {
                    late.complete(r);
                }
            }));
            return late;
        }

        @Override
        public CompletableFuture<List<AmiMessage>> sendForList(AmiAction a, String complete) {
            return queues.sendForList(a, complete);
        }

        void answerAll() {
            List<Runnable> now = List.copyOf(unanswered);
            unanswered.clear();
            now.forEach(Runnable::run);
        }
    }

    private PeakStaffing staffing() {
        return new PeakStaffing(plan, () -> config, tracker, asterisk, loggedOutByPhone::contains, clock);
    }

    @Test
    void addsTheBackupAgentsAtTheStartOfThePeakMarkedWithLowPenaltyAndRemovesThemAtItsEnd() {
        PeakStaffing s = staffing();
        s.tick();
        assertEquals(Map.of(), asterisk.members, "not before 10:00");
        clock.advance(Duration.ofSeconds(2));
        s.tick();
        assertEquals(Map.of("desk-appliance|2201", "Digital Expert [peak]", "desk-appliance|2202", "Digital Junior [peak]"),
                asterisk.members);
        AmiAction add = asterisk.sent.stream().filter(a -> a.name().equals("QueueAdd")).findFirst().orElseThrow();
        assertEquals("4", add.get("Penalty"), "proficiency 1 -> penalty 4: the desk's own agents are offered calls first");
        assertTrue(tracker.membersOf("desk-appliance").containsAll(Set.of("2201", "2202")));
        s.tick();
        assertEquals(2, asterisk.sent.stream().filter(a -> a.name().equals("QueueAdd")).count(), "nothing added twice");
        clock.advance(Duration.ofSeconds(59)); // 10:00:59
        s.tick();
        assertEquals(2, asterisk.members.size());
        clock.advance(Duration.ofSeconds(1)); // 10:01:00, the end is excluded
        s.tick();
        assertEquals(Map.of(), asterisk.members);
        assertTrue(tracker.membersOf("desk-appliance").isEmpty());
    }

    @Test
    void anAgentAlreadyOnTheDeskByOtherMeansIsNeitherAddedNorRemoved() {
        asterisk.members.put("desk-appliance|2201", "Digital Expert"); // e.g. added by an overflow step
        tracker.memberAdded("desk-appliance", "2201", false, null);
        clock.advance(Duration.ofSeconds(2));
        PeakStaffing s = staffing();
        s.tick();
        assertEquals(Map.of("desk-appliance", Set.of("2202")), s.added());
        clock.advance(Duration.ofMinutes(1));
        s.tick();
        assertEquals(Map.of("desk-appliance|2201", "Digital Expert"), asterisk.members, "the one who was there stays");
    }

    @Test
    void anAgentWhoLoggedOutFromThePhoneIsNotAddedUntilLoggedInAgain() {
        loggedOutByPhone.add("2202");
        clock.advance(Duration.ofSeconds(2));
        PeakStaffing s = staffing();
        s.tick();
        assertEquals(Set.of("desk-appliance|2201"), asterisk.members.keySet());
        loggedOutByPhone.remove("2202");
        s.tick();
        assertEquals(Set.of("desk-appliance|2201", "desk-appliance|2202"), asterisk.members.keySet());
    }

    @Test
    void anAgentOnACallWhenThePeakEndsIsRemovedAfterTheCall() {
        clock.advance(Duration.ofSeconds(2));
        PeakStaffing s = staffing();
        s.tick();
        tracker.callConnected("desk-appliance", "2201", 3);
        clock.advance(Duration.ofMinutes(1));
        s.tick();
        assertEquals(Set.of("desk-appliance|2201"), asterisk.members.keySet(), "not while on the call");
        tracker.callCompleted("desk-appliance", "2201");
        s.tick();
        assertEquals(Map.of(), asterisk.members);
    }

    @Test
    void aPausedAgentIsAddedPaused() {
        tracker.memberAdded("desk-digital", "2201", true, "break");
        clock.advance(Duration.ofSeconds(2));
        staffing().tick();
        assertEquals(Set.of("desk-appliance|2201"), asterisk.paused);
    }

    @Test
    void afterARestartOrReconnectTheMarkedMembersAreRecognisedAndRemovedAtTheEndOthersAreKept() {
        clock.advance(Duration.ofSeconds(2));
        staffing().tick();
        asterisk.members.put("desk-appliance|2102", "Appliance Junior");
        asterisk.members.put("desk-general|2201", "Digital Expert");
        // a new engine (empty memory) after the peak: its first tick reads QueueStatus
        clock.advance(Duration.ofMinutes(5));
        AgentStateTracker fresh = new AgentStateTracker(clock, () -> config, 20, i -> { });
        asterisk.members.keySet().forEach(k -> fresh.memberAdded(k.split("\\|")[0], k.split("\\|")[1], false, null));
        tracker = fresh;
        PeakStaffing restarted = staffing();
        restarted.tick();
        assertEquals(Set.of("desk-appliance|2102", "desk-general|2201"), asterisk.members.keySet());
    }

    @Test
    void aReconnectDuringThePeakNeitherDuplicatesNorLosesMemberships() {
        clock.advance(Duration.ofSeconds(2));
        PeakStaffing s = staffing();
        s.tick();
        s.requestResync();
        s.tick();
        assertEquals(Map.of("desk-appliance", Set.of("2201", "2202")), s.added());
        assertEquals(2, asterisk.sent.stream().filter(a -> a.name().equals("QueueAdd")).count());
        assertEquals(2, asterisk.sent.stream().filter(a -> a.name().equals("QueueStatus")).count(), "read at start and after the resync");
    }

    @Test
    void aLateAnswerNeitherHoldsTheTickNorGetsTheAgentAddedTwice() {
        LateQueues late = new LateQueues();
        clock.advance(Duration.ofSeconds(2));
        PeakStaffing s = new PeakStaffing(plan, () -> config, tracker, late, loggedOutByPhone::contains, clock);
        s.tick(); // returns with both QueueAdds unanswered
        assertEquals(2, late.unanswered.size());
        assertEquals(Set.of(), s.added().getOrDefault("desk-appliance", Set.of()), "nothing is ours before Asterisk answered");
        s.tick();
        s.tick();
        assertEquals(2, late.unanswered.size(), "an unanswered QueueAdd is not sent again");
        late.answerAll();
        assertEquals(Map.of("desk-appliance", Set.of("2201", "2202")), s.added());
        assertTrue(tracker.membersOf("desk-appliance").containsAll(Set.of("2201", "2202")));
        s.tick();
        assertEquals(0, late.unanswered.size(), "members now: nothing more to send");
    }
}
