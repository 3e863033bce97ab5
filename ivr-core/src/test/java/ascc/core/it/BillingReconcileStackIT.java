package ascc.core.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ascc.core.Engine;
import ascc.core.ami.AmiEvent;
import ascc.core.billing.BillingMonth;
import ascc.core.billing.BillingStore;
import ascc.core.billing.Metering;
import ascc.core.billing.MonthlyClose;
import ascc.core.billing.Statement;
import ascc.core.billing.SurveyUsageSource;
import ascc.core.cdr.AsteriskCallStore;
import ascc.core.cdr.CdrEvents;
import ascc.core.cdr.CdrIngest;
import ascc.core.db.Database;
import ascc.core.db.DbSettings;
import ascc.core.config.yaml.BillingConfigLoader;
import ascc.routing.billing.Usage;
import ascc.routing.config.Secret;
import ascc.testsupport.sip.TestPhone;
import ascc.testsupport.sipp.SippResult;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Reconciliation with Asterisk's CDRs through the real stack. Two SIPp customers dial company alpha's own number: the
 * first while the engine runs (IVR, answered by agent 2101: an engine call record and Asterisk's CDRs), the second while
 * the engine's FastAGI is down (the engine runs with its AGI on another port, so Asterisk's AGI connect is refused and the
 * dialplan sends the caller to the fallback queue, where 2101 answers; the engine follows it over AMI only and records it
 * without a company, Asterisk's CDR has alpha's number). Both calls are on alpha's statement exactly once, both answered.
 * Every Cdr event received is then replayed twice: nothing changes.
 */
class BillingReconcileStackIT {
    private static final String LEDGER = "it-billing-reconcile";
    private static final String ALPHA_NUMBER = "0700000001";
    private static final Duration WAIT = Duration.ofSeconds(30);

    @BeforeAll
    static void stack() throws Exception {
        RealStack.ensureAsterisk();
    }

    @Test
    void callsWithAndWithoutTheEngineAreOnTheStatementExactlyOnceAndReplayedCdrsChangeNothing() throws Exception {
        ZoneId zone = RealStack.config().engine().timeZone();
        Instant since = Instant.now().minusSeconds(1);
        YearMonth month = BillingMonth.of(since, zone);
        List<AmiEvent> cdrs = new CopyOnWriteArrayList<>();
        try (Database db = Database.openWithoutMigrations(DbSettings.mariaDb(RealStack.DB_URL, "ascc", Secret.of("ascc"), 2));
             TestPhone expert = RealStack.phone("2101")) {
            deleteLedger(db);
            expert.setAutoAnswer(Duration.ofMillis(300));
            Usage before;

            try (Engine engine = RealStack.startEngine(Map.of());
                 EngineView view = EngineView.of(engine)) {
                view.ami().subscribe(e -> record(cdrs, e));
                view.awaitAmiConnected();
                before = alphaUsage(db, month, zone); // after the engine's start: it applied the migrations
                FoundationIT.awaitMemberAvailable("desk-appliance", "2101");
                SippResult r = FoundationIT.customerCall(ALPHA_NUMBER, "01055500301", "11", Duration.ofSeconds(4), 5141);
                assertTrue(r.allSucceeded(), () -> "SIPp customer call (engine up) failed: " + r.describe());
                FoundationIT.awaitTrue("the engine's call record and Asterisk's CDR of the first call",
                        () -> calls(since, true) >= 1 && asteriskCalls(since) >= 1);
            }

            // the engine runs (AMI, database) but its FastAGI listens elsewhere: Asterisk's AGI connect is refused
            try (Engine engine = RealStack.startEngine(Map.of("ASCC_AGI_PORT", "4599", "ASCC_HTTP_PORT", "8499"));
                 EngineView view = EngineView.of(engine)) {
                view.ami().subscribe(e -> record(cdrs, e));
                view.awaitAmiConnected();
                FoundationIT.awaitMemberAvailable("ascc-fallback", "2101");
                SippResult r = FoundationIT.customerCall(ALPHA_NUMBER, "01055500302", "", Duration.ofSeconds(4), 5142);
                assertTrue(r.allSucceeded(), () -> "SIPp customer call (AGI down) failed: " + r.describe());
                FoundationIT.awaitTrue("Asterisk's CDRs of both calls", () -> asteriskCalls(since) >= 2);
                List<String> linked = linkedIds(since);
                assertEquals(2, linked.size(), "two calls Asterisk saw: " + linked);
                // the engine saw the second call only through AMI, in the fallback queue: a record without a company
                assertEquals("alpha", engineCompany(linked.get(0)), "the engine routed the first call to alpha");
                assertEquals("-", engineCompany(linked.get(1)), "the engine did not know the company of the fallback call");
                AsteriskCallStore store = new AsteriskCallStore(db.dataSource());
                for (String id : linked) {
                    AsteriskCallStore.AsteriskCall a = store.find(id).orElseThrow();
                    assertEquals("alpha", a.companyId(), a.toString());
                    assertTrue(a.answered(), "an agent answered: " + a);
                    assertTrue(a.talkMs() >= 1_000, "talk time from the CDR's billsec: " + a);
                }
                System.out.println("Cdr events received: " + cdrs.size() + "; first: " + cdrs.get(0).message());

                Usage after = alphaUsage(db, month, zone);
                assertEquals(before.offered() + 2, after.offered(), "offered: " + before + " -> " + after);
                assertEquals(before.answered() + 2, after.answered(), "answered: " + before + " -> " + after);

                // replay every Cdr event twice (a second engine, an AMI replay): nothing changes
                List<AsteriskCallStore.AsteriskCall> rows = new ArrayList<>();
                for (String id : linked) {
                    rows.add(store.find(id).orElseThrow());
                }
                ascc.routing.config.CenterConfig cfg = RealStack.config();
                try (CdrIngest replay = CdrIngest.start(store, java.nio.file.Files.createTempDirectory("cdr-replay"),
                        number -> cfg.companyByNumber(number).map(co -> co.id()), ZoneId.systemDefault(), "it-replay",
                        new ascc.core.metrics.Metrics(), java.time.Clock.systemUTC())) {
                    for (int i = 0; i < 2; i++) {
                        cdrs.forEach(replay::accept);
                    }
                    assertTrue(replay.flush(WAIT));
                }
                for (int i = 0; i < linked.size(); i++) {
                    assertEquals(rows.get(i), store.find(linked.get(i)).orElseThrow(), "replayed CDRs changed nothing");
                }
                assertEquals(after, alphaUsage(db, month, zone), "replayed CDRs changed no count");
                assertEquals(2, asteriskCalls(since));
            }

            new MonthlyClose(db.dataSource(), BillingConfigLoader.load(Path.of("../conf")), zone, SurveyUsageSource.NONE,
                    Clock.systemUTC()).close(LEDGER, month, Map.of("alpha", "Alpha"), Optional.of(Set.of("alpha")),
                            msg -> System.out.println("billing close: " + msg));
            Statement s = new BillingStore(db.dataSource()).statement(LEDGER, "alpha", month).orElseThrow();
            System.out.println("alpha " + month + " before the calls: " + before + "; statement lines: " + s.lines());
            assertEquals(before.offered() + 2, s.usage("offered"), s.lines().toString());
            assertEquals(before.answered() + 2, s.usage("answered"), s.lines().toString());
            assertFalse(cdrs.isEmpty());
            deleteLedger(db);
        }
    }

    private static void record(List<AmiEvent> into, AmiEvent e) {
        if (e.is(CdrEvents.EVENT)) {
            into.add(e);
        }
    }

    private static Usage alphaUsage(Database db, YearMonth month, ZoneId zone) throws SQLException {
        try (Connection c = db.dataSource().getConnection()) {
            return Metering.usage(c, BillingMonth.start(month, zone), BillingMonth.end(month, zone), Optional.of(Set.of("alpha")))
                    .getOrDefault("alpha", Usage.ZERO);
        }
    }

    /** Engine call records to alpha's number since {@code since} (ended ones only when {@code ended}). */
    private static long calls(Instant since, boolean ended) {
        return count("SELECT COUNT(*) FROM call_record WHERE dialed_number = '" + ALPHA_NUMBER + "' AND entered_at >= ?"
                + (ended ? " AND ended_at IS NOT NULL" : ""), since);
    }

    /** The engine's company of a call: "-" when recorded without one, "none" when not recorded. */
    private static String engineCompany(String linkedId) throws SQLException {
        try (Connection c = RealStack.db();
             PreparedStatement ps = c.prepareStatement("SELECT company_id FROM call_record WHERE linked_id = ?")) {
            ps.setString(1, linkedId);
            try (ResultSet rs = ps.executeQuery()) {
                return !rs.next() ? "none" : rs.getString(1) == null ? "-" : rs.getString(1);
            }
        }
    }

    private static long asteriskCalls(Instant since) {
        return count("SELECT COUNT(*) FROM asterisk_call WHERE dialed_number = '" + ALPHA_NUMBER + "' AND started_at >= ?", since);
    }

    private static List<String> linkedIds(Instant since) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = RealStack.db();
             PreparedStatement ps = c.prepareStatement("SELECT linked_id FROM asterisk_call WHERE dialed_number = ? AND started_at >= ?"
                     + " ORDER BY started_at, linked_id")) {
            ps.setString(1, ALPHA_NUMBER);
            ps.setObject(2, LocalDateTime.ofInstant(since.minusSeconds(1), ZoneOffset.UTC));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        }
        return out;
    }

    private static long count(String sql, Instant since) {
        try (Connection c = RealStack.db(); PreparedStatement ps = c.prepareStatement(sql)) {
            // CDR start times have whole seconds
            ps.setObject(1, LocalDateTime.ofInstant(since.minusSeconds(1), ZoneOffset.UTC));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            return -1;
        }
    }

    private static void deleteLedger(Database db) throws SQLException {
        try (Connection c = db.dataSource().getConnection()) {
            for (String t : new String[] {"billing_line", "billing_statement", "billing_usage", "billing_close"}) {
                try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + t + " WHERE ledger = ?")) {
                    ps.setString(1, LEDGER);
                    ps.executeUpdate();
                }
            }
        }
    }
}
