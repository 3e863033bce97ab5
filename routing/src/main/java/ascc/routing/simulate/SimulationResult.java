package ascc.routing.simulate;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What a simulation measured: per desk and hour of the week (calls belong to the hour they arrived in, as in
 * {@code ivr report}; a run of several weeks adds the same hour of each week up), per company, and the run's own figures.
 *
 * @param deskIds desks in desks.yaml order
 * @param slSeconds the service-level target T
 * @param counts {@code [desk][hourOfWeek][field]} (fields: {@link Field})
 * @param hourOccurrences how many times each hour of the week occurs in the run (to turn totals into per-hour rates)
 * @param companies per company id (desks.yaml order of first call): offered, answered, abandoned, closed, other
 * @param calls calls simulated
 * @param events events processed
 * @param wallMillis how long the run took on this machine
 */
public record SimulationResult(List<String> deskIds, int slSeconds, long[][][] counts, int[] hourOccurrences,
        Map<String, CompanyCounts> companies, long calls, long events, long wallMillis) {

    /** The counted fields. */
    public enum Field {
        OFFERED, ANSWERED, ABANDONED, ANSWERED_IN_SL, ABANDONED_AFTER_SL, WAIT_SUM_MS, WAIT_MAX_MS, CLOSED, VOICEMAIL, PARTNER,
        CALLBACK_ACCEPTED, CALLBACK_DONE, CALLBACK_FAILED, AFTER_HOURS_CALLBACK, BUSY_MS, STAFFED_MS, HANDLE_SUM_MS,
        /** Served by self-service in the IVR: counted in OFFERED (the caller called), never in the desk's queue. */
        SELF_SERVICE
    }

    /** Overflow steps counted per desk, hour and step (step 1 at index 0). */
    public static final int MAX_STEPS = 16;
    /** Longs per desk and hour: the fields, then one per overflow step. */
    public static final int WIDTH = Field.values().length + MAX_STEPS;

    /**
     * Calls of one company.
     *
     * @param offered every call
     * @param answered answered by an agent (callbacks that reached the customer included)
     * @param abandoned hung up waiting
     * @param closed arrived outside hours
     * @param desks calls per desk id
     * @param selfService served by self-service in the IVR (never reached a desk)
     */
    public record CompanyCounts(long offered, long answered, long abandoned, long closed, Map<String, Long> desks, long selfService) {
        /** Without self-service. */
        public CompanyCounts(long offered, long answered, long abandoned, long closed, Map<String, Long> desks) {
            this(offered, answered, abandoned, closed, desks, 0);
        }

        /** Served by self-service / every call; 0 when none. */
        public double containment() {
            return offered == 0 ? 0 : (double) selfService / offered;
        }
    }

    /**
     * One desk in one hour of the week (or the whole run when {@code hourOfWeek} is -1).
     *
     * @param desk desk id
     * @param hourOfWeek 0 = Monday 00:00, -1 for the whole run
     * @param c the counted fields and steps
     */
    public record DeskHour(String desk, int hourOfWeek, long[] c) {
        public long get(Field f) {
            return c[f.ordinal()];
        }

        /** Calls on which overflow step {@code stepNo} (1-based) was taken. */
        public long steps(int stepNo) {
            return c[Field.values().length + stepNo - 1];
        }

        /** Answered within T / (answered + abandoned after T), as {@code ivr report}; NaN when nothing to count. */
        public double serviceLevel() {
            long d = get(Field.ANSWERED) + get(Field.ABANDONED_AFTER_SL);
            return d == 0 ? Double.NaN : (double) get(Field.ANSWERED_IN_SL) / d;
        }

        /** Mean wait of answered calls in seconds; NaN when none answered. */
        public double asaSeconds() {
            long a = get(Field.ANSWERED);
            return a == 0 ? Double.NaN : get(Field.WAIT_SUM_MS) / 1000.0 / a;
        }

        /** Mean talk time of answered calls in seconds; NaN when none. */
        public double ahtSeconds() {
            long a = get(Field.ANSWERED);
            return a == 0 ? Double.NaN : get(Field.HANDLE_SUM_MS) / 1000.0 / a;
        }

        public double longestWaitSeconds() {
            return get(Field.WAIT_MAX_MS) / 1000.0;
        }

        /** Busy time (talk and wrap-up) / staffed time of the agents whose first desk this is; NaN when nobody was staffed. */
        public double occupancy() {
            long s = get(Field.STAFFED_MS);
            return s == 0 ? Double.NaN : (double) get(Field.BUSY_MS) / s;
        }

        /** Containment: served by self-service / every call (offered); NaN when none offered. */
        public double containment() {
            long o = get(Field.OFFERED);
            return o == 0 ? Double.NaN : (double) get(Field.SELF_SERVICE) / o;
        }

        /** Answer rate: answered / (answered + abandoned), the calls that wanted an agent; NaN when none. */
        public double answerShare() {
            long d = get(Field.ANSWERED) + get(Field.ABANDONED);
            return d == 0 ? Double.NaN : (double) get(Field.ANSWERED) / d;
        }

        /** Abandoned / (answered + abandoned). */
        public double abandonShare() {
            long d = get(Field.ANSWERED) + get(Field.ABANDONED);
            return d == 0 ? Double.NaN : (double) get(Field.ABANDONED) / d;
        }

        /** Every overflow step taken, e.g. {@code 1:3 2:1}; "" when none. */
        public String stepsText() {
            StringBuilder sb = new StringBuilder();
            for (int s = 1; s <= MAX_STEPS; s++) {
                if (steps(s) > 0) {
                    sb.append(sb.isEmpty() ? "" : " ").append(s).append(':').append(steps(s));
                }
            }
            return sb.toString();
        }
    }

    /** One desk's hour of the week. */
    public DeskHour row(int desk, int hourOfWeek) {
        return new DeskHour(deskIds.get(desk), hourOfWeek, counts[desk][hourOfWeek].clone());
    }

    /** One desk over the whole run (longest wait is the maximum, the rest sums). */
    public DeskHour total(int desk) {
        long[] sum = new long[WIDTH];
        for (long[] h : counts[desk]) {
            add(sum, h);
        }
        return new DeskHour(deskIds.get(desk), -1, sum);
    }

    /** Every desk over the whole run, as one row named {@code all}. */
    public DeskHour center() {
        long[] sum = new long[WIDTH];
        for (long[][] d : counts) {
            for (long[] h : d) {
                add(sum, h);
            }
        }
        return new DeskHour("all", -1, sum);
    }

    /** Rows of every desk and hour with calls or staffed agents, desks in order, hours in order. */
    public List<DeskHour> rows() {
        List<DeskHour> out = new ArrayList<>();
        for (int d = 0; d < deskIds.size(); d++) {
            for (int h = 0; h < TrafficProfile.WEEK_HOURS; h++) {
                if (counts[d][h][Field.OFFERED.ordinal()] > 0) {
                    out.add(row(d, h));
                }
            }
        }
        return out;
    }

    static void add(long[] sum, long[] h) {
        for (int i = 0; i < WIDTH; i++) {
            sum[i] = i == Field.WAIT_MAX_MS.ordinal() ? Math.max(sum[i], h[i]) : sum[i] + h[i];
        }
    }

    /** {@code mon 09:00} for hour of week 9. */
    public static String hourLabel(int hourOfWeek) {
        String[] days = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
        return hourOfWeek < 0 ? "all" : String.format("%s %02d:00", days[hourOfWeek / 24], hourOfWeek % 24);
    }
}
