package ascc.core.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ascc.core.Engine;
import ascc.core.report.ReportStore;
import ascc.routing.config.Agent;
import ascc.routing.config.CenterConfig;
import ascc.routing.config.OverflowConfig;
import ascc.routing.config.StaffingConfig;
import ascc.routing.report.TrafficReport;
import ascc.routing.simulate.Arrival;
import ascc.routing.simulate.SimulationResult;
import ascc.routing.simulate.SimulationResult.Field;
import ascc.routing.simulate.SimulationSpec;
import ascc.routing.simulate.Simulator;
import ascc.routing.simulate.TrafficProfile;
import ascc.testsupport.sip.TestPhone;
import ascc.testsupport.sipp.SippResult;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The simulator against the real stack: one arrival list is placed as real SIP calls (SIPp into the sandbox Asterisk, the
 * engine's FastAGI menus, the real queues) and given to {@code Simulator} as {@link Arrival}s; the traffic report of the real
 * calls ({@code ReportStore} + {@code TrafficReport}, what {@code ivr report} prints) and the simulation must agree.
 *
 * <p>The compressed day: a real day cannot run in a test, so its shape is kept and its clock shrunk. Four "hours" of 6 s;
 * in each, one call for each desk of the IT config: an appliance call and a digital call (companies alpha, beta, gamma in
 * turn, each with its category and inquiry keyed) and a care call (epsilon). Agents 2101 (appliance) and 2201 (digital)
 * have registered, auto-answering phones; nobody works the care desk (2301's phone is not registered, so Asterisk never
 * offers it a call, and the simulation is told the same by leaving 2301 out). Callers hang up after 3 s in the queue.
 * Compared per company and per desk: where calls were routed (offered) and how they ended (answered, abandoned in the
 * queue). The spacing keeps each desk's agent free when its next call comes, so the outcome is decided by routing and
 * staffing, not by sub-second timing: waits and handle times are not compared (SIP set-up times are not modelled).
 */
class SimulatorReplayIT {
    private static final int SLOTS = 4;
    private static final long SLOT_MS = 6_000;
    private static final Duration HOLD = Duration.ofSeconds(3);
    private static final String[][] APPLIANCE = {{"0700000001", "13", "alpha"}, {"0700000002", "21", "beta"},
        {"0700000003", "11", "gamma"}};
    private static final String[][] DIGITAL = {{"0700000001", "23", "alpha"}, {"0700000002", "11", "beta"},
        {"0700000003", "21", "gamma"}};

    @BeforeAll
    static void stack() throws Exception {
        RealStack.ensureAsterisk();
    }

    private record Planned(long offsetMs, String number, String digits, String company) {
    }

    @Test
    void aCompressedDayAgreesWithTheTrafficReportOfTheSameCallsThroughTheRealStack() throws Exception {
        List<Planned> plan = new ArrayList<>();
        for (int s = 0; s < SLOTS; s++) {
            String[] a = APPLIANCE[s % APPLIANCE.length];
            String[] d = DIGITAL[(s + 1) % DIGITAL.length];
            plan.add(new Planned(s * SLOT_MS, a[0], a[1], a[2]));
            plan.add(new Planned(s * SLOT_MS + 400, d[0], d[1], d[2]));
            plan.add(new Planned(s * SLOT_MS + 800, "0700000005", "1", "epsilon"));
        }
        CenterConfig it = RealStack.config();
        ZoneId zone = it.engine().timeZone();
        Instant began;
        try (Engine engine = RealStack.startEngine(Map.of());
             TestPhone appliance = RealStack.phone("2101");
             TestPhone digital = RealStack.phone("2201")) {
            EngineView.of(engine).awaitAmiConnected();
            FoundationIT.awaitMemberAvailable("desk-appliance", "2101");
            FoundationIT.awaitMemberAvailable("desk-digital", "2201");
            appliance.setAutoAnswer(Duration.ofMillis(200));
            digital.setAutoAnswer(Duration.ofMillis(200));
            began = Instant.now();
            ScheduledExecutorService ex = Executors.newScheduledThreadPool(4, Thread.ofPlatform().name("replay-call-", 0).factory());
            try {
                List<Future<SippResult>> calls = new ArrayList<>();
                for (int i = 0; i < plan.size(); i++) {
                    Planned p = plan.get(i);
                    int port = 5480 + i;
                    String caller = "0105559" + String.format("%04d", i);
                    calls.add(ex.schedule(() -> FoundationIT.customerCall(p.number(), caller, p.digits(), HOLD, port), p.offsetMs(),
                            TimeUnit.MILLISECONDS));
                }
                for (Future<SippResult> f : calls) {
                    assertTrue(f.get(60, TimeUnit.SECONDS).allSucceeded(), "a SIPp call failed");
                }
            } finally {
                ex.shutdownNow();
            }
            FoundationIT.awaitTrue(plan.size() + " call records", () -> records(began, zone).size() == plan.size());
        }

        // the real stack, as ivr report counts it
        LocalDate day = began.atZone(zone).toLocalDate();
        TrafficReport report = TrafficReport.of(records(began, zone), day, zone, 20);
        Map<String, long[]> real = new TreeMap<>();
        for (TrafficReport.Row r : report.rows()) {
            if (r.hour() == null) {
                real.put(r.scope() + " " + r.key(), new long[] {r.stats().offered(), r.stats().answered(), r.stats().abandonedQueue()});
            }
        }

        // the simulator: the same arrivals (same times of day), the agents who were really there
        ZonedDateTime midnight = day.atStartOfDay(zone);
        List<Arrival> arrivals = new ArrayList<>();
        for (Planned p : plan) {
            long offset = Duration.between(midnight.toInstant(), began).toMillis() + p.offsetMs();
            arrivals.add(new Arrival(offset, Optional.of(p.company()), Optional.of(category(it, p)), HOLD.toSeconds(), HOLD.toSeconds(),
                    0));
        }
        List<Agent> present = it.agents().values().stream().filter(a -> a.id().equals("2101") || a.id().equals("2201")).toList();
        CenterConfig simCfg = new CenterConfig(it.engine(), List.copyOf(it.companies().values()), List.copyOf(it.desks().values()),
                present, it.hours());
        SimulationResult sim = Simulator.run(SimulationSpec.of(simCfg, OverflowConfig.none(), StaffingConfig.none(), day, 1, 1, 20,
                new TrafficProfile(List.of(), TrafficProfile.Pauses.NONE)).withArrivals(arrivals), Simulator.Progress.NONE);
        Map<String, long[]> simulated = new TreeMap<>();
        sim.companies().forEach((company, c) -> {
            if (c.offered() > 0) {
                simulated.put("COMPANY " + company, new long[] {c.offered(), c.answered(), c.abandoned()});
            }
        });
        for (int d = 0; d < sim.deskIds().size(); d++) {
            SimulationResult.DeskHour t = sim.total(d);
            if (t.get(Field.OFFERED) > 0) {
                simulated.put("DESK " + t.desk(), new long[] {t.get(Field.OFFERED), t.get(Field.ANSWERED), t.get(Field.ABANDONED)});
            }
        }
        StringBuilder table = new StringBuilder("key: real [offered, answered, abandoned] / simulated\n");
        real.forEach((k, v) -> table.append(k).append(": ").append(java.util.Arrays.toString(v)).append(" / ")
                .append(java.util.Arrays.toString(simulated.get(k))).append('\n'));
        System.out.println(table);
        assertEquals(real.keySet(), simulated.keySet(), table.toString());
        for (String k : real.keySet()) {
            assertEquals(java.util.Arrays.toString(real.get(k)), java.util.Arrays.toString(simulated.get(k)), k + "\n" + table);
        }
        assertEquals(SLOTS * 2L, real.get("DESK appliance")[0] + real.get("DESK digital")[0], table.toString());
    }

    private static ascc.routing.config.Category category(CenterConfig it, Planned p) {
        var company = it.companies().get(p.company());
        return company.categories().get(Character.getNumericValue(p.digits().charAt(0)) - 1 < company.categories().size()
                && company.categories().size() > 1 ? Character.getNumericValue(p.digits().charAt(0)) - 1 : 0);
    }

    private static List<ascc.routing.report.ReportCall> records(Instant since, ZoneId zone) {
        try {
            return new ReportStore(RealStack.dataSource()).calls(since.minusSeconds(5), Instant.now().plusSeconds(60), Optional.empty(),
                    Optional.empty());
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("cannot read call_record: " + e.getMessage(), e);
        }
    }
}
