package ascc.routing.simulate;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ascc.routing.config.OverflowConfig;
import ascc.routing.config.StaffingConfig;
import ascc.routing.simulate.SimulationResult.DeskHour;
import ascc.routing.simulate.SimulationResult.Field;
import ascc.routing.simulate.erlang.ErlangA;
import ascc.routing.simulate.erlang.QueueFigures;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * One desk, Poisson arrivals, exponential handle times (and exponential patience): the simulation must agree with Erlang C
 * (no patience) and Erlang A (patience) within its confidence interval.
 *
 * <p>The interval: {@value #REPLICATIONS} independent replications (seeds 1..R) of one simulated week each; the first day
 * of each (the warm-up from an empty center) is left out; each replication gives one estimate of each figure and the
 * interval is the mean of the R estimates plus or minus {@code t(0.995, R-1) * s / sqrt(R)} (99%, Student t). The seeds are
 * fixed, so the test is deterministic.
 */
class SimulatorAgreementTest {
    private static final int REPLICATIONS = 20;
    /** The first simulated day is the warm-up (at 91% occupancy the queue needs hours to forget the empty start). */
    private static final int WARM_UP_HOURS = 24;
    private static final double T_995_19 = 2.861;
    private static final LocalDate MONDAY = LocalDate.of(2026, 11, 23);

    @Test
    void lightLoadAgreesWithErlangCOnTheTextbookCase() {
        agrees(14, 200, 180, 0); // SL 88.84%, ASA 7.84 s, occupancy 71.4%
    }

    @Test
    void heavyLoadAgreesWithErlangC() {
        agrees(11, 200, 180, 0); // 91% occupancy
    }

    @Test
    void lightLoadWithPatienceAgreesWithErlangA() {
        agrees(14, 200, 180, 120);
    }

    @Test
    void overloadWithPatienceAgreesWithErlangA() {
        agrees(10, 240, 180, 60); // a = 12 on 10 agents: only the abandons keep it stable
    }

    @Test
    void biggerDeskWithPatienceAgreesWithErlangA() {
        agrees(40, 1000, 120, 300);
    }

    private static void agrees(int agents, double callsPerHour, double aht, double patience) {
        Distribution p = patience == 0 ? new Distribution.Never() : new Distribution.Exponential(patience);
        QueueFigures theory = patience == 0 ? ascc.routing.simulate.erlang.ErlangC.figures(agents, callsPerHour, aht, 20)
                : ErlangA.figures(agents, callsPerHour, aht, 20, patience);
        double[] sl = new double[REPLICATIONS];
        double[] asa = new double[REPLICATIONS];
        double[] abandon = new double[REPLICATIONS];
        double[] occupancy = new double[REPLICATIONS];
        for (int r = 0; r < REPLICATIONS; r++) {
            TrafficProfile profile = new TrafficProfile(List.of(SimConfigs.acme(callsPerHour, new Distribution.Exponential(aht), p)),
                    TrafficProfile.Pauses.NONE);
            SimulationSpec spec = SimulationSpec.of(SimConfigs.singleDesk(agents, SimConfigs.always()), OverflowConfig.none(),
                    StaffingConfig.none(), MONDAY, 7, r + 1, 20, profile);
            SimulationResult res = Simulator.run(spec, Simulator.Progress.NONE);
            long[] sum = new long[SimulationResult.WIDTH];
            for (int h = WARM_UP_HOURS; h < TrafficProfile.WEEK_HOURS; h++) {
                SimulationResult.add(sum, res.counts()[0][h]);
            }
            DeskHour d = new DeskHour("d1", -1, sum);
            sl[r] = d.serviceLevel();
            asa[r] = d.asaSeconds();
            abandon[r] = (double) d.get(Field.ABANDONED) / d.get(Field.OFFERED);
            occupancy[r] = d.occupancy();
        }
        String what = agents + " agents, " + callsPerHour + "/h, " + aht + " s, patience " + patience + ": ";
        within(what + "service level", sl, theory.serviceLevel());
        within(what + "ASA", asa, theory.asaSeconds());
        within(what + "abandon rate", abandon, theory.abandonRate());
        within(what + "occupancy", occupancy, theory.occupancy());
    }

    private static void within(String what, double[] x, double expected) {
        double mean = 0;
        for (double v : x) {
            mean += v;
        }
        mean /= x.length;
        double ss = 0;
        for (double v : x) {
            ss += (v - mean) * (v - mean);
        }
        double half = T_995_19 * Math.sqrt(ss / (x.length - 1)) / Math.sqrt(x.length);
        assertTrue(Math.abs(mean - expected) <= half + 1e-9, String.format("%s simulated %.5f +- %.5f (99%% CI), theory %.5f", what,
                mean, half, expected));
        System.out.printf("%s simulated %.5f +- %.5f, theory %.5f%n", what, mean, half, expected);
    }
}
