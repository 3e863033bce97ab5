package ascc.core.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ascc.core.Engine;
import ascc.testsupport.sip.IncomingCall;
import ascc.testsupport.sip.TestPhone;
import ascc.testsupport.sipp.SippResult;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Times after an AMI gap come from Asterisk. A customer is answered by agent 2101, then AMI is cut (TcpProxy black
 * hole); the customer hangs up while the engine hears nothing; AMI comes back 15 s later. The call record's end and talk
 * time are Asterisk's (CDR from the file read after the reconnect), not the reconnect time: talk within 1 s of billsec,
 * and no gap in it.
 */
class AmiGapTruthIT {
    private static final String ALPHA_NUMBER = "0700000001";

    @BeforeAll
    static void stack() throws Exception {
        RealStack.ensureAsterisk();
    }

    @Test
    void aCallThatEndsDuringAnAmiCutIsRecordedWithAsterisksEndAndBillsec() throws Exception {
        Instant start = Instant.now().minusSeconds(1);
        try (TcpProxy proxy = TcpProxy.start(RealStack.ASTERISK_AMI_PORT);
             Engine engine = RealStack.startEngine(Map.of("ASCC_ASTERISK_CDR_FILE", CdrFileStackIT.CDR_FILE.toString(),
                     "ASCC_AMI_PORT", Integer.toString(proxy.port())));
             TestPhone expert = RealStack.phone("2101")) {
            EngineView view = EngineView.of(engine).awaitAmiConnected();
            expert.setAutoAnswer(Duration.ofMillis(300));
            FoundationIT.awaitMemberAvailable("desk-appliance", "2101");
            CompletableFuture<SippResult> customer = CompletableFuture.supplyAsync(
                    () -> FoundationIT.customerCall(ALPHA_NUMBER, "01055500411", "11", Duration.ofSeconds(6), 5161));
            IncomingCall call = expert.awaitIncoming(Duration.ofSeconds(20));
            FoundationIT.awaitTrue("the engine saw the agent answer", () -> callsActive(view) == 1);
            proxy.blackhole();
            Instant cut = Instant.now();
            call.awaitEnded(Duration.ofSeconds(30));
            SippResult r = customer.get(60, TimeUnit.SECONDS);
            assertTrue(r.allSucceeded(), () -> "SIPp customer call failed: " + r.describe());
            FoundationIT.awaitTrue("a 15 s gap", () -> Instant.now().isAfter(cut.plusSeconds(15)));
            proxy.restore();
            view.awaitAmiConnected();

            Map<String, Object> row = FoundationIT.awaitRecord(ALPHA_NUMBER, start);
            String linkedId = String.valueOf(row.get("linked_id"));
            assertEquals("ANSWERED", row.get("outcome"));
            long talk = ((Number) row.get("talk_ms")).longValue();
            Instant ended = ((Timestamp) row.get("ended_at")).toLocalDateTime().toInstant(ZoneOffset.UTC);
            try (Connection c = RealStack.db();
                 PreparedStatement ps = c.prepareStatement("SELECT talk_ms, ended_at FROM asterisk_call WHERE linked_id = ?")) {
                ps.setString(1, linkedId);
                try (ResultSet rs = ps.executeQuery()) {
                    assertTrue(rs.next(), "Asterisk's CDR of " + linkedId);
                    long billsec = rs.getLong(1);
                    Instant cdrEnd = rs.getTimestamp(2).toLocalDateTime().toInstant(ZoneOffset.UTC);
                    // Asterisk 22's billsec counts from the IVR's answer: the agent's talk is at most billsec, and it is
                    // what the agent's own phone saw from its 200 OK to the BYE
                    long phoneTalk = Duration.between(call.answeredAt().orElseThrow(), call.endedAt().orElseThrow()).toMillis();
                    assertTrue(talk <= billsec + 1_000, "talk " + talk + " ms vs CDR billsec " + billsec + " ms");
                    assertTrue(Math.abs(talk - phoneTalk) <= 1_000, "talk " + talk + " ms vs the agent phone's " + phoneTalk + " ms");
                    assertTrue(Math.abs(Duration.between(ended, cdrEnd).toMillis()) <= 1_000, "end " + ended + " vs CDR " + cdrEnd);
                }
            }
            assertTrue(talk < 12_000, "talk " + talk + " ms holds no part of the 15 s gap");
            assertTrue(ended.isBefore(cut.plusSeconds(12)), "ended " + ended + ", cut at " + cut + ": not the reconnect time");
            assertEquals(0, callsActive(view), "no orphaned call");
        }
    }

    /** The engine's gauge ascc_calls_active from /metrics. */
    static long callsActive(EngineView view) {
        for (String line : view.get("/metrics").split("\n")) {
            if (line.startsWith("ascc_calls_active ")) {
                return (long) Double.parseDouble(line.substring("ascc_calls_active ".length()).strip());
            }
        }
        return -1;
    }
}
