package ascc.core.simulate;

import ascc.routing.simulate.SimulationResult;
import ascc.routing.simulate.SimulationResult.DeskHour;
import ascc.routing.simulate.SimulationResult.Field;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * SVG line charts of a simulation by hour of the week, one line per desk: service level, and waiting (ASA and longest wait).
 * Plain SVG 1.1, no script, no external resources.
 */
public final class SvgCharts {
    private static final String[] COLORS = {"#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f",
        "#bcbd22", "#17becf"};
    private static final int W = 900;
    private static final int H = 360;
    private static final int LEFT = 60;
    private static final int RIGHT = 140;
    private static final int TOP = 40;
    private static final int BOTTOM = 50;

    private SvgCharts() {
    }

    /** File name to SVG text: {@code service-level.svg}, {@code asa.svg}, {@code longest-wait.svg}. */
    public static Map<String, String> charts(SimulationResult r) {
        Map<String, String> out = new LinkedHashMap<>();
        out.put("service-level.svg", chart(r, "Service level (% within " + r.slSeconds() + " s) by hour", "%", 100,
                h -> 100 * h.serviceLevel()));
        out.put("asa.svg", chart(r, "Average speed of answer (s) by hour", "s", 0, DeskHour::asaSeconds));
        out.put("longest-wait.svg", chart(r, "Longest wait (s) by hour", "s", 0, DeskHour::longestWaitSeconds));
        return out;
    }

    private static String chart(SimulationResult r, String title, String unit, double fixedMax, ToDoubleFunction<DeskHour> value) {
        int first = Integer.MAX_VALUE;
        int last = -1;
        double max = fixedMax;
        for (DeskHour h : r.rows()) {
            first = Math.min(first, h.hourOfWeek());
            last = Math.max(last, h.hourOfWeek());
            double v = value.applyAsDouble(h);
            if (!Double.isNaN(v) && fixedMax == 0) {
                max = Math.max(max, v);
            }
        }
        if (last < 0) {
            first = 0;
            last = 1;
        }
        if (max <= 0) {
            max = 1;
        }
        max = niceCeil(max);
        int span = Math.max(1, last - first);
        double pw = W - LEFT - RIGHT;
        double ph = H - TOP - BOTTOM;
        StringBuilder sb = new StringBuilder();
        sb.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        sb.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\""
                + " font-family=\"sans-serif\" font-size=\"11\">%n", W, H, W, H));
        sb.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"22\" font-size=\"14\" font-weight=\"bold\">%s</text>%n", LEFT,
                esc(title)));
        for (int i = 0; i <= 4; i++) {
            double y = TOP + ph - ph * i / 4;
            sb.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#ddd\"/>%n", LEFT, y,
                    LEFT + pw, y));
            sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s %s</text>%n", LEFT - 6, y + 4,
                    SimulationText.num(max * i / 4, max >= 20 ? 0 : 1), unit));
        }
        int step = Math.max(1, span / 12);
        for (int h = first; h <= last; h += step) {
            double x = LEFT + pw * (h - first) / span;
            sb.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>%n", x, H - BOTTOM + 16,
                    esc(SimulationResult.hourLabel(h))));
        }
        for (int d = 0; d < r.deskIds().size(); d++) {
            String color = COLORS[d % COLORS.length];
            StringBuilder pts = new StringBuilder();
            for (int h = first; h <= last; h++) {
                DeskHour row = r.row(d, h);
                double v = row.get(Field.OFFERED) == 0 ? Double.NaN : value.applyAsDouble(row);
                if (Double.isNaN(v)) {
                    if (!pts.isEmpty()) {
                        polyline(sb, pts, color);
                        pts.setLength(0);
                    }
                    continue;
                }
                double x = LEFT + pw * (h - first) / span;
                double y = TOP + ph - ph * Math.min(v, max) / max;
                pts.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
            }
            if (!pts.isEmpty()) {
                polyline(sb, pts, color);
            }
            double ly = TOP + 14 * d;
            sb.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"12\" height=\"3\" fill=\"%s\"/>%n", LEFT + pw + 12,
                    ly, color));
            sb.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\">%s</text>%n", LEFT + pw + 30, ly + 5,
                    esc(r.deskIds().get(d))));
        }
        sb.append("</svg>\n");
        return sb.toString();
    }

    private static void polyline(StringBuilder sb, StringBuilder pts, String color) {
        sb.append("<polyline fill=\"none\" stroke-width=\"2\" stroke=\"").append(color).append("\" points=\"")
                .append(pts.toString().trim()).append("\"/>\n");
    }

    private static double niceCeil(double v) {
        double p = Math.pow(10, Math.floor(Math.log10(v)));
        for (double m : new double[] {1, 2, 2.5, 5, 10}) {
            if (m * p >= v) {
                return m * p;
            }
        }
        return 10 * p;
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
