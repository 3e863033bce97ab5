package ascc.core.portal;

import ascc.core.billing.BillingStore;
import ascc.core.billing.MonthlyClose;
import ascc.core.billing.Statement;
import ascc.core.recordings.RecordingFiles;
import ascc.core.report.ReportStore;
import ascc.recordings.RecordingPaths;
import ascc.routing.Phones;
import ascc.routing.callbacks.FollowUpStatus;
import ascc.routing.report.CallStats;
import ascc.routing.report.ReportCall;
import ascc.routing.report.TrafficReport;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.IntSupplier;
import java.util.function.Supplier;
import javax.sql.DataSource;

/**
 * What the company portal shows, for ONE company: every method takes the {@link CompanyScope} of the logged-in company
 * (made from the session's principal, never from a request parameter) and every query filters on it. Ids that come from a
 * URL (a call's linkedid, a statement month) are looked up together with the company, so another company's id answers
 * "not found", exactly like an id that does not exist.
 *
 * <p>Traffic uses the traffic report's definitions ({@link TrafficReport}, {@link CallStats}: offered, answered, service
 * level, abandon rate, ASA) over {@link ReportStore}, the same rows {@code ivr report --company} reads.
 */
public final class PortalData {
    /** At most this many recordings are listed (newest first). */
    static final int RECORDINGS_LIMIT = 200;

    private final DataSource db;
    private final Supplier<ZoneId> zone;
    private final IntSupplier serviceLevelSeconds;
    private final Supplier<Path> recordingsDir;
    private final ReportStore report;
    private final BillingStore billing;

    /**
     * @param zone the center's time zone (engine.yaml)
     * @param serviceLevelSeconds the service-level target T (agent-states.yaml), as the report uses it
     * @param recordingsDir where the engine sees recordings (recordings.yaml)
     */
    public PortalData(DataSource db, Supplier<ZoneId> zone, IntSupplier serviceLevelSeconds, Supplier<Path> recordingsDir) {
        this.db = Objects.requireNonNull(db, "db");
        this.zone = Objects.requireNonNull(zone, "zone");
        this.serviceLevelSeconds = Objects.requireNonNull(serviceLevelSeconds, "serviceLevelSeconds");
        this.recordingsDir = Objects.requireNonNull(recordingsDir, "recordingsDir");
        this.report = new ReportStore(db);
        this.billing = new BillingStore(db);
    }

    public ZoneId zone() {
        return zone.get();
    }

    /** The service-level target T in seconds. */
    public int serviceLevelSeconds() {
        return serviceLevelSeconds.getAsInt();
    }

    // ---------------------------------------------------------------------------------------- traffic

    /** One period's figures: a day ({@code hour} null) or an hour of a day. */
    public record Period(LocalDate day, Integer hour, CallStats stats) {
    }

    /** The company's figures for each day of {@code [from, to]} (days without calls included, with zeros). */
    public List<Period> days(CompanyScope company, LocalDate from, LocalDate to) throws SQLException {
        ZoneId z = zone.get();
        List<ReportCall> calls = report.calls(TrafficReport.dayStart(from, z).toInstant(),
                TrafficReport.dayStart(to.plusDays(1), z).toInstant(), Optional.of(company.id()), Optional.empty());
        List<Period> out = new ArrayList<>();
        for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
            TrafficReport r = TrafficReport.of(calls, d, z, serviceLevelSeconds.getAsInt());
            out.add(new Period(d, null, companyRows(r, company).getOrDefault(-1, CallStats.EMPTY)));
        }
        return out;
    }

    /** The company's figures for each hour of {@code day} with calls, in order. */
    public List<Period> hours(CompanyScope company, LocalDate day) throws SQLException {
        ZoneId z = zone.get();
        List<ReportCall> calls = report.calls(TrafficReport.dayStart(day, z).toInstant(),
                TrafficReport.dayStart(day.plusDays(1), z).toInstant(), Optional.of(company.id()), Optional.empty());
        TrafficReport r = TrafficReport.of(calls, day, z, serviceLevelSeconds.getAsInt());
        List<Period> out = new ArrayList<>();
        companyRows(r, company).forEach((hour, stats) -> {
            if (hour >= 0) {
                out.add(new Period(day, hour, stats));
            }
        });
        return out;
    }

    private static Map<Integer, CallStats> companyRows(TrafficReport r, CompanyScope company) {
        Map<Integer, CallStats> out = new TreeMap<>();
        for (TrafficReport.Row row : r.rows()) {
            if (row.scope() == TrafficReport.Scope.COMPANY && row.key().equals(company.id())) {
                out.put(row.hour() == null ? -1 : row.hour(), row.stats());
            }
        }
        return out;
    }

    // ---------------------------------------------------------------------------------------- calls and recordings

    /**
     * A call of the company, as the portal lists it (the caller's number masked).
     *
     * @param linkedId the call's id (the recording's id)
     * @param enteredAt when it entered
     * @param deskId its desk
     * @param outcome how it ended
     * @param waitMs queue wait
     * @param talkMs talk time
     * @param maskedNumber the caller, masked
     * @param recorded whether the call record names a recording
     */
    public record CallRow(String linkedId, Instant enteredAt, String deskId, String outcome, Long waitMs, Long talkMs,
                          String maskedNumber, boolean recorded) {
    }

    /** The company's calls of {@code day}, newest first. */
    public List<CallRow> calls(CompanyScope company, LocalDate day) throws SQLException {
        ZoneId z = zone.get();
        return callRows(company, "entered_at >= ? AND entered_at < ?", TrafficReport.dayStart(day, z).toInstant(),
                TrafficReport.dayStart(day.plusDays(1), z).toInstant(), Integer.MAX_VALUE);
    }

    /** The company's recorded calls of {@code [from, to]}, newest first, at most {@value #RECORDINGS_LIMIT}. */
    public List<CallRow> recordings(CompanyScope company, LocalDate from, LocalDate to) throws SQLException {
        ZoneId z = zone.get();
        return callRows(company, "recording_path IS NOT NULL AND entered_at >= ? AND entered_at < ?",
                TrafficReport.dayStart(from, z).toInstant(), TrafficReport.dayStart(to.plusDays(1), z).toInstant(), RECORDINGS_LIMIT);
    }

    private List<CallRow> callRows(CompanyScope company, String where, Instant from, Instant to, int limit) throws SQLException {
        List<CallRow> out = new ArrayList<>();
        try (Connection c = db.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT linked_id, entered_at, desk_id, outcome, wait_ms, talk_ms,"
                     + " caller_number, recording_path FROM call_record WHERE company_id = ? AND " + where
                     + " ORDER BY entered_at DESC")) {
            ps.setString(1, company.id());
            ps.setObject(2, LocalDateTime.ofInstant(from, ZoneOffset.UTC));
            ps.setObject(3, LocalDateTime.ofInstant(to, ZoneOffset.UTC));
            ps.setMaxRows(limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new CallRow(rs.getString(1), time(rs, 2), rs.getString(3), rs.getString(4), longOrNull(rs, 5),
                            longOrNull(rs, 6), Phones.mask(rs.getString(7)), rs.getString(8) != null));
                }
            }
        }
        return out;
    }

    /**
     * The recording file of the company's call {@code callId}: empty when the id is malformed, is not a call of this
     * company (another company's id included), has no recording, or the file is gone. Found by {@link RecordingFiles}
     * inside the company's own directory only (the recordings feature's lookup: the linkedid's days, then the stored day).
     */
    public Optional<Path> recordingFile(CompanyScope company, String callId) throws SQLException, IOException {
        if (callId == null || !RecordingPaths.validCallId(callId)) {
            return Optional.empty();
        }
        String stored;
        try (Connection c = db.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT recording_path FROM call_record WHERE linked_id = ? AND company_id = ?")) {
            ps.setString(1, callId);
            ps.setString(2, company.id());
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next() || rs.getString(1) == null) {
                    return Optional.empty();
                }
                stored = rs.getString(1);
            }
        }
        RecordingFiles files = new RecordingFiles(recordingsDir.get());
        Optional<Path> file = files.find(company.id(), callId, RecordingFiles.daysOf(callId));
        if (file.isEmpty()) {
            Optional<LocalDate> day = RecordingFiles.dayOfStoredPath(stored);
            if (day.isPresent()) {
                file = files.find(company.id(), callId, List.of(day.get()));
            }
        }
        return file;
    }

    // ---------------------------------------------------------------------------------------- statements

    /** The months with a closed statement of the company (main ledger), newest first. */
    public List<YearMonth> statementMonths(CompanyScope company) throws SQLException {
        List<YearMonth> out = new ArrayList<>();
        try (Connection c = db.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT bill_month FROM billing_statement WHERE ledger = ? AND company_id = ?"
                     + " ORDER BY bill_month DESC")) {
            ps.setString(1, MonthlyClose.MAIN_LEDGER);
            ps.setString(2, company.id());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(YearMonth.parse(rs.getString(1)));
                }
            }
        }
        return out;
    }

    /** The company's closed statement of {@code month} (main ledger), if there is one. */
    public Optional<Statement> statement(CompanyScope company, YearMonth month) throws SQLException {
        return billing.statement(MonthlyClose.MAIN_LEDGER, company.id(), month);
    }

    // ---------------------------------------------------------------------------------------- happy-calls, follow-ups, surveys

    /**
     * Happy-call scores of one question: how many customers gave each score (1-5) and the average.
     *
     * @param questionId the question (campaigns.yaml)
     * @param byScore score -> answers
     */
    public record ScoreSummary(String questionId, Map<Integer, Integer> byScore) {
        public int answers() {
            return byScore.values().stream().mapToInt(Integer::intValue).sum();
        }

        /** The average score, or null without answers. */
        public Double average() {
            int n = answers();
            return n == 0 ? null : byScore.entrySet().stream().mapToDouble(e -> (double) e.getKey() * e.getValue()).sum() / n;
        }
    }

    /** The company's happy-call scores per question (every answer so far). */
    public List<ScoreSummary> happyCallScores(CompanyScope company) throws SQLException {
        Map<String, Map<Integer, Integer>> by = new LinkedHashMap<>();
        try (Connection c = db.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT a.question_id, a.score, COUNT(*) FROM happy_call_answer a"
                     + " JOIN happy_call h ON h.id = a.happy_call_id WHERE h.company_id = ?"
                     + " GROUP BY a.question_id, a.score ORDER BY a.question_id, a.score")) {
            ps.setString(1, company.id());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    by.computeIfAbsent(rs.getString(1), q -> new TreeMap<>()).put(rs.getInt(2), rs.getInt(3));
                }
            }
        }
        List<ScoreSummary> out = new ArrayList<>();
        by.forEach((q, m) -> out.add(new ScoreSummary(q, Map.copyOf(m))));
        return out;
    }

    /**
     * An open follow-up task of the company (a low happy-call score), the customer's number masked.
     *
     * @param id the task
     * @param relatedCall the original call
     * @param reason why it was opened
     * @param openedAt when
     * @param status its status
     * @param maskedNumber the customer, masked
     */
    public record FollowUpRow(long id, String relatedCall, String reason, Instant openedAt, String status, String maskedNumber) {
    }

    /** The company's follow-up tasks not yet SOLVED, oldest first. */
    public List<FollowUpRow> openFollowUps(CompanyScope company) throws SQLException {
        List<FollowUpRow> out = new ArrayList<>();
        try (Connection c = db.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT id, related_linked_id, reason, requested_at, status, callback_number"
                     + " FROM callback_request WHERE company_id = ? AND reason IS NOT NULL AND status <> ? ORDER BY requested_at")) {
            ps.setString(1, company.id());
            ps.setString(2, FollowUpStatus.SOLVED.name());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new FollowUpRow(rs.getLong(1), rs.getString(2), rs.getString(3), time(rs, 4), rs.getString(5),
                            Phones.mask(rs.getString(6))));
                }
            }
        }
        return out;
    }

    /**
     * Survey answers of one question of one campaign: how many customers keyed each answer.
     *
     * @param campaignId the campaign
     * @param questionId the question
     * @param byAnswer answer digit -> customers
     */
    public record SurveyQuestion(String campaignId, String questionId, Map<Integer, Integer> byAnswer) {
        public int answers() {
            return byAnswer.values().stream().mapToInt(Integer::intValue).sum();
        }
    }

    /** The company's survey results per campaign and question. */
    public List<SurveyQuestion> surveyResults(CompanyScope company) throws SQLException {
        Map<String, Map<Integer, Integer>> by = new LinkedHashMap<>();
        try (Connection c = db.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT campaign_id, question_id, answer, COUNT(*) FROM survey_answer"
                     + " WHERE company_id = ? GROUP BY campaign_id, question_id, answer ORDER BY campaign_id, question_id, answer")) {
            ps.setString(1, company.id());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    by.computeIfAbsent(rs.getString(1) + "\u0000" + rs.getString(2), k -> new TreeMap<>()).put(rs.getInt(3), rs.getInt(4));
                }
            }
        }
        List<SurveyQuestion> out = new ArrayList<>();
        by.forEach((k, m) -> {
            String[] p = k.split("\u0000", 2);
            out.add(new SurveyQuestion(p[0], p[1], Map.copyOf(m)));
        });
        return out;
    }

    private static Instant time(ResultSet rs, int column) throws SQLException {
        LocalDateTime t = rs.getObject(column, LocalDateTime.class);
        return t == null ? null : t.toInstant(ZoneOffset.UTC);
    }

    private static Long longOrNull(ResultSet rs, int column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : v;
    }
}
