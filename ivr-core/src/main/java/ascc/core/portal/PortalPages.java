package ascc.core.portal;

import ascc.core.billing.Statement;
import ascc.core.billing.StatementLine;
import ascc.core.http.HttpRequestInfo;
import ascc.core.http.HttpResponseSpec;
import ascc.core.http.Json;
import ascc.core.web.Html;
import ascc.core.web.WebAuth;
import ascc.core.web.WebSession;
import ascc.routing.billing.Money;
import ascc.routing.report.CallStats;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The company portal's pages and API ({@code /portal...}, company logins only; the routes are added by
 * {@link PortalFeature}). The company is always the session principal's ({@link #scope}); a query parameter only ever
 * names a day, a month or a call id, and an id is looked up together with that company: another company's id answers 404
 * exactly like an unknown one.
 */
public final class PortalPages {
    private static final Logger LOG = LoggerFactory.getLogger(PortalPages.class);
    /** Days of the daily table (the chosen day and the 13 before it). */
    static final int DAYS = 14;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");

    private final PortalData data;
    private final Clock clock;
    private final java.util.function.Function<String, String> companyName;

    /** @param companyName a company's display name by id (companies.yaml; the id itself when unknown) */
    public PortalPages(PortalData data, Clock clock, java.util.function.Function<String, String> companyName) {
        this.data = Objects.requireNonNull(data, "data");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.companyName = Objects.requireNonNull(companyName, "companyName");
    }

    /**
     * One GET route of the portal.
     *
     * @param path the path
     * @param page true for a page (no session: to the login), false for JSON or a file (no session: 401)
     * @param handler what answers it
     */
    public record Route(String path, boolean page, WebAuth.SessionHandler handler) {
    }

    /** Every route of the portal, in the order they are added; the isolation test walks each with another company's ids. */
    public List<Route> routes() {
        return List.of(new Route("/portal", true, this::page), new Route("/portal/calls.json", false, this::callsJson),
                new Route("/portal/recording", false, this::recording), new Route("/portal/statement", true, this::statement));
    }

    /** The one company this session may see: its principal's, never the request's. */
    static CompanyScope scope(WebSession session) {
        String company = session.principal().companyId();
        if (company == null) {
            throw new IllegalStateException("a company page was served to login " + session.principal().login() + " without a company");
        }
        return new CompanyScope(company);
    }

    /** {@code ?day=YYYY-MM-DD}, today (center time) when absent; empty when malformed. */
    private Optional<LocalDate> day(HttpRequestInfo req, ZoneId zone) {
        Optional<String> p = req.queryParam("day");
        if (p.isEmpty() || p.get().isBlank()) {
            return Optional.of(LocalDate.ofInstant(clock.instant(), zone));
        }
        try {
            return Optional.of(LocalDate.parse(p.get()));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private static HttpResponseSpec badRequest(String what) {
        return HttpResponseSpec.json(400, "{\"error\":" + Json.string(new StringBuilder(), what) + "}");
    }

    private static HttpResponseSpec notFound() {
        return HttpResponseSpec.json(404, "{\"error\":\"not found\"}");
    }

    // ---------------------------------------------------------------------------------------- GET /portal

    /** The portal: traffic by day and hour, the day's calls and recordings, statements, happy-calls, follow-ups, surveys. */
    public HttpResponseSpec page(HttpRequestInfo req, WebSession session) throws Exception {
        CompanyScope me = scope(session);
        ZoneId zone = data.zone();
        Optional<LocalDate> chosen = day(req, zone);
        if (chosen.isEmpty()) {
            return badRequest("day must be YYYY-MM-DD");
        }
        LocalDate day = chosen.get();
        StringBuilder b = new StringBuilder(8192);
        b.append("<link rel=\"stylesheet\" href=\"/web/portal.css\">");
        b.append("<h1 id=\"portal-company\" data-company=\"").append(Html.esc(me.id())).append("\">")
                .append(Html.esc(companyName.apply(me.id()))).append("</h1>");
        b.append("<form method=\"get\" action=\"/portal\" class=\"day-picker\"><label>Day <input type=\"date\" name=\"day\" value=\"")
                .append(day).append("\"></label> <button type=\"submit\">Show</button></form>");
        b.append("<nav class=\"sections\"><a href=\"#traffic\">Traffic</a> <a href=\"#calls\">Calls</a> <a href=\"#statements\">")
                .append("Statements</a> <a href=\"#happy\">Happy-calls</a> <a href=\"#surveys\">Surveys</a></nav>");

        b.append("<section id=\"traffic\"><h2>Calls by day</h2><p class=\"muted\">Service level: answered within ")
                .append(data.serviceLevelSeconds()).append(" s (the traffic report's definitions; times ").append(Html.esc(zone.getId()))
                .append(")</p>");
        statsTable(b, "days", "Day", data.days(me, day.minusDays(DAYS - 1L), day).reversed().stream()
                .map(p -> Map.entry("<a href=\"/portal?day=" + p.day() + "\">" + p.day() + "</a>", p.stats())).toList());
        b.append("<h2>").append(day).append(" by hour</h2>");
        statsTable(b, "hours", "Hour", data.hours(me, day).stream()
                .map(p -> Map.entry(String.format("%02d:00", p.hour()), p.stats())).toList());
        b.append("</section>");

        b.append("<section id=\"calls\"><h2>Calls of ").append(day).append("</h2>");
        List<PortalData.CallRow> calls = data.calls(me, day);
        if (calls.isEmpty()) {
            b.append("<p class=\"muted\" id=\"no-calls\">No calls.</p>");
        } else {
            b.append("<table id=\"calls-table\"><thead><tr><th>Time</th><th>Caller</th><th>Desk</th><th>Outcome</th>")
                    .append("<th class=\"n\">Wait s</th><th class=\"n\">Talk s</th><th>Recording</th></tr></thead><tbody>");
            for (PortalData.CallRow c : calls) {
                b.append("<tr data-call=\"").append(Html.esc(c.linkedId())).append("\"><td>")
                        .append(TIME.format(c.enteredAt().atZone(zone))).append("</td><td>").append(Html.esc(c.maskedNumber()))
                        .append("</td><td>").append(Html.esc(c.deskId())).append("</td><td>").append(Html.esc(c.outcome()))
                        .append("</td><td class=\"n\">").append(seconds(c.waitMs())).append("</td><td class=\"n\">")
                        .append(seconds(c.talkMs())).append("</td><td>");
                if (c.recorded()) {
                    String url = "/portal/recording?call=" + Html.esc(java.net.URLEncoder.encode(c.linkedId(),
                            java.nio.charset.StandardCharsets.UTF_8));
                    b.append("<audio controls preload=\"none\" src=\"").append(url).append("\"></audio> <a href=\"").append(url)
                            .append("&amp;download=1\">download</a>");
                }
                b.append("</td></tr>");
            }
            b.append("</tbody></table>");
        }
        b.append("</section>");

        b.append("<section id=\"statements\"><h2>Monthly statements</h2>");
        List<YearMonth> months = data.statementMonths(me);
        if (months.isEmpty()) {
            b.append("<p class=\"muted\">No closed month yet.</p>");
        } else {
            b.append("<ul>");
            for (YearMonth m : months) {
                b.append("<li><a class=\"statement\" href=\"/portal/statement?month=").append(m).append("\">").append(m)
                        .append("</a></li>");
            }
            b.append("</ul>");
        }
        b.append("</section>");

        b.append("<section id=\"happy\"><h2>Happy-call scores</h2>");
        List<PortalData.ScoreSummary> scores = data.happyCallScores(me);
        if (scores.isEmpty()) {
            b.append("<p class=\"muted\">No answers yet.</p>");
        } else {
            b.append("<table><thead><tr><th>Question</th><th class=\"n\">Answers</th><th class=\"n\">Average</th>");
            for (int s = 1; s <= 5; s++) {
                b.append("<th class=\"n\">").append(s).append("</th>");
            }
            b.append("</tr></thead><tbody>");
            for (PortalData.ScoreSummary s : scores) {
                b.append("<tr><td>").append(Html.esc(s.questionId())).append("</td><td class=\"n\">").append(s.answers())
                        .append("</td><td class=\"n\">").append(String.format(java.util.Locale.ROOT, "%.1f", s.average()))
                        .append("</td>");
                for (int k = 1; k <= 5; k++) {
                    b.append("<td class=\"n\">").append(s.byScore().getOrDefault(k, 0)).append("</td>");
                }
                b.append("</tr>");
            }
            b.append("</tbody></table>");
        }
        b.append("<h2>Open follow-ups</h2>");
        List<PortalData.FollowUpRow> follow = data.openFollowUps(me);
        if (follow.isEmpty()) {
            b.append("<p class=\"muted\">None open.</p>");
        } else {
            b.append("<table id=\"follow-ups\"><thead><tr><th>Task</th><th>Opened</th><th>Customer</th><th>Reason</th>")
                    .append("<th>Status</th></tr></thead><tbody>");
            for (PortalData.FollowUpRow f : follow) {
                b.append("<tr><td>").append(f.id()).append("</td><td>").append(f.openedAt() == null ? ""
                        : f.openedAt().atZone(zone).toLocalDate()).append("</td><td>").append(Html.esc(f.maskedNumber()))
                        .append("</td><td>").append(Html.esc(f.reason())).append("</td><td>").append(Html.esc(f.status()))
                        .append("</td></tr>");
            }
            b.append("</tbody></table>");
        }
        b.append("</section>");

        b.append("<section id=\"surveys\"><h2>Survey results</h2>");
        List<PortalData.SurveyQuestion> surveys = data.surveyResults(me);
        if (surveys.isEmpty()) {
            b.append("<p class=\"muted\">No survey answers yet.</p>");
        } else {
            b.append("<table><thead><tr><th>Campaign</th><th>Question</th><th class=\"n\">Answers</th><th>By answer</th></tr>")
                    .append("</thead><tbody>");
            for (PortalData.SurveyQuestion q : surveys) {
                b.append("<tr><td>").append(Html.esc(q.campaignId())).append("</td><td>").append(Html.esc(q.questionId()))
                        .append("</td><td class=\"n\">").append(q.answers()).append("</td><td>");
                q.byAnswer().entrySet().stream().sorted(Map.Entry.comparingByKey())
                        .forEach(e -> b.append("<span class=\"answer\">").append(e.getKey()).append(": ").append(e.getValue())
                                .append("</span> "));
                b.append("</td></tr>");
            }
            b.append("</tbody></table>");
        }
        b.append("</section>");
        return HttpResponseSpec.html(200, Html.page("Company portal", session, b.toString(), List.of()));
    }

    private static void statsTable(StringBuilder b, String id, String first, List<Map.Entry<String, CallStats>> rows) {
        if (rows.isEmpty()) {
            b.append("<p class=\"muted\" id=\"").append(id).append("-none\">No calls.</p>");
            return;
        }
        b.append("<table id=\"").append(id).append("\"><thead><tr><th>").append(first).append("</th><th class=\"n\">Offered</th>")
                .append("<th class=\"n\">Answered</th><th class=\"n\">Service level %</th><th class=\"n\">Abandon %</th>")
                .append("<th class=\"n\">ASA s</th></tr></thead><tbody>");
        for (Map.Entry<String, CallStats> r : rows) {
            CallStats s = r.getValue();
            b.append("<tr><td>").append(r.getKey()).append("</td><td class=\"n offered\">").append(s.offered())
                    .append("</td><td class=\"n\">").append(s.answered()).append("</td><td class=\"n\">")
                    .append(dash(s.serviceLevelPercent())).append("</td><td class=\"n\">").append(dash(s.abandonRatePercent()))
                    .append("</td><td class=\"n\">").append(dash(s.asaSeconds())).append("</td></tr>");
        }
        b.append("</tbody></table>");
    }

    private static String dash(BigDecimal v) {
        return v == null ? "-" : v.toPlainString();
    }

    private static String seconds(Long ms) {
        return ms == null ? "" : Long.toString(Math.round(ms / 1000.0));
    }

    // ---------------------------------------------------------------------------------------- GET /portal/calls.json

    /** The traffic of {@code ?day=} as JSON: the day's totals and each hour, the report's figures. */
    public HttpResponseSpec callsJson(HttpRequestInfo req, WebSession session) throws Exception {
        CompanyScope me = scope(session);
        Optional<LocalDate> chosen = day(req, data.zone());
        if (chosen.isEmpty()) {
            return badRequest("day must be YYYY-MM-DD");
        }
        LocalDate day = chosen.get();
        StringBuilder sb = new StringBuilder(512).append("{\"company\":");
        Json.string(sb, me.id()).append(",\"day\":\"").append(day).append("\",\"total\":");
        stats(sb, data.days(me, day, day).get(0).stats()).append(",\"hours\":[");
        List<PortalData.Period> hours = data.hours(me, day);
        for (int i = 0; i < hours.size(); i++) {
            sb.append(i > 0 ? "," : "").append("{\"hour\":").append(hours.get(i).hour()).append(",\"stats\":");
            stats(sb, hours.get(i).stats()).append('}');
        }
        sb.append("],\"calls\":[");
        List<PortalData.CallRow> calls = data.calls(me, day);
        for (int i = 0; i < calls.size(); i++) {
            PortalData.CallRow c = calls.get(i);
            sb.append(i > 0 ? "," : "").append("{\"call\":");
            Json.string(sb, c.linkedId()).append(",\"at\":\"").append(c.enteredAt()).append("\",\"number\":");
            Json.string(sb, c.maskedNumber()).append(",\"outcome\":");
            Json.string(sb, c.outcome()).append(",\"recorded\":").append(c.recorded()).append('}');
        }
        return HttpResponseSpec.json(200, sb.append("]}").toString());
    }

    private static StringBuilder stats(StringBuilder sb, CallStats s) {
        return sb.append("{\"offered\":").append(s.offered()).append(",\"answered\":").append(s.answered())
                .append(",\"serviceLevelPercent\":").append(s.serviceLevelPercent()).append(",\"abandonRatePercent\":")
                .append(s.abandonRatePercent()).append(",\"asaSeconds\":").append(s.asaSeconds()).append('}');
    }

    // ---------------------------------------------------------------------------------------- GET /portal/recording

    /** {@code ?call=<linkedid>}: the recording, if it is this company's; played in the page or downloaded. */
    public HttpResponseSpec recording(HttpRequestInfo req, WebSession session) throws Exception {
        CompanyScope me = scope(session);
        String call = req.queryParam("call").orElse("");
        Optional<Path> file = data.recordingFile(me, call);
        if (file.isEmpty()) {
            LOG.info("portal: company {} asked for recording {}: not one of its recordings", me.id(),
                    call.length() > 80 ? call.substring(0, 80) : call);
            return notFound();
        }
        String disposition = req.queryParam("download").isPresent() ? "attachment" : "inline";
        return HttpResponseSpec.file("audio/wav", file.get(), Map.of("Content-Disposition", disposition + "; filename=\"" + me.id()
                + "-" + call + ".wav\""));
    }

    // ---------------------------------------------------------------------------------------- GET /portal/statement

    /** {@code ?month=YYYY-MM}: the company's closed statement as a page; the print stylesheet leaves only the statement. */
    public HttpResponseSpec statement(HttpRequestInfo req, WebSession session) throws Exception {
        CompanyScope me = scope(session);
        YearMonth month;
        try {
            month = YearMonth.parse(req.queryParam("month").orElse(""));
        } catch (DateTimeParseException e) {
            return badRequest("month must be YYYY-MM");
        }
        Optional<Statement> found = data.statement(me, month);
        if (found.isEmpty()) {
            return notFound();
        }
        Statement s = found.get();
        ZoneId zone = data.zone();
        StringBuilder b = new StringBuilder(4096);
        b.append("<link rel=\"stylesheet\" href=\"/web/portal.css\"><article class=\"statement\" id=\"statement\">");
        b.append("<p class=\"no-print\"><a href=\"/portal#statements\">Back to the portal</a> - print this page for the paper copy")
                .append("</p><h1>Monthly statement ").append(s.month()).append("</h1><p><b>").append(Html.esc(s.companyName()))
                .append("</b> (").append(Html.esc(s.companyId())).append(")<br>Tier ").append(Html.esc(s.tier())).append(", ")
                .append(String.format(java.util.Locale.ROOT, "%.3f", s.fteMilli() / 1000.0)).append(" agents<br><span class=\"muted\">")
                .append("Closed ").append(s.closedAt().atZone(zone).toLocalDateTime().withNano(0)).append(' ')
                .append(Html.esc(zone.getId()))
                .append("; amounts in KRW</span></p><h2>Usage</h2><table><thead><tr><th>Item</th><th class=\"n\">Count</th></tr>")
                .append("</thead><tbody>");
        for (StatementLine l : s.lines()) {
            if (l.kind() == StatementLine.Kind.USAGE) {
                b.append("<tr><td>").append(Html.esc(l.description())).append("</td><td class=\"n\">").append(Money.format(l.quantity()))
                        .append("</td></tr>");
            }
        }
        b.append("</tbody></table><h2>Charges</h2><table><thead><tr><th>Item</th><th class=\"n\">Quantity</th>")
                .append("<th class=\"n\">Unit price</th><th class=\"n\">Amount</th></tr></thead><tbody>");
        for (StatementLine l : s.lines()) {
            if (l.kind() != StatementLine.Kind.USAGE) {
                boolean info = l.kind() == StatementLine.Kind.INFO;
                b.append(info ? "<tr class=\"muted\">" : "<tr>").append("<td>").append(Html.esc(l.description()))
                        .append(info ? " (not due)" : "").append("</td><td class=\"n\">").append(Money.format(l.quantity()))
                        .append("</td><td class=\"n\">").append(Money.format(l.unitPrice())).append("</td><td class=\"n\">")
                        .append(Money.format(l.amount())).append("</td></tr>");
            }
        }
        b.append("<tr class=\"total\"><td colspan=\"3\">Total due</td><td class=\"n\" id=\"total-due\">").append(Money.format(s.totalDue()))
                .append("</td></tr></tbody></table></article>");
        return HttpResponseSpec.html(200, Html.page("Statement " + s.month(), session, b.toString(), List.of()));
    }
}
