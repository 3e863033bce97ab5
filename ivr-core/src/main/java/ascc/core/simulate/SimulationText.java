package ascc.core.simulate;

import ascc.routing.simulate.SimulationResult;
import ascc.routing.simulate.SimulationResult.DeskHour;
import ascc.routing.simulate.SimulationResult.Field;
import ascc.routing.simulate.StaffingRecommendation;
import java.time.DayOfWeek;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** A simulation's result as text: the table, CSV, the side-by-side comparison and the staffing.yaml fragment. */
public final class SimulationText {
    private static final String HEADER = String.format(Locale.ROOT, "%-12s %-9s %7s %7s %6s %6s %6s %7s %7s %6s %6s %5s  %s", "desk",
            "hour", "offered", "answer", "aband", "SL%", "ASA s", "max s", "occup%", "closed", "cb", "vm/pt", "overflow steps");

    private SimulationText() {
    }

    /** Per desk and hour with calls, then each desk's total, then the center. */
    public static String table(SimulationResult r) {
        StringBuilder sb = new StringBuilder();
        sb.append("service level within ").append(r.slSeconds()).append(" s, hours in the center's time zone").append('\n');
        sb.append(HEADER).append('\n');
        for (DeskHour h : r.rows()) {
            sb.append(line(h)).append('\n');
        }
        sb.append('\n').append(HEADER).append('\n');
        for (int d = 0; d < r.deskIds().size(); d++) {
            sb.append(line(r.total(d))).append('\n');
        }
        sb.append(line(r.center())).append('\n');
        return sb.toString();
    }

    private static String line(DeskHour h) {
        return String.format(Locale.ROOT, "%-12s %-9s %7d %7d %6d %6s %6s %7s %7s %6d %6s %5s  %s", h.desk(),
                SimulationResult.hourLabel(h.hourOfWeek()), h.get(Field.OFFERED), h.get(Field.ANSWERED), h.get(Field.ABANDONED),
                pct(h.serviceLevel()), num(h.asaSeconds(), 1), num(h.longestWaitSeconds(), 0), pct(h.occupancy()), h.get(Field.CLOSED),
                h.get(Field.CALLBACK_ACCEPTED) + h.get(Field.AFTER_HOURS_CALLBACK) == 0 ? "0"
                        : h.get(Field.CALLBACK_ACCEPTED) + "+" + h.get(Field.AFTER_HOURS_CALLBACK),
                h.get(Field.VOICEMAIL) + "/" + h.get(Field.PARTNER), h.stepsText());
    }

    /** Footer of the table: what the columns mean. */
    public static final String LEGEND = """
            columns: offered = calls that arrived (closed ones included); answer, aband = answered, hung up waiting;
              SL% = answered within T / (answered + abandoned after T), as ivr report; ASA s = mean wait of answered calls;
              max s = longest wait; occup% = busy (talk + wrap-up) / staffed time of the agents whose first desk this is;
              closed = arrived outside hours; cb = overflow callbacks accepted + after-hours callbacks booked;
              vm/pt = voicemail / partner center; overflow steps = step:calls on which the step was taken""";

    /** One row per desk and hour (hour -1: the desk's total; desk "all": the center). */
    public static String csv(SimulationResult r) {
        StringBuilder sb = new StringBuilder();
        sb.append("desk,hour_of_week,hour,offered,answered,abandoned,answered_in_sl,abandoned_after_sl,service_level,asa_s,"
                + "longest_wait_s,aht_s,occupancy,closed,voicemail,partner,callbacks_accepted,callbacks_done,callbacks_failed,"
                + "after_hours_callbacks,overflow_steps\n");
        List<DeskHour> rows = new ArrayList<>(r.rows());
        for (int d = 0; d < r.deskIds().size(); d++) {
            rows.add(r.total(d));
        }
        rows.add(r.center());
        for (DeskHour h : rows) {
            sb.append(h.desk()).append(',').append(h.hourOfWeek()).append(',').append(SimulationResult.hourLabel(h.hourOfWeek()))
                    .append(',').append(h.get(Field.OFFERED)).append(',').append(h.get(Field.ANSWERED)).append(',')
                    .append(h.get(Field.ABANDONED)).append(',').append(h.get(Field.ANSWERED_IN_SL)).append(',')
                    .append(h.get(Field.ABANDONED_AFTER_SL)).append(',').append(num(h.serviceLevel(), 4)).append(',')
                    .append(num(h.asaSeconds(), 2)).append(',').append(num(h.longestWaitSeconds(), 1)).append(',')
                    .append(num(h.ahtSeconds(), 1)).append(',').append(num(h.occupancy(), 4)).append(',')
                    .append(h.get(Field.CLOSED)).append(',').append(h.get(Field.VOICEMAIL)).append(',').append(h.get(Field.PARTNER))
                    .append(',').append(h.get(Field.CALLBACK_ACCEPTED)).append(',').append(h.get(Field.CALLBACK_DONE)).append(',')
                    .append(h.get(Field.CALLBACK_FAILED)).append(',').append(h.get(Field.AFTER_HOURS_CALLBACK)).append(',')
                    .append(h.stepsText()).append('\n');
        }
        return sb.toString();
    }

    /** Two runs of the same calls side by side: per desk total and per desk hour, A, B and B - A. */
    public static String compare(SimulationResult a, SimulationResult b, String nameA, String nameB) {
        StringBuilder sb = new StringBuilder();
        sb.append("A = ").append(nameA).append(", B = ").append(nameB).append("; the same calls (same seed); d = B - A\n");
        String head = String.format(Locale.ROOT, "%-12s %-9s | %6s %6s %7s | %6s %6s %7s | %5s %5s %6s | %6s %6s %7s", "desk", "hour",
                "SL% A", "SL% B", "d", "ASA A", "ASA B", "d", "ab A", "ab B", "d", "occ% A", "occ% B", "d");
        sb.append(head).append('\n');
        List<String> desks = new ArrayList<>(a.deskIds());
        for (String d : b.deskIds()) {
            if (!desks.contains(d)) {
                desks.add(d);
            }
        }
        for (String desk : desks) {
            int ia = a.deskIds().indexOf(desk);
            int ib = b.deskIds().indexOf(desk);
            DeskHour ta = ia < 0 ? null : a.total(ia);
            DeskHour tb = ib < 0 ? null : b.total(ib);
            sb.append(side(desk, "all", ta, tb)).append('\n');
        }
        sb.append(side("all", "all", a.center(), b.center())).append('\n');
        sb.append('\n').append(head).append('\n');
        for (String desk : desks) {
            int ia = a.deskIds().indexOf(desk);
            int ib = b.deskIds().indexOf(desk);
            for (int h = 0; h < 168; h++) {
                DeskHour ra = ia < 0 ? null : a.row(ia, h);
                DeskHour rb = ib < 0 ? null : b.row(ib, h);
                long offered = (ra == null ? 0 : ra.get(Field.OFFERED)) + (rb == null ? 0 : rb.get(Field.OFFERED));
                if (offered > 0) {
                    sb.append(side(desk, SimulationResult.hourLabel(h), ra, rb)).append('\n');
                }
            }
        }
        return sb.toString();
    }

    private static String side(String desk, String hour, DeskHour a, DeskHour b) {
        double slA = a == null ? Double.NaN : a.serviceLevel();
        double slB = b == null ? Double.NaN : b.serviceLevel();
        double asaA = a == null ? Double.NaN : a.asaSeconds();
        double asaB = b == null ? Double.NaN : b.asaSeconds();
        long abA = a == null ? 0 : a.get(Field.ABANDONED);
        long abB = b == null ? 0 : b.get(Field.ABANDONED);
        double ocA = a == null ? Double.NaN : a.occupancy();
        double ocB = b == null ? Double.NaN : b.occupancy();
        return String.format(Locale.ROOT, "%-12s %-9s | %6s %6s %7s | %6s %6s %7s | %5d %5d %+6d | %6s %6s %7s", desk, hour, pct(slA),
                pct(slB), signed(100 * (slB - slA), 1), num(asaA, 1), num(asaB, 1), signed(asaB - asaA, 1), abA, abB, abB - abA,
                pct(ocA), pct(ocB), signed(100 * (ocB - ocA), 1));
    }

    /** The recommendation as a staffing.yaml fragment (schedules to add), with the reasoning as comments. */
    public static String staffingFragment(StaffingRecommendation rec) {
        StringBuilder sb = new StringBuilder();
        sb.append("# staffing.yaml fragment proposed by ivr simulate run --recommend ").append(Math.round(rec.target() * 100)).append('/')
                .append(num(rec.slSeconds(), 0)).append('\n');
        sb.append("# agents needed per desk hour (Erlang C on the simulated offered calls and handle time + wrap-up):\n");
        for (StaffingRecommendation.Need n : rec.needs()) {
            sb.append(String.format(Locale.ROOT, "#   %-12s %-9s %7.1f calls/h  %6.0f s  needs %3d, own agents %3d%s%n", n.desk(),
                    SimulationResult.hourLabel(n.hourOfWeek()), n.callsPerHour(), n.ahtSeconds(), n.needed(), n.own(),
                    n.needed() > n.own() ? "  (+" + (n.needed() - n.own()) + ")" : ""));
        }
        for (String s : rec.shortfalls()) {
            sb.append("# SHORT: ").append(s).append('\n');
        }
        sb.append("# Each schedule adds one backup agent of another desk; check they are not needed on their own desk then.\n");
        sb.append("schedules:\n");
        if (rec.schedules().isEmpty()) {
            sb.setLength(sb.length() - "schedules:\n".length());
            sb.append("schedules: []   # every desk's own agents are enough\n");
        }
        for (StaffingRecommendation.Proposal p : rec.schedules()) {
            sb.append("  - name: ").append(p.name()).append('\n');
            sb.append("    desk: ").append(p.desk()).append('\n');
            sb.append("    agents: [\"").append(p.agent()).append("\"]\n");
            sb.append("    proficiency: ").append(p.proficiency()).append('\n');
            sb.append("    hours: {").append(hours(p.hoursOfWeek())).append("}\n");
        }
        return sb.toString();
    }

    /** Hours of the week as hours.yaml day keys, e.g. {@code mon: "09:00-12:00, 14:00-15:00", tue: "10:00-11:00"}. */
    static String hours(List<Integer> hoursOfWeek) {
        List<String> days = new ArrayList<>();
        for (DayOfWeek d : DayOfWeek.values()) {
            int base = (d.getValue() - 1) * 24;
            List<String> ranges = new ArrayList<>();
            int h = 0;
            while (h < 24) {
                if (!hoursOfWeek.contains(base + h)) {
                    h++;
                    continue;
                }
                int from = h;
                while (h < 24 && hoursOfWeek.contains(base + h)) {
                    h++;
                }
                ranges.add(String.format(Locale.ROOT, "%02d:00-%02d:00", from, h));
            }
            if (!ranges.isEmpty()) {
                days.add(d.name().substring(0, 3).toLowerCase(Locale.ROOT) + ": \"" + String.join(", ", ranges) + "\"");
            }
        }
        return String.join(", ", days);
    }

    private static String pct(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.1f", 100 * v);
    }

    static String num(double v, int decimals) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%." + decimals + "f", v);
    }

    private static String signed(double v, int decimals) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%+." + decimals + "f", v);
    }
}
