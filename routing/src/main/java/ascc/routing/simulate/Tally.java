package ascc.routing.simulate;

import ascc.routing.simulate.SimulationResult.Field;

/**
 * The counters of a run: per desk and hour of the week, and time integrals (busy and staffed agents) split exactly at hour
 * boundaries. Primitive arrays only; one instance per run, one thread.
 */
final class Tally {
    private static final long HOUR_MS = 3_600_000L;
    final long[][][] counts;
    /** Local hour of the week of each run hour (index = ms since the run's start / 1 h). */
    private final int[] hourOfWeek;
    private final long[] busyN;
    private final long[] staffedN;
    private final long[] lastBusy;
    private final long[] lastStaffed;

    final long slMs;
    final long[] companyOffered;
    final long[] companyAnswered;
    final long[] companyAbandoned;
    final long[] companyClosed;
    final long[] companySelfService;
    final long[][] companyDesk;

    Tally(int desks, int[] hourOfWeek, long slMs, int companies) {
        this.slMs = slMs;
        this.companyOffered = new long[companies + 1];
        this.companyAnswered = new long[companies + 1];
        this.companyAbandoned = new long[companies + 1];
        this.companyClosed = new long[companies + 1];
        this.companySelfService = new long[companies + 1];
        this.companyDesk = new long[companies + 1][desks];
        this.counts = new long[desks][TrafficProfile.WEEK_HOURS][SimulationResult.WIDTH];
        this.hourOfWeek = hourOfWeek;
        this.busyN = new long[desks];
        this.staffedN = new long[desks];
        this.lastBusy = new long[desks];
        this.lastStaffed = new long[desks];
    }

    /** Company index {@code companies} (the last) counts calls of unknown companies. */
    void companyAnswered(int company) {
        companyAnswered[company]++;
    }

    /** A call served by self-service in the IVR (never reaches the desk's queue). */
    void selfService(int desk, int how, int company) {
        counts[desk][how][Field.SELF_SERVICE.ordinal()]++;
        companySelfService[company]++;
    }

    void companyAbandoned(int company) {
        companyAbandoned[company]++;
    }

    /** Hour of the week of run time {@code t} (ms). */
    int hourOf(long t) {
        int h = (int) (t / HOUR_MS);
        return hourOfWeek[Math.min(h, hourOfWeek.length - 1)];
    }

    void add(int desk, int how, Field f, long n) {
        counts[desk][how][f.ordinal()] += n;
    }

    void max(int desk, int how, Field f, long v) {
        long[] c = counts[desk][how];
        if (v > c[f.ordinal()]) {
            c[f.ordinal()] = v;
        }
    }

    void step(int desk, int how, int stepNo) {
        if (stepNo <= SimulationResult.MAX_STEPS) {
            counts[desk][how][Field.values().length + stepNo - 1]++;
        }
    }

    /** The number of busy agents of {@code desk} (their first desk) changes by {@code delta} at {@code t}. */
    void busy(int desk, long t, int delta) {
        integrate(desk, t, busyN, lastBusy, Field.BUSY_MS);
        busyN[desk] += delta;
    }

    /** The number of staffed (on duty, not paused) agents of {@code desk} changes by {@code delta} at {@code t}. */
    void staffed(int desk, long t, int delta) {
        integrate(desk, t, staffedN, lastStaffed, Field.STAFFED_MS);
        staffedN[desk] += delta;
    }

    /** Closes the integrals at the run's end. */
    void finish(long end) {
        for (int d = 0; d < busyN.length; d++) {
            integrate(d, end, busyN, lastBusy, Field.BUSY_MS);
            integrate(d, end, staffedN, lastStaffed, Field.STAFFED_MS);
        }
    }

    private void integrate(int desk, long t, long[] n, long[] last, Field f) {
        long from = last[desk];
        if (t <= from) {
            return;
        }
        last[desk] = t;
        long count = n[desk];
        if (count == 0) {
            return;
        }
        while (from < t) {
            long hourEnd = (from / HOUR_MS + 1) * HOUR_MS;
            long to = Math.min(t, hourEnd);
            counts[desk][hourOf(from)][f.ordinal()] += (to - from) * count;
            from = to;
        }
    }
}
