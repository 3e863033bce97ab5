package ascc.core.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ascc.core.Engine;
import ascc.core.agents.AgentState;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Fault (c): the sandbox Asterisk is restarted ({@code sandbox restart-asterisk}: {@code core stop now}, start, {@code core
 * waitfullybooted}) under a steady SIPp inbound load. The engine's state is rebuilt within 5 s of FullyBooted: its AMI
 * session is up, {@code /api/live} shows every registered agent in its desk again, and every call that was up before the
 * restart is closed and recorded. Every call has exactly one record, closed with its real end (within 1 s of Asterisk's
 * CDR end, not the time the engine noticed), and answered calls' talk times are within 1 s of the CDR's billsec.
 * Quick: 1 restart; {@code ascc.fault.asterisk-restarts}.
 */
class FaultAsteriskRestartIT {
    static final String FILE = "c-asterisk-restart";
    private static final long REBUILT_WITHIN_MS = 5_000;

    @BeforeAll
    static void stack() throws Exception {
        RealStack.ensureAsterisk();
    }

    @Test
    void anAsteriskRestartUnderLoadIsFollowedWithin5sAndCallsFromBeforeItEndAtTheirRealEnd() throws Exception {
        int restarts = Fault.param("asterisk-restarts", 1);
        double rate = Fault.decimal("rate", 0.5);
        Duration hold = Duration.ofSeconds(Fault.param("hold-seconds", 5));
        String sandbox = System.getenv().getOrDefault("ASCC_SANDBOX_SCRIPT", "bin/sandbox");
        String rendered = Path.of("target/it-asterisk").toAbsolutePath().toString();
        long worst = 0;
        StringBuilder each = new StringBuilder();
        try (Engine engine = RealStack.startEngine(Map.of("ASCC_ASTERISK_CDR_FILE", CdrFileStackIT.CDR_FILE.toString()));
             EngineView view = EngineView.of(engine)) {
            int http = engine.httpPort();
            view.awaitAmiConnected();
            long watermark = FaultLedger.recordWatermark(); // after the engine's start: it migrated the database
            Instant since = Instant.now();
            long sippFailed;
            long sippOk;
            String load;
            FaultLedger l;
            long active;
            try (FaultLoad fl = FaultLoad.start("asterisk", rate, hold, 5430)) {
                for (int i = 1; i <= restarts; i++) {
                    fl.awaitAnswered((int) fl.answeredBetween(since, Instant.now()) + 6, Duration.ofSeconds(120));
                    double reconnects = Fault.amiReconnects(http);
                    Instant restartAt = Instant.now();
                    assertEquals(0, RealStack.run(sandbox, "restart-asterisk", rendered), "sandbox restart-asterisk");
                    Instant fullyBooted = Instant.now(); // the script returns after 'core waitfullybooted'
                    Instant[] rebuilt = new Instant[1];
                    FaultLedger.settle(since, restartAt, watermark, FaultLoad.numbers(), Duration.ofSeconds(60), b -> {
                        if (rebuilt[0] == null && Fault.amiReconnects(http) > reconnects && Fault.amiUp(http) && agentsBack(view)) {
                            rebuilt[0] = Instant.now();
                        }
                        return rebuilt[0] != null && b.lost() == 0;
                    });
                    FaultLedger before = FaultLedger.read(since, restartAt, watermark, FaultLoad.numbers());
                    Instant allClosed = Instant.now();
                    long took = rebuilt[0] == null ? Long.MAX_VALUE
                            : Math.max(Duration.between(fullyBooted, rebuilt[0]).toMillis(), before.lost() == 0
                            ? Duration.between(fullyBooted, allClosed).toMillis() : Long.MAX_VALUE);
                    worst = Math.max(worst, took);
                    each.append(each.isEmpty() ? "" : ", ").append(took == Long.MAX_VALUE ? "not rebuilt in 60 s" : took + " ms");
                    Fault.progress("Asterisk restart " + i + "/" + restarts + ": took " + Duration.between(restartAt, fullyBooted)
                            .toMillis() + " ms to FullyBooted; engine state rebuilt " + took + " ms after; calls before it: "
                            + before);
                }
                fl.awaitAnswered((int) fl.answeredBetween(since, Instant.now()) + 4, Duration.ofSeconds(120));
                fl.stopPlacingCalls();
                l = FaultLedger.settle(since, watermark, FaultLoad.numbers(), fl.successful(), Duration.ofSeconds(90),
                        () -> Fault.callsActive(http) == 0);
                active = Fault.callsActive(http);
                sippOk = fl.successful();
                sippFailed = fl.failed();
                load = fl.describe(hold);
            }
            boolean holds = worst <= REBUILT_WITHIN_MS && active == 0 && l.lost() == 0 && l.orphans() == 0 && l.doubled() == 0
                    && l.endOff() == 0 && l.talkOff() == 0;
            Fault.report(FILE, new Fault.Row("(c) Asterisk restart", load, restarts + " restarts", l.calls(), l.records(), l.lost(),
                    l.doubled(), "state rebuilt after FullyBooted: " + each, l.endCheck() + "; " + l.talkCheck() + "; calls_active after: "
                    + active + "; sipp ok/failed " + sippOk + "/" + sippFailed + " (calls up at a restart fail)", holds));
            assertTrue(worst <= REBUILT_WITHIN_MS, "state rebuilt within 5 s of FullyBooted: " + each);
            assertEquals(0, active, "calls_active back to 0 after the load");
            assertEquals(0, l.lost(), () -> "every call has a record: " + l);
            assertEquals(0, l.orphans(), () -> "no record without Asterisk's CDR: " + l);
            assertEquals(0, l.doubled(), () -> "no call recorded twice: " + l);
            assertEquals(0, l.endOff(), () -> "calls closed with their real ends: " + l);
            assertEquals(0, l.talkOff(), () -> "talk times within 1 s of billsec: " + l);
        }
    }

    /** Every load agent is back in its desk on /api/live (any state but logged out). */
    private static boolean agentsBack(EngineView view) {
        try {
            for (String a : List.of("2101", "2102", "2201", "2202")) {
                if (view.state(a) == AgentState.LOGGED_OUT) {
                    return false;
                }
            }
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }
}
