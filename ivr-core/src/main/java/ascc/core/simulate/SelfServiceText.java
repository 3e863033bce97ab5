package ascc.core.simulate;

import ascc.routing.simulate.SimulationResult;
import ascc.routing.simulate.SimulationResult.CompanyCounts;
import ascc.routing.simulate.SimulationResult.DeskHour;
import ascc.routing.simulate.SimulationResult.Field;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The self-service part of a simulation's output: containment (served in the IVR / calls) per desk and company, and with
 * {@code --compare} the desk figures the issue asks for (longest wait, answer rate, SL, ASA) beside it. Empty when neither run
 * served anyone by self-service, so outputs of profiles without self-service are unchanged.
 */
public final class SelfServiceText {
    private SelfServiceText() {
    }

    /** Containment per desk, the center, and each company that had any; "" when nobody was served by self-service. */
    public static String table(SimulationResult r) {
        if (r.center().get(Field.SELF_SERVICE) == 0) {
            return "";
        }
        StringBuilder sb = new StringBuilder("\nself-service: containment = served in the IVR / calls; answer% = answered / (answered"
                + " + abandoned)\n");
        sb.append(String.format(Locale.ROOT, "%-12s %8s %8s %7s %8s %8s %7s%n", "desk", "calls", "selfsvc", "contain%", "to desk",
                "answered", "answer%"));
        for (DeskHour h : totals(r)) {
            sb.append(String.format(Locale.ROOT, "%-12s %8d %8d %7s %8d %8d %7s%n", h.desk(), h.get(Field.OFFERED),
                    h.get(Field.SELF_SERVICE), pct(h.containment()), h.get(Field.OFFERED) - h.get(Field.SELF_SERVICE) - h.get(Field.CLOSED),
                    h.get(Field.ANSWERED), pct(h.answerShare())));
        }
        sb.append(String.format(Locale.ROOT, "%-24s %8s %8s %7s%n", "company", "calls", "selfsvc", "contain%"));
        for (Map.Entry<String, CompanyCounts> e : r.companies().entrySet()) {
            CompanyCounts c = e.getValue();
            if (c.selfService() > 0) {
                sb.append(String.format(Locale.ROOT, "%-24s %8d %8d %7s%n", e.getKey(), c.offered(), c.selfService(),
                        pct(c.containment())));
            }
        }
        return sb.toString();
    }

    /** A and B per desk total and for the center: containment, answer rate, longest wait, SL, ASA; "" when neither had any. */
    public static String compare(SimulationResult a, SimulationResult b) {
        if (a.center().get(Field.SELF_SERVICE) == 0 && b.center().get(Field.SELF_SERVICE) == 0) {
            return "";
        }
        StringBuilder sb = new StringBuilder("\nself-service and the desks (A | B): contain% = served in the IVR / calls; answer% ="
                + " answered / (answered + abandoned); served% = (self-service + answered) / calls open; max s = longest wait in a"
                + " queue\n");
        String head = String.format(Locale.ROOT, "%-12s %-9s %6s | %5s %5s | %6s %6s | %6s %6s | %5s %5s | %5s %5s | %5s %5s | %5s %5s%n",
                "desk", "hour", "calls", "cnt A", "cnt B", "ans% A", "ans% B", "srv% A", "srv% B", "max A", "max B", "SL% A", "SL% B",
                "ASA A", "ASA B", "ab A", "ab B");
        sb.append(head);
        List<DeskHour> ta = totals(a);
        List<DeskHour> tb = totals(b);
        for (DeskHour x : ta) {
            tb.stream().filter(h -> h.desk().equals(x.desk())).findFirst().ifPresent(y -> sb.append(side(x, y)));
        }
        sb.append(head);
        for (int h = 0; h < 168; h++) {
            DeskHour x = allDesks(a, h);
            if (x.get(Field.OFFERED) > 0) {
                sb.append(side(x, allDesks(b, h)));
            }
        }
        return sb.toString();
    }

    private static String side(DeskHour x, DeskHour y) {
        return String.format(Locale.ROOT, "%-12s %-9s %6d | %5s %5s | %6s %6s | %6s %6s | %5s %5s | %5s %5s | %5s %5s | %5d %5d%n",
                x.desk(), SimulationResult.hourLabel(x.hourOfWeek()), x.get(Field.OFFERED), pct(x.containment()), pct(y.containment()),
                pct(x.answerShare()), pct(y.answerShare()), pct(served(x)), pct(served(y)), SimulationText.num(x.longestWaitSeconds(), 0),
                SimulationText.num(y.longestWaitSeconds(), 0), pct(x.serviceLevel()), pct(y.serviceLevel()),
                SimulationText.num(x.asaSeconds(), 1), SimulationText.num(y.asaSeconds(), 1), x.get(Field.ABANDONED),
                y.get(Field.ABANDONED));
    }

    /** (Served by self-service + answered) / calls that arrived while open: the caller's answer rate, whoever answered. */
    static double served(DeskHour h) {
        long open = h.get(Field.OFFERED) - h.get(Field.CLOSED);
        return open == 0 ? Double.NaN : (double) (h.get(Field.SELF_SERVICE) + h.get(Field.ANSWERED)) / open;
    }

    /** Every desk in one hour of the week, as one row named {@code all} (longest wait the maximum, the rest sums). */
    static DeskHour allDesks(SimulationResult r, int hourOfWeek) {
        long[] sum = new long[SimulationResult.WIDTH];
        for (int d = 0; d < r.deskIds().size(); d++) {
            long[] c = r.counts()[d][hourOfWeek];
            for (int i = 0; i < sum.length; i++) {
                sum[i] = i == Field.WAIT_MAX_MS.ordinal() ? Math.max(sum[i], c[i]) : sum[i] + c[i];
            }
        }
        return new DeskHour("all", hourOfWeek, sum);
    }

    /** Each desk with calls over the whole run, then the center ("all"). */
    private static List<DeskHour> totals(SimulationResult r) {
        List<DeskHour> out = new ArrayList<>();
        for (int d = 0; d < r.deskIds().size(); d++) {
            DeskHour t = r.total(d);
            if (t.get(Field.OFFERED) > 0) {
                out.add(t);
            }
        }
        out.add(r.center());
        return out;
    }

    private static String pct(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.1f", 100 * v);
    }
}
