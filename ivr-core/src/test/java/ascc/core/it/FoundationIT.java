package ascc.core.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import ascc.core.Engine;
import ascc.testsupport.sip.IncomingCall;
import ascc.testsupport.sip.TestPhone;
import ascc.testsupport.sipp.CustomerCall;
import ascc.testsupport.sipp.Sipp;
import ascc.testsupport.sipp.SippResult;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The foundation, proven through the real stack: SIPp customers call through the sandbox Asterisk 22,
 * which runs the engine's FastAGI flow and queues the call; registered SIP test phones of agents answer;
 * the call record lands in MariaDB. Also: the dialplan fallback with the engine down, and an AMI cut.
 */
class FoundationIT {
    private static final Duration WAIT = Duration.ofSeconds(20);

    @BeforeAll
    static void stack() throws Exception {
        RealStack.ensureAsterisk();
    }

    @Test
    void customerCallReachesTheMostProficientAgentOfTheCompanysDeskAndIsRecordedInMariaDb() throws Exception {
        Instant start = Instant.now().minusSeconds(1);
        try (Engine engine = RealStack.startEngine(Map.of());
             TestPhone expert = RealStack.phone("2101");
             TestPhone junior = RealStack.phone("2102");
             TestPhone otherDesk = RealStack.phone("2201")) {
            EngineView view = EngineView.of(engine).awaitAmiConnected();
            for (TestPhone p : List.of(expert, junior, otherDesk)) {
                p.setAutoAnswer(Duration.ofMillis(300));
            }
            awaitMemberAvailable("desk-appliance", "2101");

            // product menu "1" (home appliances), inquiry menu "1" (fault/repair)
            SippResult result = customerCall("0700000001", "01055501234", "11", Duration.ofSeconds(6), 5101);
            assertTrue(result.allSucceeded(), () -> "SIPp customer call failed: " + result.describe());

            IncomingCall call = expert.awaitIncoming(Duration.ofSeconds(5));
            assertEquals("alpha", call.header("X-CC-Company").orElse(""), () -> "headers: " + call.headers());
            assertEquals("appliance", call.header("X-CC-Desk").orElse(""));
            assertEquals("home-appliances", call.header("X-CC-Category").orElse(""));
            assertEquals("010******34", call.header("X-CC-Caller").orElse(""), "the phone shows the masked number");
            assertEquals("fault", call.header("X-CC-Inquiry").orElse(""));
            call.awaitEnded(WAIT);
            assertEquals(0, junior.receivedRequests("INVITE"), "the less proficient agent was not offered the call");
            assertEquals(0, otherDesk.receivedRequests("INVITE"), "an agent of another desk was not offered the call");

            Map<String, Object> row = awaitRecord("0700000001", start);
            assertEquals("alpha", row.get("company_id"));
            assertEquals("appliance", row.get("desk_id"));
            assertEquals("desk-appliance", row.get("queue_name"));
            assertEquals("2101", row.get("agent_id"));
            assertEquals("ANSWERED", row.get("outcome"));
            assertEquals("01055501234", row.get("caller_number"));
            assertNotNull(row.get("answered_at"));
            assertNotNull(row.get("ended_at"));
            long talk = ((Number) row.get("talk_ms")).longValue();
            assertTrue(talk > 2_000 && talk < 10_000, "talk time " + talk + " ms for a ~4 s conversation");
            assertEquals("fault", row.get("inquiry_type"));
            assertTrue(String.valueOf(row.get("rule")).contains("company alpha"), "rule: " + row.get("rule"));
        }
    }

    @Test
    void withTheEngineStoppedTheCallStillReachesAnAgentThroughTheFallbackQueue() throws Exception {
        try (TestPhone a = RealStack.phone("2201");
             TestPhone b = RealStack.phone("2102")) {
            a.setAutoAnswer(Duration.ofMillis(200));
            b.setAutoAnswer(Duration.ofMillis(200));
            awaitMemberAvailable("ascc-fallback", "2201");
            // no engine runs: Asterisk's AGI connection to the engine is refused
            SippResult result = customerCall("0700000002", "01077778888", "", Duration.ofSeconds(3), 5102);
            assertTrue(result.allSucceeded(), () -> "SIPp customer call failed: " + result.describe());
            long invites = a.receivedRequests("INVITE") + b.receivedRequests("INVITE");
            assertTrue(invites >= 1, "an agent was offered the call through the fallback queue");
            IncomingCall call = (a.calls().isEmpty() ? b : a).calls().get(0);
            assertEquals("1", call.header("X-CC-Fallback").orElse(""), () -> "headers: " + call.headers());
        }
    }

    @Test
    void anAmiCutIsDetectedAndTheEngineReconnectsAndReportsHealthyAgain() throws Exception {
        try (TcpProxy proxy = TcpProxy.start(RealStack.ASTERISK_AMI_PORT);
             Engine engine = RealStack.startEngine(Map.of("ASCC_AMI_PORT", Integer.toString(proxy.port())))) {
            int http = engine.httpPort();
            awaitTrue("health UP at start", () -> status(http) == 200);

            proxy.blackhole(); // the link goes silent: no FIN, no RST, as when a cable or a NAT drops it
            Instant cut = Instant.now();
            awaitTrue("health DOWN after the AMI link went silent", () -> status(http) == 503);
            Duration detected = Duration.between(cut, Instant.now());
            HttpResponse<String> down = RealStack.get(http, "/health", null);
            assertTrue(down.body().contains("\"ami\":\"DOWN\""), down.body());

            proxy.restore();
            awaitTrue("health UP again after reconnect", () -> status(http) == 200);
            String metrics = RealStack.get(http, "/metrics", "it-admin-token").body();
            assertTrue(metrics.contains("ascc_ami_reconnects_total"), metrics);
            assertFalse(metrics.contains("ascc_ami_reconnects_total 0.0\n"), "a reconnect was counted: " + metrics);
            System.out.println("AMI dead link detected after " + detected.toMillis() + " ms");
        }
    }

    // ------------------------------------------------------------------------------------------- helpers

    private static int status(int httpPort) {
        try {
            return RealStack.get(httpPort, "/health", null).statusCode();
        } catch (Exception e) {
            return -1;
        }
    }

    /** One SIPp customer: answers, waits 1.5 s, keys {@code digits} (RFC 4733), holds, hangs up. */
    static SippResult customerCall(String number, String caller, String digits, Duration hold, int localPort) {
        Duration before = digits.isEmpty() ? Duration.ZERO : Duration.ofMillis(1500);
        CustomerCall call = CustomerCall.of(digits, before, Duration.ofMillis(700), hold).withCaller(caller);
        return Sipp.builder()
                .scenarioXml("customer-" + number, call.toXml())
                .remote("127.0.0.1", 5060)
                .service(number)
                .calls(1)
                .localPort(localPort)
                .timeout(Duration.ofSeconds(60))
                .run();
    }

    static void awaitMemberAvailable(String queue, String agent) throws Exception {
        awaitTrue("queue " + queue + " member " + agent + " not in use", () -> {
            try {
                for (String line : RealStack.asteriskCli("queue show " + queue).split("\n")) {
                    if (line.contains("PJSIP/" + agent + ")") && line.contains("Not in use")) {
                        return true;
                    }
                }
                return false;
            } catch (Exception e) {
                return false;
            }
        });
    }

    static void awaitTrue(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return;
            }
            Thread.sleep(100);
        }
        fail("timed out after " + WAIT.toSeconds() + " s waiting for: " + what);
    }

    static Map<String, Object> awaitRecord(String dialed, Instant since) throws Exception {
        Map<String, Object> found = new LinkedHashMap<>();
        awaitTrue("call record for " + dialed + " in MariaDB", () -> {
            try (Connection c = RealStack.db();
                 PreparedStatement ps = c.prepareStatement(
                         "SELECT * FROM call_record WHERE dialed_number = ? AND entered_at >= ? ORDER BY id DESC")) {
                ps.setString(1, dialed);
                ps.setTimestamp(2, Timestamp.valueOf(since.atOffset(ZoneOffset.UTC).toLocalDateTime()));
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return false;
                    }
                    for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                        found.put(rs.getMetaData().getColumnLabel(i).toLowerCase(java.util.Locale.ROOT), rs.getObject(i));
                    }
                    return true;
                }
            } catch (Exception e) {
                return false;
            }
        });
        return found;
    }
}
