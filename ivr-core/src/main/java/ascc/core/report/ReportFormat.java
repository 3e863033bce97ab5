package ascc.core.report;

import ascc.core.selfservice.SelfServiceStore;
import ascc.routing.report.CallStats;
import ascc.routing.report.TrafficReport;
import java.math.BigDecimal;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** The traffic report as an aligned text table or as CSV (RFC 4180, one header line). */
public final class ReportFormat {
    /** CSV header; the table uses the same columns. */
    public static final String HEADER = "scope,key,period,offered,answered,abandoned_ivr,abandoned_queue,abandon_rate_pct,"
            + "service_level_pct,asa_s,aht_s,overflow_by_step,to_partner";

    private ReportFormat() {
    }

    public static String csv(TrafficReport r) {
        StringBuilder b = new StringBuilder(HEADER).append("\r\n");
        for (TrafficReport.Row row : r.rows()) {
            CallStats s = row.stats();
            b.append(row.scope().name().toLowerCase(java.util.Locale.ROOT)).append(',').append(quote(row.key())).append(',')
                    .append(row.period()).append(',').append(s.offered()).append(',').append(s.answered()).append(',')
                    .append(s.abandonedIvr()).append(',').append(s.abandonedQueue()).append(',').append(num(s.abandonRatePercent()))
                    .append(',').append(num(s.serviceLevelPercent())).append(',').append(num(s.asaSeconds())).append(',')
                    .append(num(s.ahtSeconds())).append(',').append(steps(s.overflowByStep())).append(',')
                    .append(s.toPartner()).append("\r\n");
        }
        return b.toString();
    }

    public static String table(TrafficReport r) {
        StringBuilder b = new StringBuilder();
        b.append("traffic report ").append(r.day()).append(" (").append(r.zone()).append("), service level: answered within ")
                .append(r.targetSeconds()).append(" s\n");
        String fmt = "%-8s %-16s %-6s %8s %8s %7s %9s %9s %7s %7s %7s %8s  %s%n";
        b.append(String.format(fmt, "scope", "key", "period", "offered", "answered", "ab.ivr", "ab.queue", "abandon%", "SL%",
                "ASA s", "AHT s", "partner", "overflow (step:calls)"));
        for (TrafficReport.Row row : r.rows()) {
            CallStats s = row.stats();
            b.append(String.format(fmt, row.scope().name().toLowerCase(java.util.Locale.ROOT), row.key(), row.period(), s.offered(),
                    s.answered(), s.abandonedIvr(), s.abandonedQueue(), dash(s.abandonRatePercent()), dash(s.serviceLevelPercent()),
                    dash(s.asaSeconds()), dash(s.ahtSeconds()), s.toPartner(), steps(s.overflowByStep())));
        }
        if (r.rows().isEmpty()) {
            b.append("(no calls)\n");
        }
        return b.toString();
    }

    /**
     * The dispositions section under the table: per desk, {@code code:calls} of the codes agents picked on the agent desktop
     * (the day's calls); nothing when none was picked.
     */
    public static String dispositions(Map<String, Map<String, Integer>> byDesk) {
        if (byDesk.isEmpty()) {
            return "";
        }
        StringBuilder b = new StringBuilder("dispositions (agent desktop), per desk: code:calls\n");
        byDesk.forEach((desk, codes) -> b.append(String.format("%-16s %s%n", desk, codes.entrySet().stream()
                .map(e -> e.getKey() + ":" + e.getValue()).collect(Collectors.joining(" ")))));
        return b.toString();
    }

    private static String num(BigDecimal v) {
        return v == null ? "" : v.toPlainString();
    }

    private static String dash(BigDecimal v) {
        return v == null ? "-" : v.toPlainString();
    }

    private static String steps(Map<Integer, Integer> byStep) {
        return byStep.entrySet().stream().map(e -> e.getKey() + ":" + e.getValue()).collect(Collectors.joining(" "));
    }

    private static String quote(String v) {
        return v.contains(",") || v.contains("\"") ? "\"" + v.replace("\"", "\"\"") + "\"" : v;
    }

    /**
     * The self-service containment per company (from {@code call_self_service}), as lines after the traffic table; "" when
     * nobody visited self-service.
     */
    public static String containment(Map<String, SelfServiceStore.Containment> byCompany) {
        if (byCompany.isEmpty()) {
            return "";
        }
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%nself-service%n%-20s %7s %9s %9s %9s %13s%n", "company", "visits",
                "resolved", "to agent", "abandoned", "containment%"));
        byCompany.forEach((company, c) -> sb.append(String.format(Locale.ROOT, "%-20s %7d %9d %9d %9d %13.1f%n", company, c.visits(),
                c.resolved(), c.toAgent(), c.abandoned(), c.ratePercent())));
        return sb.toString();
    }
}
