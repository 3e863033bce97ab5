package ascc.core.wallboard;

import ascc.core.http.HttpResponseSpec;
import ascc.core.report.ReportStore;
import ascc.routing.report.CallStats;
import ascc.routing.report.TrafficReport;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/**
 * {@code /wallboard/chart.svg}: calls offered and answered and the service level by hour, today against the same
 * weekday last week (from {@code call_record}, the traffic report's definitions). A small SVG drawn here, no library;
 * the page reloads it when a call ends (an event), never on a timer.
 */
final class WallboardChart {
    private static final int W = 960;
    private static final int H = 260;
    private static final int LEFT = 40;
    private static final int TOP = 20;
    private static final int PLOT_H = 190;
    private final ReportStore store;
    private final Clock clock;
    private final Supplier<ZoneId> zone;
    private final IntSupplier targetSeconds;

    WallboardChart(ReportStore store, Clock clock, Supplier<ZoneId> zone, IntSupplier targetSeconds) {
        this.store = store;
        this.clock = clock;
        this.zone = zone;
        this.targetSeconds = targetSeconds;
    }

    /** The chart (reads the database: on a handler thread). */
    HttpResponseSpec answer() throws SQLException {
        ZoneId z = zone.get();
        LocalDate today = LocalDate.ofInstant(clock.instant(), z);
        CallStats[] now = hours(today, z);
        CallStats[] before = hours(today.minusWeeks(1), z);
        return new HttpResponseSpec(200, "image/svg+xml", svg(today, now, before).getBytes(StandardCharsets.UTF_8), Map.of());
    }

    private CallStats[] hours(LocalDate day, ZoneId z) throws SQLException {
        var calls = store.calls(day.atStartOfDay(z).toInstant(), day.plusDays(1).atStartOfDay(z).toInstant(), Optional.empty(),
                Optional.empty());
        TrafficReport r = TrafficReport.of(calls, day, z, targetSeconds.getAsInt());
        CallStats[] out = new CallStats[24];
        for (TrafficReport.Row row : r.rows()) {
            if (row.scope() == TrafficReport.Scope.DESK && row.hour() != null) {
                out[row.hour()] = sum(out[row.hour()], row.stats());
            }
        }
        return out;
    }

    private static CallStats sum(CallStats a, CallStats b) {
        if (a == null) {
            return b;
        }
        return new CallStats(a.offered() + b.offered(), a.answered() + b.answered(), a.abandonedIvr() + b.abandonedIvr(),
                a.abandonedQueue() + b.abandonedQueue(), a.answeredWithinTarget() + b.answeredWithinTarget(),
                a.abandonedAfterTarget() + b.abandonedAfterTarget(), a.answeredWaitMs() + b.answeredWaitMs(),
                a.answeredTalkMs() + b.answeredTalkMs(), Map.of(), a.toPartner() + b.toPartner());
    }

    static String svg(LocalDate today, CallStats[] now, CallStats[] before) {
        int max = 1;
        for (int h = 0; h < 24; h++) {
            max = Math.max(max, Math.max(offered(now[h]), offered(before[h])));
        }
        double slot = (W - LEFT - 10) / 24.0;
        StringBuilder sb = new StringBuilder(8192);
        sb.append("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 ").append(W).append(' ').append(H)
                .append("\" font-family=\"sans-serif\" font-size=\"10\"><rect width=\"100%\" height=\"100%\" fill=\"#17212c\"/>");
        sb.append("<text x=\"").append(LEFT).append("\" y=\"13\" fill=\"#e6edf3\">Calls by hour ").append(today)
                .append(" (bars: offered today, answered inside; grey: same weekday last week; line: service level %)</text>");
        for (int i = 0; i <= 4; i++) {
            double y = TOP + PLOT_H - PLOT_H * i / 4.0;
            sb.append("<line x1=\"").append(LEFT).append("\" x2=\"").append(W - 10).append("\" y1=\"").append(f(y)).append("\" y2=\"")
                    .append(f(y)).append("\" stroke=\"#2a3947\"/><text x=\"4\" y=\"").append(f(y + 3)).append("\" fill=\"#8aa0b4\">")
                    .append(Math.round(max * i / 4.0)).append("</text>");
        }
        StringBuilder slNow = new StringBuilder();
        StringBuilder slBefore = new StringBuilder();
        for (int h = 0; h < 24; h++) {
            double x = LEFT + h * slot;
            bar(sb, x + slot * 0.1, slot * 0.35, offered(before[h]), max, "#4b5b6b", "last-week");
            bar(sb, x + slot * 0.5, slot * 0.4, offered(now[h]), max, "#4aa3ff", "offered");
            bar(sb, x + slot * 0.55, slot * 0.3, now[h] == null ? 0 : now[h].answered(), max, "#2fbf71", "answered");
            point(slNow, x + slot / 2, now[h]);
            point(slBefore, x + slot / 2, before[h]);
            sb.append("<text x=\"").append(f(x + slot / 2 - 6)).append("\" y=\"").append(TOP + PLOT_H + 14).append("\" fill=\"#8aa0b4\">")
                    .append(String.format("%02d", h)).append("</text>");
        }
        if (slBefore.length() > 0) {
            sb.append("<polyline fill=\"none\" stroke=\"#8aa0b4\" stroke-dasharray=\"4 3\" stroke-width=\"1.5\" points=\"")
                    .append(slBefore.toString().trim()).append("\"/>");
        }
        if (slNow.length() > 0) {
            sb.append("<polyline fill=\"none\" stroke=\"#f5b83d\" stroke-width=\"2\" points=\"").append(slNow.toString().trim())
                    .append("\"/>");
        }
        return sb.append("</svg>\n").toString();
    }

    private static void bar(StringBuilder sb, double x, double w, int value, int max, String fill, String cls) {
        if (value <= 0) {
            return;
        }
        double h = PLOT_H * (double) value / max;
        sb.append("<rect class=\"").append(cls).append("\" x=\"").append(f(x)).append("\" y=\"").append(f(TOP + PLOT_H - h))
                .append("\" width=\"").append(f(w)).append("\" height=\"").append(f(h)).append("\" fill=\"").append(fill)
                .append("\"><title>").append(cls).append(": ").append(value).append("</title></rect>");
    }

    private static void point(StringBuilder sb, double x, CallStats s) {
        if (s == null || s.serviceLevelPercent() == null) {
            return;
        }
        double y = TOP + PLOT_H - PLOT_H * s.serviceLevelPercent().doubleValue() / 100.0;
        sb.append(f(x)).append(',').append(f(y)).append(' ');
    }

    private static int offered(CallStats s) {
        return s == null ? 0 : s.offered();
    }

    private static String f(double v) {
        return String.format(java.util.Locale.ROOT, "%.1f", v);
    }
}
