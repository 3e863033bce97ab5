package ascc.bench;

import ascc.core.national.NationalModel;
import ascc.core.national.NationalModel.Built;
import ascc.core.national.NationalModel.Desk;
import ascc.routing.simulate.erlang.ErlangC;
import java.util.Locale;

/**
 * The arithmetic of docs/capacity-plan.md: for 500, 1,000 and 13,600 companies, the generated model's traffic combined
 * with the measured per-call costs (each input below names the results file it comes from; override any with
 * {@code -Dplan.NAME=value}). Prints one markdown table. Nothing here is measured: it multiplies measurements.
 *
 * <pre>
 * java -cp 'benchmarks/target/classes:benchmarks/target/lib/*' ascc.bench.CapacityPlan [-Dplan.ivr-seconds=20] ...
 * </pre>
 */
public final class CapacityPlan {
    /** Engine CPU per inbound FastAGI session at 200 new calls/s (results/2026-12-06-floor-quiet/agi-floor.txt): 1,005 us. */
    static final double AGI_CPU_MS = Double.parseDouble(System.getProperty("plan.agi-cpu-ms", "1.005"));
    /** New calls/s the engine served with per-command p99 < 2 ms (results/2026-11-22-mset): 200. */
    static final double AGI_RATE = Double.parseDouble(System.getProperty("plan.agi-rate", "200"));
    /** Concurrent FastAGI sessions held with 0 refused (results/2026-11-22-mset): 10,000. */
    static final double AGI_SESSIONS = Double.parseDouble(System.getProperty("plan.agi-sessions", "10000"));
    /** New calls/s the sandbox Asterisk answered with the engine, all answered (results/2026-12-06-overload/ramp.txt): 200. */
    static final double ASTERISK_RATE = Double.parseDouble(System.getProperty("plan.asterisk-rate", "200"));
    /** Concurrent calls per Asterisk box as tested (capacity.max-calls of the overload run): 400. */
    static final double ASTERISK_CALLS = Double.parseDouble(System.getProperty("plan.asterisk-calls", "400"));
    /** Call records/s MariaDB ingested (results/2026-11-22-billing/summary.md): 5,132. */
    static final double DB_ROWS = Double.parseDouble(System.getProperty("plan.db-rows", "5132"));
    /** Monthly close of 5,000,000 calls for 13,600 companies (same file): 43.5 s; and the month's size with indexes ~2.5 GB. */
    static final double CLOSE_SECONDS_5M = Double.parseDouble(System.getProperty("plan.close-5m", "43.5"));
    static final double GB_PER_5M = Double.parseDouble(System.getProperty("plan.gb-5m", "2.5"));
    /** Seconds a caller spends in the menus before the queue (assumed: greeting and two menus; not measured here). */
    static final double IVR_SECONDS = Double.parseDouble(System.getProperty("plan.ivr-seconds", "20"));
    /** Mean queue wait at the busy hour (the simulator's busy day, results/2026-12-06-national/busy-day.txt). */
    static final double ASA_SECONDS = Double.parseDouble(System.getProperty("plan.asa-seconds", "12"));
    /** Rows written per call: call_record, asterisk_call, ~3 agent_state intervals (ringing, talking, wrap-up). */
    static final double ROWS_PER_CALL = 5;

    private CapacityPlan() {
    }

    public static void main(String[] args) {
        int[] sizes = {500, 1_000, 13_600};
        Built[] b = new Built[sizes.length];
        for (int i = 0; i < sizes.length; i++) {
            b[i] = new NationalModel(sizes[i], 1, Math.round(54_000_000.0 * sizes[i] / 13_600), 2027,
                    NationalModel.Pooling.CATEGORY).build();
        }
        row("companies", sizes.length, i -> String.format(Locale.ROOT, "%,d", sizes[i]));
        row("calls a year (model)", sizes.length, i -> String.format(Locale.ROOT, "%,d", b[i].model().annualCalls()));
        row("busy hour, average weekday (calls)", sizes.length, i -> String.format(Locale.ROOT, "%,.0f", b[i].busyHourCalls()));
        row("peak hour of the year (calls)", sizes.length, i -> String.format(Locale.ROOT, "%,.0f", b[i].peakHourCalls()));
        row("peak new calls/s", sizes.length, i -> String.format(Locale.ROOT, "%.2f", b[i].peakHourCalls() / 3600));
        row("mean talk time (s)", sizes.length, i -> String.format(Locale.ROOT, "%.0f", talk(b[i])));
        row("concurrent calls at the peak hour", sizes.length, i -> String.format(Locale.ROOT, "%,.0f", concurrent(b[i])));
        row("trunk channels (Erlang B, 1% blocking)", sizes.length, i -> String.format(Locale.ROOT, "%,d", trunks(b[i], 0.01)));
        row("engine: AGI CPU at the peak (share of one core)", sizes.length, i -> String.format(Locale.ROOT, "%.2f%%",
                100 * b[i].peakHourCalls() / 3600 * AGI_CPU_MS / 1000));
        row("engine: headroom to the measured 200 calls/s", sizes.length, i -> String.format(Locale.ROOT, "%,.0fx",
                AGI_RATE / (b[i].peakHourCalls() / 3600)));
        row("engine: FastAGI sessions at once (of 10,000 held)", sizes.length, i -> String.format(Locale.ROOT, "%,.0f",
                b[i].peakHourCalls() / 3600 * IVR_SECONDS));
        row("Asterisk boxes at max-calls 400 (tested limit)", sizes.length, i -> String.format(Locale.ROOT, "%d",
                (int) Math.ceil(concurrent(b[i]) / ASTERISK_CALLS)));
        row("Asterisk: call set-up headroom to 200/s", sizes.length, i -> String.format(Locale.ROOT, "%,.0fx",
                ASTERISK_RATE / (b[i].peakHourCalls() / 3600)));
        row("MariaDB: rows/s at the peak (of 5,132/s)", sizes.length, i -> String.format(Locale.ROOT, "%.0f",
                b[i].peakHourCalls() / 3600 * ROWS_PER_CALL));
        row("MariaDB: GB a year (call_record + asterisk_call)", sizes.length, i -> String.format(Locale.ROOT, "%.1f",
                b[i].model().annualCalls() / 5e6 * GB_PER_5M));
        row("billing close of the busiest month (s, linear in rows)", sizes.length, i -> String.format(Locale.ROOT, "%.1f",
                busiestMonth(b[i]) / 5e6 * CLOSE_SECONDS_5M));
        row("agents 80/20, busy hour, pooled desks (Erlang C)", sizes.length, i -> String.format(Locale.ROOT, "%,d",
                b[i].agentsBusyHour()));
        row("agents 80/20, busy hour, each company its own", sizes.length, i -> String.format(Locale.ROOT, "%,d",
                b[i].perCompanyAgents()));
    }

    interface Cell {
        String at(int i);
    }

    private static void row(String name, int n, Cell cell) {
        StringBuilder sb = new StringBuilder("| ").append(name).append(" |");
        for (int i = 0; i < n; i++) {
            sb.append(' ').append(cell.at(i)).append(" |");
        }
        System.out.println(sb);
    }

    /** Mean talk seconds of the busy hour's calls. */
    static double talk(Built b) {
        double calls = 0;
        double talk = 0;
        for (Desk d : b.desks()) {
            calls += d.busyHourCalls();
            talk += d.busyHourCalls() * d.talkSeconds();
        }
        return talk / calls;
    }

    /** Little's law at the peak hour: arrivals x (menus + wait + talk). */
    static double concurrent(Built b) {
        return b.peakHourCalls() / 3600 * (IVR_SECONDS + ASA_SECONDS + talk(b));
    }

    /** The fewest trunk channels whose Erlang B blocking is at most {@code blocking} for the peak hour's load. */
    static int trunks(Built b, double blocking) {
        double a = concurrent(b);
        int n = (int) Math.floor(a);
        while (ErlangC.erlangB(n, a) > blocking) {
            n += Math.max(1, (int) (a / 1000));
        }
        return n;
    }

    /** Calls of the busiest calendar month of the model's year. */
    static double busiestMonth(Built b) {
        double[] perKind = new double[NationalModel.HoursKind.values().length];
        for (NationalModel.HoursKind k : NationalModel.HoursKind.values()) {
            perKind[k.ordinal()] = kindCalls(b, k);
        }
        double best = 0;
        for (int m = 1; m <= 12; m++) {
            double sum = 0;
            java.time.LocalDate d = java.time.LocalDate.of(b.model().year(), m, 1);
            for (; d.getMonthValue() == m; d = d.plusDays(1)) {
                for (int h = 0; h < 24; h++) {
                    for (NationalModel.HoursKind k : NationalModel.HoursKind.values()) {
                        sum += perKind[k.ordinal()] * b.shape().fraction(k, d, h);
                    }
                }
            }
            best = Math.max(best, sum);
        }
        return best;
    }

    private static double kindCalls(Built b, NationalModel.HoursKind k) {
        return b.companyList().stream().filter(c -> c.hours() == k).mapToDouble(NationalModel.Company::annualCalls).sum();
    }
}
