package ascc.core.billing;

import ascc.routing.billing.Money;
import java.nio.charset.Charset;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Exports of closed statements.
 *
 * <p><b>CSV for accounting</b> ({@link #csv}): comma-separated, RFC 4180 quoting, one header line, one row per
 * company statement, amounts in whole KRW without separators. Written as UTF-8, UTF-8 with a BOM (Excel then reads the
 * Korean names right) or CP949 ({@link #csvBytes}). A text cell starting with {@code = + - @}, a tab or a carriage
 * return (a company named {@code =HYPERLINK(...)}) is written with a leading {@code '} so a spreadsheet shows it as
 * text and never runs it as a formula (OWASP "CSV injection"); numbers are ours and never neutralised. Columns, in
 * order:
 * <pre>
 * month            billing month, YYYY-MM (program time zone)
 * company_id       company id (companies.yaml)
 * company_name     company name at close
 * tier             usage tier of the month's answered calls
 * fte              agents of the tier, decimal with 3 places
 * offered          calls offered
 * answered         calls answered
 * abandoned        calls abandoned in the IVR or queue
 * after_hours      calls while closed
 * callbacks        callbacks requested
 * voicemail        voicemails
 * talk_minutes     talk time, minutes rounded half up
 * happy_calls      happy calls (free)
 * survey_completed completed survey responses
 * labor_basis      tier FTE x yearly labor cost / 12
 * government_share subsidy: labor basis - company share
 * company_share    the company's share of the labor basis
 * base_fee         monthly base fee
 * survey_charge    survey responses billed
 * adjustments      late usage of earlier closed months
 * total_due        company_share + base_fee + survey_charge + adjustments
 * closed_at        when the month was closed, ISO-8601 UTC
 * </pre>
 */
public final class BillingExport {
    public static final String CSV_HEADER = "month,company_id,company_name,tier,fte,offered,answered,abandoned,after_hours,callbacks,"
            + "voicemail,talk_minutes,happy_calls,survey_completed,labor_basis,government_share,company_share,base_fee,survey_charge,"
            + "adjustments,total_due,closed_at";

    private BillingExport() {
    }

    /** The accounting CSV of {@code statements} (see the class comment for the columns). */
    public static String csv(List<Statement> statements) {
        StringBuilder out = new StringBuilder(CSV_HEADER).append("\r\n");
        for (Statement s : statements) {
            out.append(String.join(",", s.month().toString(), cell(s.companyId()), cell(s.companyName()), cell(s.tier()),
                    fte(s.fteMilli()), n(s.usage("offered")), n(s.usage("answered")), n(s.usage("abandoned")),
                    n(s.usage("after-hours")), n(s.usage("callbacks")), n(s.usage("voicemails")), n(s.usage("talk")),
                    n(s.usage("happy")), n(s.usage("survey responses")), n(s.laborBasis()), n(s.governmentShare()),
                    n(s.companyShare()), n(s.baseFee()), n(s.surveyCharge()), n(s.adjustments()), n(s.totalDue()),
                    s.closedAt().toString())).append("\r\n");
        }
        return out.toString();
    }

    /** A printable HTML statement (A4, print-friendly CSS), self-contained. */
    public static String html(Statement s, ZoneId zone) {
        StringBuilder b = new StringBuilder();
        b.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<title>Statement ").append(esc(s.companyId()))
                .append(' ').append(s.month()).append("</title>\n<style>\n")
                .append("@page { size: A4; margin: 18mm; }\n")
                .append("body { font-family: sans-serif; font-size: 11pt; color: #000; }\n")
                .append("table { border-collapse: collapse; width: 100%; margin: 8pt 0; }\n")
                .append("th, td { border-bottom: 1px solid #999; padding: 3pt 6pt; text-align: left; }\n")
                .append("td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }\n")
                .append("tr.total td { font-weight: bold; border-top: 2px solid #000; }\n")
                .append(".muted { color: #555; }\n</style></head><body>\n");
        b.append("<h1>Monthly statement ").append(s.month()).append("</h1>\n");
        b.append("<p><b>").append(esc(s.companyName())).append("</b> (").append(esc(s.companyId())).append(")<br>")
                .append("Tier ").append(esc(s.tier())).append(", ").append(fte(s.fteMilli())).append(" agents<br>")
                .append("<span class=\"muted\">Closed ").append(DateTimeFormatter.ISO_LOCAL_DATE_TIME
                        .format(s.closedAt().atZone(zone).toLocalDateTime().withNano(0))).append(' ').append(zone)
                .append("; amounts in KRW; each line rounded half up to the won once</span></p>\n");
        b.append("<h2>Usage</h2>\n<table><tr><th>Item</th><th class=\"n\">Count</th></tr>\n");
        for (StatementLine l : s.lines()) {
            if (l.kind() == StatementLine.Kind.USAGE) {
                b.append("<tr><td>").append(esc(l.description())).append("</td><td class=\"n\">").append(Money.format(l.quantity()))
                        .append("</td></tr>\n");
            }
        }
        b.append("</table>\n<h2>Charges</h2>\n<table><tr><th>Item</th><th class=\"n\">Quantity</th><th class=\"n\">Unit price</th>"
                + "<th class=\"n\">Amount</th></tr>\n");
        for (StatementLine l : s.lines()) {
            if (l.kind() == StatementLine.Kind.USAGE) {
                continue;
            }
            boolean info = l.kind() == StatementLine.Kind.INFO;
            b.append(info ? "<tr class=\"muted\">" : "<tr>").append("<td>").append(esc(l.description()))
                    .append(info ? " (not due)" : "").append("</td><td class=\"n\">").append(Money.format(l.quantity()))
                    .append("</td><td class=\"n\">").append(Money.format(l.unitPrice())).append("</td><td class=\"n\">")
                    .append(Money.format(l.amount())).append("</td></tr>\n");
        }
        b.append("<tr class=\"total\"><td colspan=\"3\">Total due</td><td class=\"n\">").append(Money.format(s.totalDue()))
                .append("</td></tr>\n</table>\n</body></html>\n");
        return b.toString();
    }

    /** The encodings {@link #csvBytes} writes. */
    public enum Encoding {
        UTF_8("utf-8"), UTF_8_BOM("utf-8-bom"), CP949("cp949");

        private final String id;

        Encoding(String id) {
            this.id = id;
        }

        public String id() {
            return id;
        }

        /** By id ({@code utf-8}, {@code utf-8-bom}, {@code cp949}), or empty. */
        public static Optional<Encoding> of(String id) {
            return Arrays.stream(values()).filter(e -> e.id.equalsIgnoreCase(id)).findFirst();
        }
    }

    /**
     * The CSV as bytes in {@code encoding}. CP949 cannot write every character: one it cannot is refused with the
     * company it is in, rather than silently written as {@code ?}.
     */
    public static byte[] csvBytes(List<Statement> statements, Encoding encoding) throws BillingException {
        String text = csv(statements);
        return switch (encoding) {
            case UTF_8 -> text.getBytes(StandardCharsets.UTF_8);
            case UTF_8_BOM -> ("\uFEFF" + text).getBytes(StandardCharsets.UTF_8);
            case CP949 -> {
                CharsetEncoder enc = Charset.forName("x-windows-949").newEncoder();
                for (Statement s : statements) {
                    if (!enc.canEncode(s.companyName()) || !enc.canEncode(s.companyId()) || !enc.canEncode(s.tier())) {
                        throw new BillingException("company " + s.companyId() + "'s name cannot be written in CP949; use"
                                + " --encoding utf-8-bom");
                    }
                }
                yield text.getBytes(Charset.forName("x-windows-949"));
            }
        };
    }

    /** A text cell: neutralised if a spreadsheet would read it as a formula, then quoted as RFC 4180 needs. */
    static String cell(String v) {
        if (v != null && !v.isEmpty() && "=+-@\t\r".indexOf(v.charAt(0)) >= 0) {
            return quote("'" + v);
        }
        return quote(v);
    }

    static String quote(String v) {
        if (v == null) {
            return "";
        }
        if (v.contains(",") || v.contains("\"") || v.contains("\n") || v.contains("\r")) {
            return "\"" + v.replace("\"", "\"\"") + "\"";
        }
        return v;
    }

    static String esc(String v) {
        return v.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    private static String n(long v) {
        return Long.toString(v);
    }

    private static String fte(int milli) {
        return String.format(Locale.ROOT, "%d.%03d", milli / 1000, milli % 1000);
    }
}
