package ascc.core.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ascc.core.Engine;
import ascc.core.config.yaml.ConfigLoader;
import ascc.routing.config.CenterConfig;
import ascc.testsupport.sip.IncomingCall;
import ascc.testsupport.sip.TestPhone;
import ascc.testsupport.sipp.CustomerCall;
import ascc.testsupport.sipp.Sipp;
import ascc.testsupport.sipp.SippResult;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two Asterisk boxes, each a second Asterisk from the sandbox chroot in its own network namespace
 * ({@code ivr-core/bin/netns}: 10.77.0.10 and 10.77.0.11 behind the bridge 10.77.0.1), and one engine in this JVM
 * connected to both (engine.yaml {@code boxes}). A SIPp customer on each box reaches an agent registered on that box;
 * then box b is stopped: its call ends, the engine reports box b down on {@code /health} and {@code /metrics} while box
 * a stays up, box a's call goes on to its end and is recorded once. The shared sandbox Asterisk is not used or touched.
 * Runs under the real-stack lock (it.sh holds it; the netns script is told so).
 */
class MultiBoxIT {
    private static final String BRIDGE = Namespaces.BRIDGE;
    private static final String BOX_A = "10.77.0.10";
    private static final String BOX_B = "10.77.0.11";
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String ENGINE_YAML = """
            agi:
              bind: 10.77.0.1
              port: ${ASCC_AGI_PORT:-4591}
              url-host: 10.77.0.1
              allowed-peers: [10.77.0.0/24]
              secret: multibox-it-agi-secret-0123
            boxes:
              - {id: a, ami-host: 10.77.0.10, ami-port: 5038, ami-username: ascc-it, ami-secret: box-a-ami-secret,
                 sip-address: 10.77.0.10, trunk-capacity: 20}
              - {id: b, ami-host: 10.77.0.11, ami-port: 5038, ami-username: ascc-it, ami-secret: box-b-ami-secret,
                 sip-address: 10.77.0.11, trunk-capacity: 20}
            database:
              url: "${ASCC_DB_URL:-}"
              username: ${ASCC_DB_USER:-ascc}
              password: ${ASCC_DB_PASSWORD:-ascc}
              embedded-path: target/multibox-db/ascc
              spool-dir: target/multibox-spool
            http:
              bind: 127.0.0.1
              port: ${ASCC_HTTP_PORT:-8491}
              admin-token: it-admin-token
            center:
              timezone: Asia/Seoul
              shared-numbers: ["0700000000"]
              general-desk: general
            asterisk:
              sip-bind: 10.77.0.10
              sip-port: 5060
              trunk-match: [10.77.0.1]
            capacity:
              max-calls: 40
            """;
    private static Path conf;
    private static final Instant T0 = Instant.now();

    @BeforeAll
    static void boxes() throws Exception {
        conf = ConfCopy.of("multibox-conf", "engine.yaml", ENGINE_YAML);
        CenterConfig config = ConfigLoader.load(conf, RealStack.engineEnv(Map.of()));
        netns("down"); // anything a killed earlier run left
        assertEquals(0, netns("up", "box-a:" + BOX_A, "box-b:" + BOX_B), "netns up");
        Namespaces.startBoxes(config, "multibox", "a", "b"); // both boxes boot at the same time
        System.out.println("MultiBoxIT: two boxes up in " + Duration.between(T0, Instant.now()).toMillis() + " ms");
    }

    @AfterAll
    static void down() throws Exception {
        netns("down");
    }

    @Test
    void aCustomerOnEachBoxReachesAnAgentThereAndAStoppedBoxIsReportedDownWhileTheOtherCarriesOn() throws Exception {
        Instant start = Instant.now().minusSeconds(1);
        Map<String, String> env = RealStack.engineEnv(Map.of());
        try (Engine engine = Engine.start(new Engine.Options(conf, env, Clock.systemUTC(), "multibox-node"));
             TestPhone onA = phone("2101", BOX_A, 5181);
             TestPhone onB = phone("2102", BOX_B, 5182)) {
            int http = engine.httpPort();
            System.out.println("MultiBoxIT: engine started at " + Duration.between(T0, Instant.now()).toMillis() + " ms");
            FoundationIT.awaitTrue("both boxes' AMI links up", () -> gauge(http, "a") == 1 && gauge(http, "b") == 1);
            onA.setAutoAnswer(Duration.ofMillis(200));
            onB.setAutoAnswer(Duration.ofMillis(200));
            FoundationIT.awaitTrue("2101 in desk-appliance on box a and 2102 on box b",
                    () -> memberFree("box-a", "2101") && memberFree("box-b", "2102"));

            // a customer on each box: menu 1 (home appliances), 1 (fault) -> desk appliance -> that box's only agent
            try (Sipp.Running callA = customer(BOX_A, "01055500001", Duration.ofSeconds(6), 5191).start();
                 Sipp.Running callB = customer(BOX_B, "01055500002", Duration.ofSeconds(30), 5192).start()) {
                IncomingCall atA = onA.awaitIncoming(WAIT);
                IncomingCall atB = onB.awaitIncoming(WAIT);
                assertEquals("alpha", atA.header("X-CC-Company").orElse(""), () -> "headers: " + atA.headers());
                assertEquals("alpha", atB.header("X-CC-Company").orElse(""), () -> "headers: " + atB.headers());
                assertEquals(1, onA.receivedRequests("INVITE"), "box a's call went to box a's agent only");
                assertEquals(1, onB.receivedRequests("INVITE"), "box b's call went to box b's agent only");

                Instant stop = Instant.now();
                assertEquals(0, netns("stop-box", "box-b"), "netns stop-box box-b");
                atB.awaitEnded(WAIT); // box b's call ends with its box
                FoundationIT.awaitTrue("box b down on /metrics, box a up", () -> gauge(http, "b") == 0 && gauge(http, "a") == 1);
                FoundationIT.awaitTrue("box b DOWN on /health", () -> health(http).contains("\"ami-b\":\"DOWN\""));
                String h = health(http);
                assertTrue(h.contains("\"ami-a\":\"UP\""), h);
                System.out.println("box b stopped; engine saw it down within " + Duration.between(stop, Instant.now()).toMillis()
                        + " ms; /health: " + h);

                SippResult a = callA.await(WAIT.plusSeconds(20)); // box a's call carries on to its end
                assertTrue(a.allSucceeded(), () -> "box a's customer call: " + a.describe());
                atA.awaitEnded(WAIT);
                callB.stopPlacingCalls();
            }
            Map<String, Integer> records = records(start);
            System.out.println("MultiBoxIT: calls done and recorded at " + Duration.between(T0, Instant.now()).toMillis() + " ms");
            // box b's call: recorded once if its hang-up reached the engine before the box went, else when box b is back
            System.out.println("call records by agent after box b stopped: " + records);
            assertEquals(1, records.getOrDefault("2101", 0), () -> "box a's call recorded once (by agent): " + records);
            assertTrue(records.values().stream().allMatch(n -> n == 1), () -> "no call recorded twice: " + records);
        }
    }

    private static TestPhone phone(String agent, String box, int port) throws Exception {
        return Namespaces.phone(agent, box, port);
    }

    private static Sipp.Builder customer(String box, String caller, Duration hold, int localPort) {
        CustomerCall call = CustomerCall.of("11", Duration.ofMillis(1500), Duration.ofMillis(700), hold).withCaller(caller);
        return Sipp.builder().scenarioXml("multibox-" + localPort, call.toXml()).remote(box, 5060).localIp(BRIDGE).service("0700000001")
                .calls(1).localPort(localPort).timeout(Duration.ofSeconds(60));
    }

    private static int netns(String... args) throws Exception {
        return Namespaces.run(args);
    }

    private static boolean memberFree(String box, String agent) {
        return Namespaces.memberFree(box, "desk-appliance", agent);
    }

    private static double gauge(int http, String box) {
        return Namespaces.amiConnected("127.0.0.1", http, box);
    }

    private static String health(int http) {
        return Namespaces.health("127.0.0.1", http);
    }

    /** Call records since {@code since} of dialed 0700000001, counted by agent (by linkedid when no agent). */
    private static Map<String, Integer> records(Instant since) throws Exception {
        Map<String, Integer> out = new HashMap<>();
        FoundationIT.awaitTrue("box a's call record", () -> {
            out.clear();
            try (Connection c = RealStack.db();
                 PreparedStatement ps = c.prepareStatement("SELECT agent_id, linked_id FROM call_record"
                         + " WHERE dialed_number = '0700000001' AND entered_at >= ?")) {
                ps.setTimestamp(1, Timestamp.valueOf(since.atOffset(ZoneOffset.UTC).toLocalDateTime()));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        // the agent, or the call's linkedid when no agent took it (never the caller's number: PiiLogScanIT)
                        String key = rs.getString(1) != null ? rs.getString(1) : "linkedid " + rs.getString(2);
                        out.merge(key, 1, Integer::sum);
                    }
                }
                return out.containsKey("2101");
            } catch (Exception e) {
                return false;
            }
        });
        return out;
    }
}
