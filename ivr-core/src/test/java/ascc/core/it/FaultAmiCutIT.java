package ascc.core.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ascc.core.Engine;
import ascc.testsupport.time.Await;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Fault (a): the engine's AMI link is cut again and again under a steady SIPp inbound load (through a {@link TcpProxy} in
 * front of Asterisk's AMI port). Odd cuts are silent (the link stops forwarding: found by the engine's ping), even cuts
 * close the connection. After the load: no call left open in the engine ({@code ascc_calls_active} back to 0), every call
 * Asterisk saw has exactly one record, its talk time fits the CDR's billsec and its end is within 1 s of the CDR's end
 * ({@link FaultLedger}: billsec counts from the IVR's answer, so it bounds the agent's talk).
 * Quick: 5 cuts; {@code ascc.fault.ami-cuts} (the suite: 100).
 */
class FaultAmiCutIT {
    static final String FILE = "a-ami-cuts";

    @BeforeAll
    static void stack() throws Exception {
        RealStack.ensureAsterisk();
    }

    /** Waits up to {@code max} for {@code condition}; false when it did not come (not a failure: a reconnect may be too quick). */
    private static boolean noticed(java.util.function.BooleanSupplier condition, Duration max) {
        try {
            Await.until(condition, max, () -> "the engine noticed the cut");
            return true;
        } catch (AssertionError e) {
            return false;
        }
    }

    @Test
    void amiCutsUnderLoadLeaveNoOrphanedCallAndEveryCallHasOneRecordWithItsCdrTalkTime() throws Exception {
        int cuts = Fault.param("ami-cuts", 5);
        double rate = Fault.decimal("rate", 0.5);
        Duration hold = Duration.ofSeconds(Fault.param("hold-seconds", 5));
        long worstRecovery = 0;
        long totalRecovery = 0;
        try (TcpProxy proxy = TcpProxy.start(RealStack.ASTERISK_AMI_PORT);
             Engine engine = RealStack.startEngine(Map.of("ASCC_AMI_PORT", Integer.toString(proxy.port()),
                     "ASCC_ASTERISK_CDR_FILE", CdrFileStackIT.CDR_FILE.toString()))) {
            int http = engine.httpPort();
            EngineView.of(engine).awaitAmiConnected();
            long watermark = FaultLedger.recordWatermark(); // after the engine's start: it migrated the database
            Instant since = Instant.now();
            try (FaultLoad load = FaultLoad.start("ami", rate, hold, 5410)) {
                load.awaitAnswered(4, Duration.ofSeconds(60));
                for (int i = 1; i <= cuts; i++) {
                    double reconnects = Fault.amiReconnects(http);
                    Instant cut = Instant.now();
                    if (i % 2 == 1) {
                        proxy.blackhole(); // silent: no FIN, no RST
                        Await.until(() -> Fault.amiDown(http), Duration.ofSeconds(30), () -> "the engine sees the silent AMI cut");
                        proxy.restore();
                    } else {
                        proxy.restore(); // closes the connections: the engine sees the close at once
                        // the engine notices (a reconnect counted, or not logged in) unless it is quicker than this look
                        noticed(() -> Fault.amiReconnects(http) > reconnects || Fault.amiDown(http), Duration.ofSeconds(5));
                    }
                    // logged in again (ascc_ami_connected is live; /health is cached for 5 s)
                    Await.until(() -> Fault.amiUp(http), Duration.ofSeconds(60), () -> "AMI up again after a cut");
                    long took = Duration.between(cut, Instant.now()).toMillis();
                    worstRecovery = Math.max(worstRecovery, took);
                    totalRecovery += took;
                    Fault.progress("AMI cut " + i + "/" + cuts + " (" + (i % 2 == 1 ? "silent" : "closed") + "): up again after "
                            + took + " ms; calls active " + Fault.callsActive(http));
                }
                load.stopPlacingCalls();
                FaultLedger l = FaultLedger.settle(since, watermark, FaultLoad.numbers(), load.successful(),
                        Duration.ofSeconds(90),
                        () -> Fault.callsActive(http) == 0);
                long active = Fault.callsActive(http);
                boolean holds = active == 0 && l.lost() == 0 && l.orphans() == 0 && l.doubled() == 0 && l.talkOff() == 0
                        && l.endOff() == 0;
                Fault.report(FILE, new Fault.Row("(a) AMI cut", load.describe(hold), cuts + " cuts (odd silent, even closed)",
                        l.calls(), l.records(), l.lost(), l.doubled(), "AMI up again: avg " + (cuts == 0 ? 0 : totalRecovery / cuts)
                        + " ms, max " + worstRecovery + " ms", "calls_active after: " + active + "; " + l.talkCheck() + "; " + l.endCheck()
                        + "; records without CDR: " + l.orphans() + "; sipp ok/failed " + load.successful() + "/" + load.failed(),
                        holds));
                assertEquals(0, active, "calls_active back to 0 after the load");
                assertEquals(0, l.lost(), () -> "every call has a record: " + l);
                assertEquals(0, l.orphans(), () -> "no record without Asterisk's CDR: " + l);
                assertEquals(0, l.doubled(), () -> "no call recorded twice: " + l);
                assertEquals(0, l.talkOff(), () -> "talk times fit the CDR's billsec: " + l);
                assertEquals(0, l.endOff(), () -> "calls closed at their real end: " + l);
                assertTrue(l.calls() >= load.successful(), () -> "every successful SIPp call has Asterisk's CDR: " + l + " "
                        + load.describeResults());
            }
        }
    }
}
