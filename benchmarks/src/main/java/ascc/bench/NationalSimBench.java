package ascc.bench;

import ascc.core.config.Conf;
import ascc.core.national.NationalConfigWriter;
import ascc.core.national.NationalModel;
import ascc.core.national.NationalModel.Built;
import ascc.core.national.NationalModel.Company;
import ascc.core.national.NationalTraffic;
import ascc.routing.simulate.SimulationResult;
import ascc.routing.simulate.SimulationResult.DeskHour;
import ascc.routing.simulate.SimulationResult.Field;
import ascc.routing.simulate.SimulationSpec;
import ascc.routing.simulate.Simulator;
import ascc.routing.simulate.StaffingRecommendation;
import ascc.routing.simulate.TrafficProfile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.time.Month;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The simulator at the national program's scale, on the generated config: the engine's loader reads the generated
 * {@code conf/}, the simulator (the real router, hours, holidays, overflow and staffing) runs the generated traffic.
 *
 * <pre>
 * java -Xmx2g -cp 'benchmarks/target/classes:benchmarks/target/lib/*' ascc.bench.NationalSimBench
 *     [--companies 13600] [--seed 1] [--pooling category|family] [--days 1] [--start 2027-01-04]
 *     [--average-week YEAR|JANUARY|...] [--conf-out DIR] [--per-hour true] [--threads NPROC]
 * </pre>
 *
 * Traffic: by default the model's calls date by date ({@link NationalTraffic#week}: month factor, weekday, hour, no calls
 * on holidays), simulated as one run per calendar week (Monday to Sunday; nothing waits over a Sunday, when the center is
 * closed and takes no calls), the weeks on {@code --threads} threads (default: the processors) and added up;
 * {@code --average-week} runs the year's (or a month's) average week instead,
 * which puts a normal day's calls on holidays: every caller then books an after-hours callback, and the next morning's
 * queue of ~185,000 callbacks makes the overflow check (each second, over every waiting caller) the whole run's cost.
 *
 * <p>Prints progress per simulated day, then RESULT lines: the run (calls, events, wall time, calls/s), per desk (offered,
 * SL, ASA, abandon, occupancy, overflow steps), per desk and weekday hour the agents an 80/20 needs on the simulated
 * traffic (Erlang C on the hour's offered calls and measured handle time plus wrap-up), and the pooling effect: the same
 * traffic with every company on its own agents (Erlang C per company at its busy hour) against the pooled desks.
 */
public final class NationalSimBench {
    private NationalSimBench() {
    }

    public static void main(String[] args) throws Exception {
        int companies = 13_600;
        long seed = 1;
        NationalModel.Pooling pooling = NationalModel.Pooling.CATEGORY;
        int days = 1;
        LocalDate start = LocalDate.of(2027, 1, 4);
        Optional<Month> month = Optional.empty();
        boolean average = false;
        Path confOut = null;
        boolean perHour = true;
        int threads = Runtime.getRuntime().availableProcessors();
        for (int i = 0; i + 1 < args.length; i += 2) {
            String v = args[i + 1];
            switch (args[i]) {
                case "--companies" -> companies = Integer.parseInt(v);
                case "--seed" -> seed = Long.parseLong(v);
                case "--pooling" -> pooling = NationalModel.Pooling.valueOf(v.toUpperCase(Locale.ROOT));
                case "--days" -> days = Integer.parseInt(v);
                case "--start" -> start = LocalDate.parse(v);
                case "--average-week" -> {
                    average = true;
                    month = "YEAR".equalsIgnoreCase(v) ? Optional.empty() : Optional.of(Month.valueOf(v.toUpperCase(Locale.ROOT)));
                }
                case "--conf-out" -> confOut = Path.of(v);
                case "--per-hour" -> perHour = Boolean.parseBoolean(v);
                case "--threads" -> threads = Integer.parseInt(v);
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + " (allowed: --companies --seed --pooling --days --start --average-week --conf-out --per-hour --threads)");
            }
        }
        long annual = Math.round(54_000_000.0 * companies / 13_600);
        NationalModel model = new NationalModel(companies, seed, annual, start.getYear(), pooling);
        long t0 = System.nanoTime();
        Built built = model.build();
        Path dir = confOut != null ? confOut : Files.createTempDirectory("ascc-national-sim-");
        NationalConfigWriter.writeTo(built, dir);
        long t1 = System.nanoTime();
        Conf conf = Conf.load(dir, Map.of());
        long t2 = System.nanoTime();
        boolean averageWeek = month.isPresent() || average;
        TrafficProfile profile = NationalTraffic.profile(built, month);
        double weekCalls = profile.entries().stream().mapToDouble(TrafficProfile.Entry::callsPerWeek).sum();
        System.out.printf(Locale.ROOT, "config: %,d companies, %d desks, %,d agents in %s (generated %d ms, loaded %d ms)%n", companies,
                conf.center().desks().size(), conf.center().agents().size(), dir, (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000);
        System.out.printf(Locale.ROOT, "traffic: %s; run %d day(s) from %s%n", averageWeek ? String.format(Locale.ROOT,
                "average week of %s, %,.0f calls a week", month.map(Month::name).orElse("the year"), weekCalls)
                : "the model's calls date by date (month, weekday, hour; none on holidays), simulated week by week", days, start);
        long cpu0 = processCpuMillis();
        long run0 = System.nanoTime();
        SimulationResult r = averageWeek ? runOnce(conf, profile, start, days, seed) : runByWeeks(built, conf, start, days, seed, threads);
        long cpu = processCpuMillis() - cpu0;
        double elapsed = (System.nanoTime() - run0) / 1e9;
        DeskHour all = r.center();
        System.out.printf(Locale.ROOT, "RESULT run companies=%d pooling=%s days=%d calls=%d events=%d wall=%.1f s (simulating, sum of"
                + " the runs: %.1f s) process CPU=%.1f s calls/s=%.0f load=%s%n", companies, pooling.name().toLowerCase(Locale.ROOT),
                days, r.calls(), r.events(), elapsed, r.wallMillis() / 1000.0, cpu / 1000.0, r.calls() / Math.max(elapsed, 1e-3),
                loadAverage());
        System.out.printf(Locale.ROOT, "RESULT center offered=%d answered=%d abandoned=%d closed=%d SL=%.1f%% ASA=%.1f s abandon=%.1f%%"
                + " longest=%.0f s callbacks=%d%n", all.get(Field.OFFERED), all.get(Field.ANSWERED), all.get(Field.ABANDONED),
                all.get(Field.CLOSED), 100 * all.serviceLevel(), all.asaSeconds(), 100 * all.abandonShare(), all.longestWaitSeconds(),
                all.get(Field.CALLBACK_ACCEPTED));
        for (int d = 0; d < r.deskIds().size(); d++) {
            DeskHour t = r.total(d);
            if (t.get(Field.OFFERED) == 0) {
                continue;
            }
            System.out.printf(Locale.ROOT, "RESULT desk %-22s offered=%9d SL=%5.1f%% ASA=%6.1f s abandon=%4.1f%% occupancy=%5.1f%%"
                    + " steps=%s%n", t.desk(), t.get(Field.OFFERED), 100 * t.serviceLevel(), t.asaSeconds(), 100 * t.abandonShare(),
                    100 * t.occupancy(), t.stepsText());
        }
        agentsNeeded(r, conf, perHour);
        pooling(built, r);
    }

    private static SimulationResult runOnce(Conf conf, TrafficProfile profile, LocalDate start, int days, long seed) {
        SimulationSpec spec = SimulationSpec.of(conf.center(), conf.overflow(), conf.staffing(), start, days, seed,
                NationalModel.SL_SECONDS, profile);
        return Simulator.run(spec, (simMs, totalMs, calls) -> System.out.printf(Locale.ROOT,
                "  progress: day %.0f of %d, %,d calls%n", simMs / 86_400_000.0, totalMs / 86_400_000, calls));
    }

    /**
     * One run per calendar week of {@code [start, start + days)}, each with that week's dated calls and its own seed, on
     * {@code threads} threads (the weeks are independent: nothing waits over a Sunday); the results added up in week order.
     */
    private static SimulationResult runByWeeks(Built built, Conf conf, LocalDate start, int days, long seed, int threads)
            throws InterruptedException, ExecutionException {
        LocalDate end = start.plusDays(days);
        List<LocalDate[]> weeks = new ArrayList<>();
        for (LocalDate from = start; from.isBefore(end);) {
            LocalDate monday = from.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
            LocalDate to = monday.plusDays(7).isBefore(end) ? monday.plusDays(7) : end;
            weeks.add(new LocalDate[] {from, to, monday});
            from = to;
        }
        AtomicLong done = new AtomicLong();
        AtomicInteger names = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> new Thread(r, "sim-week-" + names.incrementAndGet()));
        List<Future<SimulationResult>> futures = new ArrayList<>();
        try {
            for (int i = 0; i < weeks.size(); i++) {
                LocalDate[] w = weeks.get(i);
                long weekSeed = seed + i;
                futures.add(pool.submit(() -> {
                    int n = (int) ChronoUnit.DAYS.between(w[0], w[1]);
                    SimulationSpec spec = SimulationSpec.of(conf.center(), conf.overflow(), conf.staffing(), w[0], n, weekSeed,
                            NationalModel.SL_SECONDS, NationalTraffic.week(built, w[2]));
                    SimulationResult r = Simulator.run(spec, Simulator.Progress.NONE);
                    System.out.printf(Locale.ROOT, "  progress: %s..%s (%d days): %,d calls in %.1f s on %s; %,d calls done%n", w[0],
                            w[1].minusDays(1), n, r.calls(), r.wallMillis() / 1000.0, Thread.currentThread().getName(),
                            done.addAndGet(r.calls()));
                    return r;
                }));
            }
            long[][][] counts = null;
            int[] occurrences = new int[TrafficProfile.WEEK_HOURS];
            long calls = 0;
            long events = 0;
            long wall = 0;
            List<String> deskIds = null;
            for (Future<SimulationResult> f : futures) {
                SimulationResult r = f.get();
                if (counts == null) {
                    counts = r.counts();
                    deskIds = r.deskIds();
                } else {
                    for (int d = 0; d < counts.length; d++) {
                        for (int h = 0; h < counts[d].length; h++) {
                            for (int k = 0; k < counts[d][h].length; k++) {
                                counts[d][h][k] = k == Field.WAIT_MAX_MS.ordinal() ? Math.max(counts[d][h][k], r.counts()[d][h][k])
                                        : counts[d][h][k] + r.counts()[d][h][k];
                            }
                        }
                    }
                }
                for (int h = 0; h < occurrences.length; h++) {
                    occurrences[h] += r.hourOccurrences()[h];
                }
                calls += r.calls();
                events += r.events();
                wall += r.wallMillis();
            }
            return new SimulationResult(deskIds, NationalModel.SL_SECONDS, counts, occurrences, Map.of(), calls, events, wall);
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * Per desk and weekday hour: the agents an 80/20 needs on the simulated hour, as {@code ivr simulate run --recommend}
     * computes them ({@link StaffingRecommendation}: Erlang C on the hour's offered calls per occurrence and the measured
     * talk plus the desk's wrap-up); Monday's hours printed, the weekday peak and its sum over the desks.
     */
    private static void agentsNeeded(SimulationResult r, Conf conf, boolean perHour) {
        StaffingRecommendation rec = StaffingRecommendation.of(r, conf.center(), conf.overflow(), NationalModel.SL_TARGET,
                NationalModel.SL_SECONDS);
        Map<String, int[]> byDesk = new java.util.LinkedHashMap<>();
        for (StaffingRecommendation.Need n : rec.needs()) {
            byDesk.computeIfAbsent(n.desk(), k -> new int[TrafficProfile.WEEK_HOURS])[n.hourOfWeek()] = n.needed();
        }
        long peakSum = 0;
        for (Map.Entry<String, int[]> e : byDesk.entrySet()) {
            int peak = 0;
            StringBuilder line = new StringBuilder();
            for (int how = 0; how < 5 * 24; how++) {
                int n = e.getValue()[how];
                peak = Math.max(peak, n);
                if (perHour && how < 24 && n > 0) {
                    line.append(String.format(Locale.ROOT, " %02d:%d", how, n));
                }
            }
            if (peak > 0) {
                peakSum += peak;
                System.out.printf(Locale.ROOT, "RESULT agents-8020 desk %-22s weekday peak %4d; monday by hour:%s%n", e.getKey(), peak,
                        line);
            }
        }
        System.out.printf(Locale.ROOT, "RESULT agents-8020 sum of desk peaks %d; agents.yaml has %d; desk hours short of agents"
                + " anywhere: %d%n", peakSum, conf.center().agents().size(), rec.shortfalls().size());
    }

    /** The same traffic on per-company agents against the pooled desks (Erlang C at each one's busy hour). */
    private static void pooling(Built built, SimulationResult r) {
        long pooled = built.agentsBusyHour();
        long own = built.perCompanyAgents();
        long oneAgentCompanies = built.companyList().stream().filter(c -> c.annualCalls() < 1_000).count();
        double mean = built.companyList().stream().mapToDouble(Company::annualCalls).average().orElse(0);
        System.out.printf(Locale.ROOT, "RESULT pooling busy-hour calls=%.0f pooled-desks=%d agents, own-agents-per-company=%d agents "
                + "(x%.1f); companies under 1,000 calls a year: %d; mean %.0f calls a year%n", built.busyHourCalls(), pooled, own,
                (double) own / pooled, oneAgentCompanies, mean);
    }

    private static long processCpuMillis() {
        java.lang.management.OperatingSystemMXBean os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
            return sun.getProcessCpuTime() / 1_000_000;
        }
        return 0;
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim().split(" ")[0];
        } catch (java.io.IOException e) {
            return "unknown (" + e.getMessage() + ")";
        }
    }
}
