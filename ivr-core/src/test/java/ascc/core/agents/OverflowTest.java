package ascc.core.agents;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ascc.core.ami.AmiAction;
import ascc.core.ami.AmiException;
import ascc.routing.config.CenterConfig;
import ascc.routing.config.ConfigLoader;
import ascc.routing.config.OverflowConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class OverflowTest {
    private final TestClock clock = new TestClock(Instant.parse("2026-11-23T01:00:00Z"));
    private final AgentStatesTest.FakeAsteriskQueues asterisk = new AgentStatesTest.FakeAsteriskQueues();
    private final List<Overflow.Taken> taken = new ArrayList<>();
    private AgentStateTracker tracker;
    private Overflow overflow;

    @BeforeEach
    void setUp() throws Exception {
        CenterConfig config = ConfigLoader.load(Path.of("src/test/resources/it-conf"), Map.of());
        tracker = new AgentStateTracker(clock, () -> config, 20, i -> { });
        OverflowConfig steps = new OverflowConfig(Map.of("appliance", List.of(new OverflowConfig.Step(30, "digital"))));
        overflow = new Overflow(steps, () -> config, tracker, this::send, clock, taken::add);
        tracker.memberAdded("desk-appliance", "2101", false, null);
        asterisk.members.add("desk-appliance|2101");
    }

    private void send(AmiAction a) {
        try {
            asterisk.send(a).get();
        } catch (ExecutionException e) {
            throw (AmiException) e.getCause();
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void callerAlreadyWaitingPastTheTriggerGetsTheBackupDesksAgentsUntilTheQueueDrains() {
        tracker.callerJoined("desk-appliance", "c1");
        clock.advance(Duration.ofSeconds(29));
        overflow.check();
        assertEquals(0, asterisk.count("QueueAdd"), "29 s: not yet");

        clock.advance(Duration.ofSeconds(1));
        tracker.callerJoined("desk-appliance", "c2");
        overflow.check();
        assertTrue(asterisk.members.containsAll(List.of("desk-appliance|2201", "desk-appliance|2202")), asterisk.members.toString());
        AmiAction add = asterisk.sent.stream().filter(a -> "PJSIP/2202".equals(a.get("Interface"))).findFirst().orElseThrow();
        assertEquals("3", add.get("Penalty"), "proficiency 2 on the backup desk");
        assertEquals(List.of("c1"), taken.stream().map(Overflow.Taken::uniqueId).toList(), "only the caller past 30 s");
        assertEquals(1, taken.get(0).stepNo());
        assertEquals(30, taken.get(0).waitedSeconds());

        clock.advance(Duration.ofSeconds(30));
        overflow.check();
        assertEquals(2, asterisk.count("QueueAdd"), "added once");
        assertEquals(List.of("c1", "c2"), taken.stream().map(Overflow.Taken::uniqueId).toList(), "each caller recorded once");

        tracker.callerLeft("desk-appliance", "c1");
        overflow.check();
        assertEquals(0, asterisk.count("QueueRemove"), "a caller still waits");
        tracker.callerLeft("desk-appliance", "c2");
        overflow.check();
        assertEquals(2, asterisk.count("QueueRemove"));
        assertFalse(asterisk.members.contains("desk-appliance|2201"));
        assertTrue(asterisk.members.contains("desk-appliance|2101"), "the desk's own agent stays");
    }
}
