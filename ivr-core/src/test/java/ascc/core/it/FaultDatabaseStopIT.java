package ascc.core.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ascc.core.Engine;
import ascc.testsupport.sipp.CustomerCall;
import ascc.testsupport.sipp.Sipp;
import ascc.testsupport.sipp.SippResult;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Fault (b): MariaDB is stopped (the sandbox's {@code stop-mariadb}, under the machine's real-stack lock) under a steady
 * SIPp inbound load, and started again. While it is down, customers of delta (closed: the engine's clock is on a Sunday)
 * book after-hours callbacks; the outage lasts as long as those callers take (SIPp places them at a fixed pace). Calls
 * keep routing: the INVITE-to-200 time (the engine answers in its first AGI reply) has the same p99 as before the outage
 * (within 2x + 100 ms on this loaded 2-core machine). After recovery every call has exactly one record, and every callback
 * a caller heard booked (the engine said thank you and hung up) is in {@code callback_request}.
 * Quick: one callback, about 20 s; {@code ascc.fault.db-outage-seconds} (the suite: 60).
 */
class FaultDatabaseStopIT {
    static final String FILE = "b-database-stop";
    private static final String DELTA = "0700000004";
    /** Sunday 03:00 in Seoul: beta (24 h) is open, delta (Mon-Fri 09-18) is closed and offers a callback. */
    private static final String SUNDAY = "2026-11-22T03:00:00+09:00[Asia/Seoul]";

    @BeforeAll
    static void stack() throws Exception {
        RealStack.ensureAsterisk();
    }

    @Test
    void withMariaDbStoppedCallsKeepRoutingAndAfterwardsEveryCallHasOneRecordAndEveryBookedCallbackExists() throws Exception {
        int outageSeconds = Fault.param("db-outage-seconds", 10);
        double rate = Fault.decimal("rate", 0.5);
        Duration hold = Duration.ofSeconds(Fault.param("hold-seconds", 5));
        int callbacks = Math.max(1, outageSeconds / 10);
        long periodMs = outageSeconds * 1000L / callbacks;
        Clock sunday = InboundRoutingIT.clockAt(SUNDAY);
        String sandbox = System.getenv().getOrDefault("ASCC_SANDBOX_SCRIPT", "bin/sandbox");
        try (Engine engine = Engine.start(new Engine.Options(RealStack.IT_CONF, RealStack.engineEnv(Map.of()), sunday, "it-node"))) {
            int http = engine.httpPort();
            EngineView.of(engine).awaitAmiConnected();
            long watermark = FaultLedger.recordWatermark(); // after the engine's start: it migrated the database
            long callbackWatermark = callbackWatermark();
            Instant since = Instant.now();
            try (FaultLoad load = FaultLoad.start("db", rate, hold, 5420)) {
                load.awaitAnswered(6, Duration.ofSeconds(90));
                Instant outageStart = Instant.now();
                SippResult booked;
                Instant outageEnd;
                try {
                    assertEquals(0, RealStack.run(sandbox, "stop-mariadb"), "sandbox stop-mariadb");
                    // the outage lasts while SIPp places the callback callers and they finish: closed message, offer "1", the
                    // number said back, confirm "1"; the engine then says thank you and hangs up (WAIT_FOR_BYE: success)
                    CustomerCall cb = CustomerCall.of("1,,,,,1,,,,,,,,1", Duration.ofMillis(1500), Duration.ofMillis(700),
                            Duration.ofSeconds(25)).withCaller("07012345").withEnding(CustomerCall.Ending.WAIT_FOR_BYE);
                    Sipp.Builder callers = Sipp.builder().scenarioXml("fault-callback", cb.toXml()).remote("127.0.0.1", 5060)
                            .service(DELTA).calls(callbacks).localPort(5429).mediaPort(6429)
                            .timeout(Duration.ofSeconds(outageSeconds + 120L));
                    if (callbacks > 1) {
                        // SIPp places its n-th call n periods after its start: the first one a period into the outage
                        callers.rate(1).ratePeriod(Duration.ofMillis(periodMs));
                    } // one caller (quick): placed at once, not one idle period (10 s) into the outage
                    booked = callers.run();
                } finally {
                    int rc = RealStack.run(sandbox, "start-mariadb");
                    outageEnd = Instant.now();
                    assertEquals(0, rc, "sandbox start-mariadb");
                }
                Duration outage = Duration.between(outageStart, outageEnd);
                Fault.progress("MariaDB was down " + outage.toMillis() + " ms; callbacks: " + booked.describe());
                long before = load.answeredBetween(since, outageStart);
                load.awaitAnswered((int) (load.answeredBetween(since, Instant.now()) + 4), Duration.ofSeconds(90));
                load.stopPlacingCalls();
                double p99Before = load.p99(since, outageStart);
                double p99During = load.p99(outageStart, outageEnd);
                long during = load.answeredBetween(outageStart, outageEnd);
                Instant recovered = outageEnd;
                FaultLedger l = FaultLedger.settle(since, watermark, FaultLoad.numbers(), load.successful(),
                        Duration.ofSeconds(120),
                        () -> Fault.callsActive(http) == 0);
                Duration settled = Duration.between(recovered, Instant.now());
                long stored = callbacksSince(callbackWatermark);
                long promised = booked.successfulCalls();
                boolean latencyHolds = !Double.isNaN(p99During) && p99During <= 2 * p99Before + 100;
                boolean holds = l.lost() == 0 && l.orphans() == 0 && l.doubled() == 0 && stored >= promised && promised == callbacks
                        && latencyHolds && during > 0;
                Fault.report(FILE, new Fault.Row("(b) MariaDB stopped", load.describe(hold), String.format(Locale.ROOT,
                        "1 stop of %.0f s; %d callbacks booked during it", outage.toMillis() / 1000.0, callbacks), l.calls(),
                        l.records(), l.lost(), l.doubled(), "all records in the database " + Fault.seconds(settled)
                        + " after the restart", String.format(Locale.ROOT, "INVITE-to-200 p99 %.0f ms before (%d calls), %.0f ms"
                        + " during (%d calls); callbacks heard booked %d, stored %d; sipp ok/failed %d/%d", p99Before, before,
                        p99During, during, promised, stored, load.successful(), load.failed()), holds));
                assertTrue(during > 0, "calls were answered while MariaDB was down");
                assertTrue(latencyHolds, () -> "p99 during the outage " + p99During + " ms vs " + p99Before + " ms before");
                assertEquals(callbacks, promised, () -> "every callback caller heard booked: " + booked.describe());
                assertTrue(stored >= promised, () -> "every callback booked during the outage exists: " + stored + " of " + promised);
                assertEquals(0, l.lost(), () -> "every call has a record: " + l);
                assertEquals(0, l.orphans(), () -> "no record without Asterisk's CDR: " + l);
                assertEquals(0, l.doubled(), () -> "no call recorded twice: " + l);
            }
        }
    }

    private static long callbackWatermark() throws SQLException {
        try (Connection c = RealStack.db();
             PreparedStatement ps = c.prepareStatement("SELECT COALESCE(MAX(id), 0) FROM callback_request");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static long callbacksSince(long watermark) throws SQLException {
        try (Connection c = RealStack.db();
             PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM callback_request WHERE id > ? AND company_id = 'delta'")) {
            ps.setLong(1, watermark);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
