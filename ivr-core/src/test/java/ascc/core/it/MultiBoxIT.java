package ascc.core.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ascc.core.Engine;
import ascc.core.agents.AgentState;
import ascc.core.config.yaml.ConfigLoader;
import ascc.routing.config.CenterConfig;
import ascc.testsupport.sip.IncomingCall;
import ascc.testsupport.sip.TestPhone;
import ascc.testsupport.sipp.CustomerCall;
import ascc.testsupport.sipp.Sipp;
import ascc.testsupport.sipp.SippResult;
import java.io.IOException;
import java.nio.file.Files;
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
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Two Asterisk boxes, each a second Asterisk from the sandbox chroot in its own network namespace
 * ({@code ivr-core/bin/netns}: 10.77.0.10 and 10.77.0.11 behind the bridge 10.77.0.1), and one engine in this JVM
 * connected to both (engine.yaml {@code boxes}). A SIPp customer on each box reaches an agent registered on that box;
 * then box b is stopped: its call ends, the engine reports box b down on {@code /health} and {@code /metrics} while box
 * a stays up, box a's call goes on to its end and is recorded once. Before that, with both boxes up, a survey campaign's
 * dials spread over the two boxes by free trunk capacity and the global trunk limit holds, counting another node's slot
 * (docs/scale-out.md "Trunk slots"). The shared sandbox Asterisk is not used or touched. Runs under the real-stack lock
 * (it.sh holds it; the netns script is told so). One engine for both tests, started once.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MultiBoxIT {
    private static final String NETNS = Namespaces.SCRIPT;
    private static final String BRIDGE = Namespaces.BRIDGE;
    private static final String BOX_A = "10.77.0.10";
    private static final String BOX_B = "10.77.0.11";
    /** Where the engine writes box b's rendered files (engine.yaml boxes[].config-dir). */
    private static final String B_FILES = "target/multibox-engine-files-b";
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String AGI_YAML = """
            agi:
              bind: 10.77.0.1
              port: ${ASCC_AGI_PORT:-4591}
              url-host: 10.77.0.1
              allowed-peers: [10.77.0.0/24]
              secret: multibox-it-agi-secret-0123
            """;
    /**
     * The campaign of the spread test, alone in this conf's campaigns.yaml (no happy-call: nothing else dials): 4 trunk
     * channels over all nodes; customers are one SIPp on the bridge, reached from either box's namespace.
     */
    private static final String CAMPAIGNS_YAML = """
            trunk-channels: 4
            dial:
              channel: "PJSIP/ascc-outbound/sip:{number}@10.77.0.1:%d"
              ring-seconds: 5
            campaigns:
              - company: alpha
                id: %s
                kind: survey
                questions:
                  - {id: q1, kind: scale1to5, prompt: beep}
                schedule: "* * * * * ?"
                window:
                  days: [mon, tue, wed, thu, fri, sat, sun]
                  hours: "00:00-23:59"
                pacing:
                  max-concurrent: 4
                  calls-per-second: 5
                end-date: 2099-12-31
            """.formatted(SpreadCampaign.CUSTOMER_PORT, SpreadCampaign.ID);
    private static Path conf;
    private static CenterConfig config;
    private static Engine engine;
    private static final Instant T0 = Instant.now();

    @BeforeAll
    static void boxes() throws Exception {
        // callers of the appliance desk are offered to proficiency 3+ first (2101; each box's AstDB max penalty), after a
        // second to 2102 (proficiency 2) too: the widen step (recorded with the caller's unique id) whose QueuePenalty must
        // reach 2102's box b, or box b's caller never reaches 2102. (Not add-agents-of: a box's astdb may keep a stale
        // registration of a digital agent that another test left, which would take the caller.)
        conf = TwoBoxConf.write("multibox", AGI_YAML, "target/multibox-spool", "127.0.0.1", "${ASCC_HTTP_PORT:-8491}",
                "start-proficiency:\n  appliance: 3\ndesks:\n  appliance:\n    - {after-seconds: 1, widen-to-proficiency: 2}\n");
        // box b's files are managed by the engine (boxes[].config-dir): rendered for box b into its own directory
        Path yaml = conf.resolve("engine.yaml");
        String text = Files.readString(yaml);
        String bLine = "sip-address: 10.77.0.11, trunk-capacity: 2}";
        assertTrue(text.contains(bLine), text);
        // box a carries 2 trunk calls at once, as box b: one box alone cannot take the campaign's calls (SpreadCampaign)
        String aLine = "sip-address: 10.77.0.10, trunk-capacity: 20}";
        assertTrue(text.contains(aLine), text);
        Files.writeString(yaml, text.replace(bLine, "sip-address: 10.77.0.11, trunk-capacity: 2, config-dir: " + B_FILES + "}")
                .replace(aLine, "sip-address: 10.77.0.10, trunk-capacity: 2}"));
        Files.writeString(conf.resolve("campaigns.yaml"), CAMPAIGNS_YAML);
        deleteTree(Path.of(B_FILES));
        config = ConfigLoader.load(conf, RealStack.engineEnv(Map.of()));
        netns("down"); // anything a killed earlier run left
        assertEquals(0, netns("up", "box-a:" + BOX_A, "box-b:" + BOX_B), "netns up");
        Namespaces.startBoxes(config, "multibox", "a", "b"); // both boxes boot at the same time
        System.out.println("MultiBoxIT: two boxes up in " + Duration.between(T0, Instant.now()).toMillis() + " ms");
        SpreadCampaign.clean(); // before the engine runs: no earlier run's targets dialed
        engine = Engine.start(new Engine.Options(conf, RealStack.engineEnv(Map.of()), Clock.systemUTC(), "multibox-node"));
        System.out.println("MultiBoxIT: engine started at " + Duration.between(T0, Instant.now()).toMillis() + " ms");
    }

    private static void deleteTree(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (var files = Files.walk(dir)) {
                for (Path f : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(f);
                }
            }
        }
    }

    @AfterAll
    static void down() throws Exception {
        try {
            if (engine != null) {
                engine.close();
            }
        } finally {
            netns("down");
        }
    }

    /**
     * Survey campaign {@code multibox-spread} dials 6 answering customers through both boxes (each box 2 trunk calls at
     * once, 4 trunk channels over all nodes, one of them held by another node on box a): both boxes carry calls, never
     * more than 3 are up at once (4 minus the other node's), box a never has more than 1 of ours (its capacity minus the
     * other node's), box b never more than 2, each number is called once and its attempt's outcome stored once.
     */
    @Test
    @Order(1)
    void aCampaignSpreadsItsCallsOverBothBoxesByFreeTrunkCapacityWithinTheLimitOfAllNodes() throws Exception {
        int http = engine.httpPort();
        FoundationIT.awaitTrue("both boxes' AMI links up", () -> gauge(http, "a") == 1 && gauge(http, "b") == 1);
        SpreadCampaign.run(conf, config, Map.of(BOX_A, "a", BOX_B, "b"));
    }

    @Test
    @Order(2)
    void aCustomerOnEachBoxReachesAnAgentThereAndAStoppedBoxIsReportedDownWhileTheOtherCarriesOn() throws Exception {
        Instant start = Instant.now().minusSeconds(1);
        try (TestPhone onA = Namespaces.phone("2101", BOX_A, 5181);
             TestPhone onB = Namespaces.phone("2102", BOX_B, 5182)) {
            int http = engine.httpPort();
            String bPjsip = Files.readString(Path.of(B_FILES, "pjsip.conf"));
            assertTrue(bPjsip.contains("10.77.0.11:5060") && !bPjsip.contains("10.77.0.10:5060"),
                    () -> "box b's own files in its config-dir: " + bPjsip);
            FoundationIT.awaitTrue("both boxes' AMI links up", () -> gauge(http, "a") == 1 && gauge(http, "b") == 1);
            onA.setAutoAnswer(Duration.ofMillis(200));
            onB.setAutoAnswer(Duration.ofMillis(200));
            FoundationIT.awaitTrue("2101 in desk-appliance on box a and 2102 on box b",
                    () -> memberFree("box-a", "2101") && memberFree("box-b", "2102"));

            // 2102 pauses from its phone on box b (feature code *131: reason 1): the engine sends QueuePause through box b's
            // link (2102's phone is registered there), box a's queue is not touched
            EngineView view = EngineView.of(engine);
            Instant paused = Instant.now();
            SippResult pause = feature(BOX_B, "2102", "*131", 5193);
            assertTrue(pause.allSucceeded(), () -> "*131 on box b: " + pause.describe());
            FoundationIT.awaitTrue("2102 PAUSED in the engine", () -> view.state("2102") == AgentState.PAUSED);
            assertTrue(queueLine("box-b", "2102").contains("paused"), () -> "box b: " + queueLine("box-b", "2102"));
            assertFalse(queueLine("box-a", "2102").contains("paused"), () -> "box a: " + queueLine("box-a", "2102"));
            System.out.println("MultiBoxIT: 2102 paused through box b in " + Duration.between(paused, Instant.now()).toMillis() + " ms");

            // a customer on each box: menu 1 (home appliances), 1 (fault) -> desk appliance -> that box's only agent
            try (Sipp.Running callA = customer(BOX_A, "01055500001", Duration.ofSeconds(6), 5191).start();
                 Sipp.Running callB = customer(BOX_B, "01055500002", Duration.ofSeconds(30), 5192).start()) {
                IncomingCall atA = onA.awaitIncoming(WAIT);
                // box b's caller waits (2102 paused): the engine sees it waiting and takes its overflow step
                FoundationIT.awaitTrue("box b's caller waiting on /api/live and its overflow step recorded",
                        () -> waiting(view) == 1 && overflowStepOnBoxB(start));
                assertEquals(0, onB.receivedRequests("INVITE"), "paused 2102 not offered box b's caller");
                SippResult unpause = feature(BOX_B, "2102", "*14", 5194);
                assertTrue(unpause.allSucceeded(), () -> "*14 on box b: " + unpause.describe());
                IncomingCall atB = onB.awaitIncoming(WAIT); // unpaused through box b's link: box b offers it its caller
                assertTrue(view.state("2102") != AgentState.PAUSED, () -> "2102 after *14: " + view.state("2102"));
                assertFalse(queueLine("box-b", "2102").contains("paused"), () -> "box b: " + queueLine("box-b", "2102"));
                assertEquals("alpha", atA.header("X-CC-Company").orElse(""), () -> "headers: " + atA.headers());
                assertEquals("alpha", atB.header("X-CC-Company").orElse(""), () -> "headers: " + atB.headers());
                assertEquals(1, onA.receivedRequests("INVITE"), "box a's call went to box a's agent only");
                assertEquals(1, onB.receivedRequests("INVITE"), "box b's call went to box b's agent only");

                Instant stop = Instant.now();
                assertEquals(0, netns("stop-box", "box-b"), "netns stop-box box-b");
                atB.awaitEnded(WAIT); // box b's call ends with its box
                onB.registrarGone(); // closing the phone sends no unregister to the stopped box (it waited 5 s for no answer)
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

    /** Agent {@code agent}'s phone dials feature code {@code code} on box {@code box}. */
    private static SippResult feature(String box, String agent, String code, int localPort) throws Exception {
        String password = RealStack.config().agents().get(agent).password().reveal();
        return Sipp.builder().scenarioResource("sipp/agent-feature.xml").remote(box, 5060).localIp(BRIDGE).service(code)
                .key("agent", agent).auth(agent, password).calls(1).localPort(localPort).timeout(Duration.ofSeconds(30)).run();
    }

    /** Callers waiting in desk appliance as {@code /api/live} shows them (the tracker the wallboard shows), -1 without. */
    private static int waiting(EngineView view) {
        try {
            return view.live().stream().filter(d -> d.desk().equals("appliance")).mapToInt(EngineView.Desk::waiting).findFirst()
                    .orElse(-1);
        } catch (RuntimeException e) {
            return -1;
        }
    }

    /** A step of desk appliance taken on a caller of box b (its unique id starts with box b's systemname). */
    private static boolean overflowStepOnBoxB(Instant since) {
        try (Connection c = RealStack.db();
             PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM call_overflow_step WHERE desk_id = 'appliance'"
                     + " AND unique_id LIKE 'b-%' AND taken_at >= ?")) {
            ps.setTimestamp(1, Timestamp.valueOf(since.atOffset(ZoneOffset.UTC).toLocalDateTime()));
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getInt(1) > 0;
            }
        } catch (Exception e) {
            return false;
        }
    }

    private static String queueLine(String box, String agent) {
        try {
            Process p = new ProcessBuilder(NETNS, "box-cli", box, "queue show desk-appliance").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            p.waitFor();
            return out.lines().filter(l -> l.contains("PJSIP/" + agent + ")")).findFirst().orElse("");
        } catch (Exception e) {
            return "";
        }
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

    /** {@code ascc_ami_connected{box="<box>"}} on /metrics, -1 when absent or no answer. */
    private static double gauge(int http, String box) {
        try {
            String prefix = "ascc_ami_connected{box=\"" + box + "\"} ";
            return RealStack.get(http, "/metrics", "it-admin-token").body().lines().filter(l -> l.startsWith(prefix))
                    .mapToDouble(l -> Double.parseDouble(l.substring(prefix.length()).trim())).findFirst().orElse(-1);
        } catch (Exception e) {
            return -1;
        }
    }

    private static String health(int http) {
        try {
            return RealStack.get(http, "/health", null).body();
        } catch (Exception e) {
            return "";
        }
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
