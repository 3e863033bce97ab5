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
                + " answered / (answered + abandoned); max s = longest wait in a queue\n");
        sb.append(String.format(Locale.ROOT, "%-12s %7s | %8s %8s | %8s %8s | %7s %7s | %6s %6s | %6s %6s | %6s %6s%n", "desk", "calls",
                "contain A", "contain B", "answer A", "answer B", "max s A", "max s B", "SL% A", "SL% B", "ASA A", "ASA B", "ab A",
                "ab B"));
        List<DeskHour> ta = totals(a);
        List<DeskHour> tb = totals(b);
        for (int i = 0; i < ta.size(); i++) {
            DeskHour x = ta.get(i);
            DeskHour y = tb.stream().filter(h -> h.desk().equals(x.desk())).findFirst().orElse(null);
            if (y == null) {
                continue;
            }
            sb.append(String.format(Locale.ROOT, "%-12s %7d | %8s %8s | %8s %8s | %7s %7s | %6s %6s | %6s %6s | %6d %6d%n", x.desk(),
                    x.get(Field.OFFERED), pct(x.containment()), pct(y.containment()), pct(x.answerShare()), pct(y.answerShare()),
                    SimulationText.num(x.longestWaitSeconds(), 0), SimulationText.num(y.longestWaitSeconds(), 0), pct(x.serviceLevel()),
                    pct(y.serviceLevel()), SimulationText.num(x.asaSeconds(), 1), SimulationText.num(y.asaSeconds(), 1),
                    x.get(Field.ABANDONED), y.get(Field.ABANDONED)));
        }
        return sb.toString();
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
