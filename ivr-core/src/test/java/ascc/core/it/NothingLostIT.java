package ascc.core.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ascc.core.Engine;
import ascc.core.billing.BillingMonth;
import ascc.core.billing.Metering;
import ascc.routing.billing.Usage;
import ascc.testsupport.sip.TestPhone;
import ascc.testsupport.sipp.CustomerCall;
import ascc.testsupport.sipp.Sipp;
import ascc.testsupport.sipp.SippResult;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue #12 "Nothing lost" through the real stack: a SIPp customer whose caller number (SIP From user) has 40 digits calls
 * company alpha through the sandbox Asterisk 22, chooses inquiry 1 and is answered by the test phone of agent 2101. Before
 * V050 the call was refused by MariaDB (caller_number VARCHAR(32), SQLState 22001) and so missing from the records and from
 * billing; now its {@code call_record} row holds the whole number, Asterisk's CDR row ({@code asterisk_call}) too, and the
 * month's metered usage of alpha counts it (offered and answered).
 */
class NothingLostIT {
    static final String FORTY_DIGITS = "0105550123456789012345678901234567890123";

    @BeforeAll
    static void stack() throws Exception {
        RealStack.ensureAsterisk();
    }

    @Test
    void aCallWithAFortyDigitCallerNumberHasItsRecordAndIsBilled() throws Exception {
        assertEquals(40, FORTY_DIGITS.length());
        ZoneId zone = RealStack.config().engine().timeZone();
        Instant since = Instant.now().minusSeconds(1);
        YearMonth month = BillingMonth.of(since, zone);
        try (Engine engine = RealStack.startEngine(Map.of());
             TestPhone expert = RealStack.phone("2101")) {
            EngineView.of(engine).awaitAmiConnected();
            expert.setAutoAnswer(Duration.ofMillis(300));
            FoundationIT.awaitMemberAvailable("desk-appliance", "2101");
            Usage before = alphaUsage(month, zone);

            SippResult r = Sipp.builder().scenarioXml("forty-digit-caller",
                            CustomerCall.of("11", Duration.ofMillis(1500), Duration.ofMillis(700), Duration.ofSeconds(5))
                                    .withCaller(FORTY_DIGITS).toXml())
                    .remote("127.0.0.1", 5060).service("0700000001").calls(1).localPort(5141).timeout(Duration.ofSeconds(60)).run();
            assertTrue(r.allSucceeded(), () -> "SIPp customer call failed: " + r.describe());

            FoundationIT.awaitTrue("the 40-digit caller's call record, ended", () -> endedRecords(since) == 1);
            try (Connection c = RealStack.db();
                 PreparedStatement ps = c.prepareStatement("SELECT company_id, outcome, agent_id, caller_number, truncated"
                         + " FROM call_record WHERE caller_number = ? AND entered_at >= ?")) {
                ps.setString(1, FORTY_DIGITS);
                ps.setObject(2, LocalDateTime.ofInstant(since, ZoneOffset.UTC));
                try (ResultSet rs = ps.executeQuery()) {
                    assertTrue(rs.next(), "call_record row with the whole 40-digit number");
                    System.out.println("call_record: company=" + rs.getString(1) + " outcome=" + rs.getString(2) + " agent="
                            + rs.getString(3) + " caller digits=" + rs.getString(4).length() + " truncated=" + rs.getBoolean(5));
                    assertEquals("alpha", rs.getString(1));
                    assertEquals("ANSWERED", rs.getString(2));
                    assertEquals("2101", rs.getString(3));
                    assertFalse(rs.getBoolean(5), "stored whole, not cut");
                }
            }
            FoundationIT.awaitTrue("Asterisk's CDR of the call in asterisk_call", () -> asteriskCalls(since) == 1);

            Usage after = alphaUsage(month, zone);
            System.out.println("alpha " + month + " usage before the call: " + before + "; after: " + after);
            assertEquals(before.offered() + 1, after.offered(), "billing counts the call as offered");
            assertEquals(before.answered() + 1, after.answered(), "and as answered");
        }
    }

    private static Usage alphaUsage(YearMonth month, ZoneId zone) throws SQLException {
        try (Connection c = RealStack.db()) {
            return Metering.usage(c, BillingMonth.start(month, zone), BillingMonth.end(month, zone), Optional.of(Set.of("alpha")))
                    .getOrDefault("alpha", Usage.ZERO);
        }
    }

    private static long endedRecords(Instant since) {
        return count("SELECT COUNT(*) FROM call_record WHERE caller_number = ? AND entered_at >= ? AND ended_at IS NOT NULL", since);
    }

    private static long asteriskCalls(Instant since) {
        return count("SELECT COUNT(*) FROM asterisk_call WHERE caller_number = ? AND started_at >= ?", since.minusSeconds(2));
    }

    private static long count(String sql, Instant since) {
        try (Connection c = RealStack.db(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, FORTY_DIGITS);
            ps.setObject(2, LocalDateTime.ofInstant(since, ZoneOffset.UTC));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            return -1;
        }
    }
}
