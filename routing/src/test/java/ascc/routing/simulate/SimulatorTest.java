package ascc.routing.simulate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ascc.routing.config.Agent;
import ascc.routing.config.CenterConfig;
import ascc.routing.config.OverflowConfig;
import ascc.routing.config.Secret;
import ascc.routing.config.StaffingConfig;
import ascc.routing.simulate.SimulationResult.DeskHour;
import ascc.routing.simulate.SimulationResult.Field;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The simulator drives the real routing, hours, overflow and staffing decisions; runs are reproducible. */
class SimulatorTest {
    private static final LocalDate MONDAY = LocalDate.of(2026, 11, 23);
    private static final Distribution HANDLE = new Distribution.Exponential(180);

    private static SimulationResult run(CenterConfig cfg, OverflowConfig ov, StaffingConfig st, TrafficProfile.Entry e, long seed) {
        return Simulator.run(SimulationSpec.of(cfg, ov, st, MONDAY, 1, seed, 20, new TrafficProfile(List.of(e),
                TrafficProfile.Pauses.NONE)), Simulator.Progress.NONE);
    }

    @Test
    void theSameSeedGivesTheSameResultAndAnotherSeedOtherCalls() {
        CenterConfig cfg = SimConfigs.singleDesk(3, SimConfigs.always());
        TrafficProfile.Entry e = SimConfigs.acme(60, HANDLE, new Distribution.Exponential(60));
        SimulationResult a = run(cfg, OverflowConfig.none(), StaffingConfig.none(), e, 7);
        SimulationResult b = run(cfg, OverflowConfig.none(), StaffingConfig.none(), e, 7);
        SimulationResult c = run(cfg, OverflowConfig.none(), StaffingConfig.none(), e, 8);
        assertArrayEquals(a.total(0).c(), b.total(0).c());
        assertTrue(a.total(0).get(Field.WAIT_SUM_MS) != c.total(0).get(Field.WAIT_SUM_MS));
    }

    @Test
    void anotherConfigurationSeesTheSameCalls() {
        TrafficProfile.Entry e = SimConfigs.acme(60, HANDLE, new Distribution.Exponential(60));
        SimulationResult few = run(SimConfigs.singleDesk(2, SimConfigs.always()), OverflowConfig.none(), StaffingConfig.none(), e, 3);
        SimulationResult many = run(SimConfigs.singleDesk(6, SimConfigs.always()), OverflowConfig.none(), StaffingConfig.none(), e, 3);
        assertEquals(few.total(0).get(Field.OFFERED), many.total(0).get(Field.OFFERED));
        assertTrue(many.total(0).serviceLevel() > few.total(0).serviceLevel());
    }

    @Test
    void callsOutsideHoursAreClosedAndBookACallbackForTheNextOpening() {
        CenterConfig cfg = SimConfigs.singleDesk(3, SimConfigs.weekdays(9, 18));
        SimulationResult r = run(cfg, OverflowConfig.none(), StaffingConfig.none(), SimConfigs.acme(10, HANDLE, new Distribution.Never()),
                1);
        DeskHour night = r.row(0, 3); // Monday 03:00
        DeskHour day = r.row(0, 10);
        assertEquals(night.get(Field.OFFERED), night.get(Field.CLOSED));
        assertEquals(night.get(Field.CLOSED), night.get(Field.AFTER_HOURS_CALLBACK));
        assertEquals(0, day.get(Field.CLOSED));
        // the morning's after-hours callbacks are dialed at 09:00 (the real OpeningHours.callbackDue) and reach the customers
        assertTrue(r.row(0, 9).get(Field.CALLBACK_DONE) > 0, "callbacks done at 09:00: " + r.row(0, 9).get(Field.CALLBACK_DONE));
    }

    @Test
    void overflowVoicemailStepTakesCallersWhenNoAgentIsLoggedIn() {
        CenterConfig cfg = SimConfigs.singleDesk(0, SimConfigs.always());
        OverflowConfig ov = new OverflowConfig(Map.of("d1", List.of(new OverflowConfig.Step(new OverflowConfig.NoAgent(false),
                new OverflowConfig.Voicemail()))));
        SimulationResult r = run(cfg, ov, StaffingConfig.none(), SimConfigs.acme(20, HANDLE, new Distribution.Never()), 1);
        DeskHour t = r.total(0);
        assertTrue(t.get(Field.OFFERED) > 300);
        assertTrue(t.get(Field.OFFERED) - t.get(Field.VOICEMAIL) <= 1, "all (but one still waiting for the next check at the end)"
                + " go to voicemail: " + t.get(Field.VOICEMAIL) + " of " + t.get(Field.OFFERED));
        assertEquals(t.get(Field.VOICEMAIL), t.steps(1));
    }

    @Test
    void maxPenaltyKeepsTraineesOutUntilAWidenStep() {
        // desk d1: one expert (5) and one trainee (1); start-proficiency 3 keeps the trainee out of the queue
        List<Agent> agents = List.of(new Agent("1", "expert", Secret.of("pw"), Map.of("d1", 5)),
                new Agent("2", "trainee", Secret.of("pw"), Map.of("d1", 1)));
        CenterConfig cfg = withAgents(agents);
        TrafficProfile.Entry e = SimConfigs.acme(30, HANDLE, new Distribution.Never()); // 1.5 Erlangs on one expert: overloaded
        OverflowConfig closedToTrainee = new OverflowConfig(Map.of(), Map.of("d1", 3), OverflowConfig.CallbackRules.DEFAULT, "");
        OverflowConfig widen = new OverflowConfig(Map.of("d1", List.of(new OverflowConfig.Step(new OverflowConfig.WaitedAtLeast(30),
                new OverflowConfig.Widen(1)))), Map.of("d1", 3), OverflowConfig.CallbackRules.DEFAULT, "");
        DeskHour alone = run(cfg, closedToTrainee, StaffingConfig.none(), e, 2).total(0);
        DeskHour widened = run(cfg, widen, StaffingConfig.none(), e, 2).total(0);
        assertTrue(alone.get(Field.ANSWERED) < 24 * 3600 / 180 + 20, "one agent answers at most ~480: " + alone.get(Field.ANSWERED));
        assertTrue(widened.get(Field.ANSWERED) > alone.get(Field.ANSWERED) + 100, "widened " + widened.get(Field.ANSWERED));
        assertTrue(widened.steps(1) > 0);
    }

    @Test
    void aStaffingScheduleAddsItsAgentOnlyInItsHours() {
        List<Agent> agents = List.of(new Agent("1", "own", Secret.of("pw"), Map.of("d1", 5)),
                new Agent("2", "backup", Secret.of("pw"), Map.of("general", 5)));
        CenterConfig cfg = withAgents(agents);
        StaffingConfig st = new StaffingConfig(List.of(new StaffingConfig.Schedule("peak", "d1", List.of("2"),
                SimConfigs.weekdays(10, 12), 5, false)));
        TrafficProfile.Entry e = SimConfigs.acme(40, HANDLE, new Distribution.Exponential(60));
        SimulationResult with = run(cfg, OverflowConfig.none(), st, e, 4);
        SimulationResult without = run(cfg, OverflowConfig.none(), StaffingConfig.none(), e, 4);
        assertTrue(with.row(0, 11).serviceLevel() > without.row(0, 11).serviceLevel() + 0.1, "10:00-12:00 better");
        assertEquals(without.row(0, 15).get(Field.ANSWERED), with.row(0, 15).get(Field.ANSWERED), "15:00 the same");
    }

    @Test
    void aQueueLengthStepOffersCallbacksThatKeepThePlaceAndAreDialedBack() {
        CenterConfig cfg = SimConfigs.singleDesk(1, SimConfigs.always());
        OverflowConfig ov = new OverflowConfig(Map.of("d1", List.of(new OverflowConfig.Step(new OverflowConfig.QueueLengthAtLeast(3),
                new OverflowConfig.OfferCallback()))));
        double[] rate = new double[TrafficProfile.WEEK_HOURS];
        java.util.Arrays.fill(rate, 18); // 0.9 Erlangs on one agent: queues of 3 now and then
        TrafficProfile.Entry e = new TrafficProfile.Entry("acme", Optional.of("acme"), Optional.empty(), Map.of(), rate, HANDLE,
                new Distribution.Never(), 0, 0, 1.0, 1.0);
        DeskHour t = run(cfg, ov, StaffingConfig.none(), e, 5).total(0);
        assertTrue(t.get(Field.CALLBACK_ACCEPTED) > 10, "accepted " + t.get(Field.CALLBACK_ACCEPTED));
        assertEquals(t.get(Field.CALLBACK_ACCEPTED), t.steps(1), "every offer was accepted");
        assertTrue(t.get(Field.CALLBACK_DONE) > 0.8 * t.get(Field.CALLBACK_ACCEPTED), "most are dialed back within the day: "
                + t.get(Field.CALLBACK_DONE) + " of " + t.get(Field.CALLBACK_ACCEPTED));
    }

    @Test
    void backupAgentsJoinAndAnEstimatedWaitStepSendsCallersToThePartner() {
        List<Agent> agents = List.of(new Agent("1", "own", Secret.of("pw"), Map.of("d1", 5)),
                new Agent("2", "backup", Secret.of("pw"), Map.of("general", 4)));
        CenterConfig cfg = withAgents(agents);
        OverflowConfig backup = new OverflowConfig(Map.of("d1", List.of(new OverflowConfig.Step(new OverflowConfig.WaitedAtLeast(20),
                new OverflowConfig.AddAgentsOf("general")))));
        OverflowConfig partner = new OverflowConfig(Map.of("d1", List.of(new OverflowConfig.Step(
                new OverflowConfig.EstimatedWaitAtLeast(300), new OverflowConfig.Partner("0215770000")))));
        TrafficProfile.Entry e = SimConfigs.acme(30, HANDLE, new Distribution.Never()); // 1.5 Erlangs on one own agent
        DeskHour alone = run(cfg, OverflowConfig.none(), StaffingConfig.none(), e, 6).total(0);
        DeskHour helped = run(cfg, backup, StaffingConfig.none(), e, 6).total(0);
        DeskHour sent = run(cfg, partner, StaffingConfig.none(), e, 6).total(0);
        assertTrue(helped.get(Field.ANSWERED) > alone.get(Field.ANSWERED) + 100, "backup agent answers too: " + helped.get(Field.ANSWERED)
                + " vs " + alone.get(Field.ANSWERED));
        assertTrue(sent.get(Field.PARTNER) > 50, "to partner: " + sent.get(Field.PARTNER));
        assertEquals(sent.get(Field.PARTNER), sent.steps(1));
        assertTrue(sent.longestWaitSeconds() < alone.longestWaitSeconds());
    }

    @Test
    void replayedArrivalsAreRoutedByCompanyAndCategory() {
        List<Arrival> list = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            list.add(new Arrival(i * 60_000L, Optional.of("acme"), Optional.empty(), 30, Double.POSITIVE_INFINITY, 0));
            list.add(new Arrival(i * 60_000L + 1, Optional.empty(), Optional.empty(), 30, Double.POSITIVE_INFINITY, 0));
        }
        CenterConfig cfg = SimConfigs.singleDesk(2, SimConfigs.always());
        SimulationSpec spec = SimulationSpec.of(cfg, OverflowConfig.none(), StaffingConfig.none(), MONDAY, 1, 1, 20,
                new TrafficProfile(List.of(), TrafficProfile.Pauses.NONE)).withArrivals(list);
        SimulationResult r = Simulator.run(spec, Simulator.Progress.NONE);
        assertEquals(20, r.calls());
        assertEquals(10, r.companies().get("acme").desks().get("d1"));
        assertEquals(10, r.companies().get("(none)").desks().get("general"));
        assertEquals(10, r.companies().get("acme").answered());
        assertEquals(0, r.companies().get("(none)").answered(), "nobody staffs the general desk");
    }

    private static CenterConfig withAgents(List<Agent> agents) {
        CenterConfig base = SimConfigs.singleDesk(0, SimConfigs.always());
        return new CenterConfig(base.engine(), List.copyOf(base.companies().values()), List.copyOf(base.desks().values()), agents,
                base.hours());
    }
}
