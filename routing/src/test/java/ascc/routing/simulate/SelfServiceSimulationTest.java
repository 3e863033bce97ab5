package ascc.routing.simulate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ascc.routing.config.CenterConfig;
import ascc.routing.config.OverflowConfig;
import ascc.routing.config.StaffingConfig;
import ascc.routing.selfservice.CompanySelfService;
import ascc.routing.selfservice.SelfServiceConfig;
import ascc.routing.simulate.SimulationResult.DeskHour;
import ascc.routing.simulate.SimulationResult.Field;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Self-service in the simulator: containment as configured, the rest reach the desk after the IVR, off changes nothing. */
class SelfServiceSimulationTest {
    private static final LocalDate MONDAY = LocalDate.of(2026, 11, 23);
    private static final Distribution HANDLE = new Distribution.Exponential(180);
    private static final SelfServiceConfig ACME_ON = config(true);

    private static SelfServiceConfig config(boolean enabled) {
        return new SelfServiceConfig(Map.of("acme", new CompanySelfService("acme", enabled, true, false, Map.of())), Map.of());
    }

    private static SimulationResult run(CenterConfig cfg, TrafficProfile profile, SelfServiceConfig ss, int days, long seed) {
        return Simulator.run(SimulationSpec.of(cfg, OverflowConfig.none(), StaffingConfig.none(), MONDAY, days, seed, 20, profile)
                .withSelfService(ss), Simulator.Progress.NONE);
    }

    private static TrafficProfile profile(TrafficProfile.Entry e, SelfServiceTraffic ss) {
        return new TrafficProfile(List.of(e), TrafficProfile.Pauses.NONE, List.of(ss));
    }

    @Test
    void containmentIsAsConfiguredWithinItsConfidenceInterval() {
        CenterConfig cfg = SimConfigs.singleDesk(8, SimConfigs.always());
        TrafficProfile.Entry e = SimConfigs.acme(60, HANDLE, new Distribution.Exponential(120));
        SelfServiceTraffic ss = new SelfServiceTraffic(0.30, 0.70, new Distribution.Fixed(45));
        SimulationResult r = run(cfg, profile(e, ss), ACME_ON, 7, 11);
        DeskHour t = r.total(0);
        long offered = t.get(Field.OFFERED);
        double expected = 0.30 * 0.70;
        double half = 3 * Math.sqrt(expected * (1 - expected) / offered); // 3 sigma of a binomial share (99.7%)
        assertTrue(offered > 9_000, "a week at 60 calls/h, got " + offered);
        assertTrue(Math.abs(t.containment() - expected) < half,
                "containment " + t.containment() + " not within " + expected + " +- " + half);
        assertEquals(offered, t.get(Field.SELF_SERVICE) + t.get(Field.ANSWERED) + t.get(Field.ABANDONED) + waitingAtTheEnd(r, t),
                "every call is served by self-service or reaches the desk");
        SimulationResult.CompanyCounts acme = r.companies().get("acme");
        assertEquals(t.get(Field.SELF_SERVICE), acme.selfService());
        assertEquals(t.containment(), acme.containment(), 1e-12);
    }

    /** Calls still in the IVR or the queue when the run ends (at most a few at 60 calls/h on 8 agents). */
    private static long waitingAtTheEnd(SimulationResult r, DeskHour t) {
        long rest = t.get(Field.OFFERED) - t.get(Field.SELF_SERVICE) - t.get(Field.ANSWERED) - t.get(Field.ABANDONED);
        assertTrue(rest >= 0 && rest < 10, "calls left at the end: " + rest + " of " + r.calls());
        return rest;
    }

    @Test
    void withoutSelfServiceTheResultIsExactlyAsBefore() {
        CenterConfig cfg = SimConfigs.singleDesk(3, SimConfigs.always());
        TrafficProfile.Entry e = SimConfigs.acme(60, HANDLE, new Distribution.Exponential(60));
        TrafficProfile plain = new TrafficProfile(List.of(e), TrafficProfile.Pauses.NONE);
        TrafficProfile withSs = profile(e, new SelfServiceTraffic(0.30, 0.70, new Distribution.Fixed(45)));
        long[] before = run(cfg, plain, SelfServiceConfig.NONE, 1, 5).total(0).c();
        // the conf without self-service.yaml, with acme's switched off, and a profile that says nothing of self-service
        assertArrayEquals(before, run(cfg, withSs, SelfServiceConfig.NONE, 1, 5).total(0).c());
        assertArrayEquals(before, run(cfg, withSs, config(false), 1, 5).total(0).c());
        assertArrayEquals(before, run(cfg, plain, ACME_ON, 1, 5).total(0).c());
        assertArrayEquals(before, run(cfg, profile(e, SelfServiceTraffic.NONE), ACME_ON, 1, 5).total(0).c());
        // and with it on, the same calls arrive (same offered), fewer reach the desk, waits fall
        DeskHour on = run(cfg, withSs, ACME_ON, 1, 5).total(0);
        assertEquals(before[Field.OFFERED.ordinal()], on.get(Field.OFFERED));
        assertTrue(on.get(Field.SELF_SERVICE) > 0);
        assertTrue(on.asaSeconds() < before[Field.WAIT_SUM_MS.ordinal()] / 1000.0 / before[Field.ANSWERED.ordinal()]);
    }

    @Test
    void aCallerWhoGoesOnToTheDeskJoinsItsQueueOnlyAfterTheIvrTime() {
        CenterConfig cfg = SimConfigs.singleDesk(8, SimConfigs.always());
        TrafficProfile.Entry e = SimConfigs.acme(60, HANDLE, new Distribution.Never());
        // everyone is offered self-service, nobody is served by it, and the menus take longer than the run
        SimulationResult r = run(cfg, profile(e, new SelfServiceTraffic(1.0, 0.0, new Distribution.Fixed(2 * 86_400))), ACME_ON, 1, 3);
        DeskHour t = r.total(0);
        assertTrue(t.get(Field.OFFERED) > 1_000);
        assertEquals(0, t.get(Field.SELF_SERVICE));
        assertEquals(0, t.get(Field.ANSWERED), "nobody reaches the desk before the IVR time");
        // with 60 s in the menus they all reach it (8 agents, 3 Erlangs) and their queue wait starts after the menus
        DeskHour minute = run(cfg, profile(e, new SelfServiceTraffic(1.0, 0.0, new Distribution.Fixed(60))), ACME_ON, 1, 3).total(0);
        assertTrue(minute.get(Field.ANSWERED) >= t.get(Field.OFFERED) - 10);
        assertTrue(minute.asaSeconds() < 30, "ASA counts the queue only, got " + minute.asaSeconds());
    }
}
