package ascc.core.wallboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ascc.core.agents.AgentState;
import ascc.core.agents.AgentStateTracker;
import ascc.core.config.yaml.ConfigLoader;
import ascc.core.tracking.TrackedCall;
import ascc.routing.calls.CallOutcome;
import ascc.routing.config.CenterConfig;
import ascc.routing.report.DeskDayTotals;
import ascc.routing.report.ReportCall;
import ascc.testsupport.time.ManualClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The wallboard's state: the report's definitions, agents by state, masked numbers, per company. */
class WallboardViewTest {
    private static final Instant NOW = Instant.parse("2026-12-07T02:00:00Z"); // 11:00 in Seoul
    private final ManualClock clock = new ManualClock(NOW.minusSeconds(120));

    private static ReportCall call(String company, CallOutcome outcome, long waitMs) {
        return new ReportCall(company, "appliance", NOW.minus(Duration.ofMinutes(30)), outcome, waitMs,
                outcome == CallOutcome.ANSWERED ? 60_000L : 0L, Set.of());
    }

    @Test
    void aDeskShowsTheReportsServiceLevelAgentsByStateAndItsWaitingCallersMasked() throws Exception {
        CenterConfig c = ConfigLoader.load(Path.of("src/test/resources/it-conf"), Map.of("ASCC_DB_URL", "", "ASCC_DB_USER", "",
                "ASCC_DB_PASSWORD", ""));
        AgentStateTracker t = new AgentStateTracker(clock, () -> c, 20, i -> { });
        t.memberAdded("desk-appliance", "2101", false, null);
        t.memberAdded("desk-appliance", "2102", true, "lunch");
        t.callConnected("desk-appliance", "2101", 5);
        t.callerJoined("desk-appliance", "1.2");
        clock.set(NOW);
        TrackedCall talking = new TrackedCall("1.1", "1.1", "0700000001", "01055501111", "alpha", "home-appliances", "repair",
                "appliance", "desk-appliance", "2101", NOW.minusSeconds(100), NOW.minusSeconds(95), NOW.minusSeconds(90), null, null,
                "r");
        TrackedCall waiting = new TrackedCall("1.2", "1.2", "0700000003", "01055502222", "gamma", "kitchen-appliances", "repair",
                "appliance", "desk-appliance", null, NOW.minusSeconds(50), NOW.minusSeconds(45), null, null, null, "r");
        // 3 answered within 20 s, 1 answered after, 1 abandoned after 20 s, 1 short abandon (in neither)
        List<ReportCall> today = List.of(call("alpha", CallOutcome.ANSWERED, 5_000), call("alpha", CallOutcome.ANSWERED, 10_000),
                call("gamma", CallOutcome.ANSWERED, 20_000), call("gamma", CallOutcome.ANSWERED, 40_000),
                call("gamma", CallOutcome.ABANDONED_QUEUE, 30_000), call("alpha", CallOutcome.ABANDONED_QUEUE, 3_000));
        java.time.ZoneId zone = c.engine().timeZone();
        DeskDayTotals totals = DeskDayTotals.of(today, java.time.LocalDate.ofInstant(NOW, zone), zone, 20);
        WallboardView v = WallboardView.build(c, NOW, 7, NOW.minusMillis(300), t.live(), List.of(talking, waiting), totals,
                Map.of("1.2", "1: backup desk digital"), Map.of("1.2", NOW.minusSeconds(45)), 20);
        String json = v.json();
        String desk = json.substring(json.indexOf("{\"id\":\"appliance\""), json.indexOf("{\"id\":\"care\"") > 0
                ? json.length() : json.length());
        assertTrue(desk.contains("\"waiting\":1,\"longestWaitSeconds\":120"), desk);
        // service level 3 / (4 + 1) = 60.0; abandon rate 2 / (4 + 2) = 33.3
        assertTrue(desk.contains("\"offered\":6,\"answered\":4,\"abandoned\":2,\"serviceLevel\":60.0,\"abandonRate\":33.3"), desk);
        assertTrue(json.contains("{\"id\":\"2101\",\"name\":\"Appliance Expert\",\"state\":\"ON_CALL\",\"talkSeconds\":90}"), json);
        assertTrue(json.contains("\"state\":\"PAUSED\",\"reason\":\"lunch\""), json);
        assertTrue(json.contains("\"joinEventAtMs\":" + NOW.minusSeconds(45).toEpochMilli()), json);
        assertTrue(json.contains("\"overflow\":\"1: backup desk digital\""), json);
        assertTrue(json.contains("{\"id\":\"gamma\",\"name\":\"Gamma Kitchen\",\"waiting\":1,\"offered\":3"), json);
        assertFalse(json.contains("01055502222") || json.contains("01055501111"), "numbers masked: " + json);
        WallboardView.DeskFigures f = v.desks().stream().filter(d -> d.deskId().equals("appliance")).findFirst().orElseThrow();
        assertEquals(1, f.agents().get(AgentState.ON_CALL));
        assertEquals(1, f.agents().get(AgentState.PAUSED));
        assertEquals(60.0, f.serviceLevel());
    }
}
