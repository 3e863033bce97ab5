package ascc.core.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ascc.core.Engine;
import ascc.core.billing.BillingMonth;
import ascc.core.billing.BillingStore;
import ascc.core.billing.CloseResult;
import ascc.core.billing.Metering;
import ascc.core.billing.MonthlyClose;
import ascc.core.billing.Statement;
import ascc.core.billing.SurveyUsageSource;
import ascc.core.db.Database;
import ascc.core.db.DbSettings;
import ascc.core.config.yaml.BillingConfigLoader;
import ascc.routing.billing.Usage;
import ascc.routing.config.Secret;
import ascc.testsupport.sip.TestPhone;
import ascc.testsupport.sipp.CustomerCall;
import ascc.testsupport.sipp.Sipp;
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
import java.util.List;
import java.util.ArrayList;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Billing through the real stack: two SIPp customers call company alpha through the sandbox Asterisk 22 at the same time,
 * choose inquiry 1 and are answered by the test phones of agents 2101 and 2102; the engine writes the call records to
 * MariaDB, and closing the month finds them on alpha's statement. Uses its own ledger ({@code it-billing-stack}, deleted
 * before and after) and counts relative to alpha's usage before the calls, since other tests also call alpha this month.
 * (A caller who hangs up in the menu is recorded today without a company, so it is on no company's statement.)
 *
 * <p>Needs the inbound menus to work through real Asterisk (branch {@code agents} commit 3bd4488, "GET DATA takes one
 * file"): without it the flow fails at the inquiry menu and the calls end in the dialplan fallback without a company.
 */
class BillingStackIT {
    private static final String LEDGER = "it-billing-stack";
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final java.util.concurrent.ExecutorService CALLERS = java.util.concurrent.Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "billing-it-caller");
        t.setDaemon(true);
        return t;
    });

    @BeforeAll
    static void stack() throws Exception {
        RealStack.ensureAsterisk();
    }

    @Test
    void callsPlacedThroughAsteriskAppearWithTheRightCountsOnTheCompanysStatement() throws Exception {
        ZoneId zone = RealStack.config().engine().timeZone();
        Instant since = Instant.now().minusSeconds(1);
        YearMonth month = BillingMonth.of(since, zone);
        try (Database db = Database.openWithoutMigrations(DbSettings.mariaDb(RealStack.DB_URL, "ascc", Secret.of("ascc"), 2));
             Engine engine = RealStack.startEngine(Map.of());
             TestPhone expert = RealStack.phone("2101");
             TestPhone junior = RealStack.phone("2102")) {
            deleteLedger(db);
            EngineView view = EngineView.of(engine).awaitAmiConnected();
            expert.setAutoAnswer(Duration.ofMillis(300));
            junior.setAutoAnswer(Duration.ofMillis(300));
            FoundationIT.awaitMemberAvailable("desk-appliance", "2101");
            FoundationIT.awaitMemberAvailable("desk-appliance", "2102");
            Usage before = alphaUsage(db, month, zone);

            // the two customers call at once: both appliance agents answer
            List<CompletableFuture<SippResult>> calls = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                CustomerCall c = CustomerCall.of("11", Duration.ofMillis(1500), Duration.ofMillis(700), Duration.ofSeconds(6))
                        .withCaller("0105550010" + i);
                int port = 5131 + i;
                calls.add(CompletableFuture.supplyAsync(() -> call(c, port), CALLERS));
            }
            for (CompletableFuture<SippResult> f : calls) {
                SippResult r = f.get();
                assertTrue(r.allSucceeded(), () -> "SIPp customer call failed: " + r.describe());
            }
            assertEquals(2, expert.receivedRequests("INVITE") + junior.receivedRequests("INVITE"), "both answered by an agent");
            FoundationIT.awaitTrue("2 ended call records of alpha since the test started", () -> endedSince(since) >= 2);

            CloseResult closed = new MonthlyClose(db.dataSource(), BillingConfigLoader.load(Path.of("../conf")), zone,
                    SurveyUsageSource.NONE, Clock.systemUTC()).close(LEDGER, month, Map.of("alpha", "Alpha"),
                    Optional.of(Set.of("alpha")), msg -> System.out.println("billing close: " + msg));
            Statement s = new BillingStore(db.dataSource()).statement(LEDGER, "alpha", month).orElseThrow();
            System.out.println("alpha " + month + " before the calls: " + before + "; statement lines: " + s.lines());
            assertEquals(before.offered() + 2, s.usage("offered"), s.lines().toString());
            assertEquals(before.answered() + 2, s.usage("answered"), s.lines().toString());
            assertEquals(before.offered() + 2, closed.summary().offered());
            assertTrue(s.totalDue() > 0);
            deleteLedger(db);
        }
    }

    private static SippResult call(CustomerCall call, int localPort) {
        return Sipp.builder().scenarioXml("billing-customer-" + localPort, call.toXml()).remote("127.0.0.1", 5060)
                .service("0700000001").calls(1).localPort(localPort).timeout(Duration.ofSeconds(60)).run();
    }

    private static Usage alphaUsage(Database db, YearMonth month, ZoneId zone) throws SQLException {
        try (Connection c = db.dataSource().getConnection()) {
            return Metering.usage(c, BillingMonth.start(month, zone), BillingMonth.end(month, zone), Optional.of(Set.of("alpha")))
                    .getOrDefault("alpha", Usage.ZERO);
        }
    }

    private static long endedSince(Instant since) {
        try (Connection c = RealStack.db();
             PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM call_record WHERE company_id = 'alpha'"
                     + " AND entered_at >= ? AND ended_at IS NOT NULL")) {
            ps.setObject(1, LocalDateTime.ofInstant(since, ZoneOffset.UTC));
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
