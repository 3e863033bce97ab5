package ascc.core.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ascc.core.Engine;
import ascc.core.selfservice.SelfServiceStore;
import ascc.testsupport.sip.IncomingCall;
import ascc.testsupport.sip.TestPhone;
import ascc.testsupport.sipp.CustomerCall;
import ascc.testsupport.sipp.Sipp;
import ascc.testsupport.sipp.SippResult;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * IVR self-service through the real stack (issue 15), one engine start. Company epsilon (one category, care desk, agent 2301)
 * has self-service with case status and one FAQ item; its prompts are placeholder WAVs written into the sandbox's prompt
 * directory. A repair partner posts a case over {@code POST /api/cases} with its token. Then:
 * <ol>
 * <li>a caller keys FAQ item 2 and hangs up: Asterisk played the FAQ recording; the call is recorded as served by
 * self-service (outcome SELF_SERVICE, visit RESOLVED with faq:reset);</li>
 * <li>the case's customer calls: Asterisk plays the case prompts, says the case number (SayDigits) and the expected date
 * (SayUnixTime); the caller presses 0 and the agent's test phone rings and answers (visit TO_AGENT, call ANSWERED).</li>
 * </ol>
 * What Asterisk played is read from Asterisk's own log (verbose 3 for the test: "Playing '...'" and "AGI Script Executing
 * Application: (SayDigits) ..."), not from the engine.
 */
class SelfServiceIT {
    private static final String NUMBER = "0700000005";
    private static final String CASE_CALLER = "01055501111";
    private static final String FAQ_CALLER = "01055502222";
    private static final String CASE_ID = "4821";
    private static final String PARTNER_TOKEN = "it-partner-token";
    private static final Path PROMPTS = RealStack.ASTERISK_ROOT.resolve("var/lib/asterisk/sounds/ascc/epsilon/en");
    /** A temporary Asterisk log channel with verbose level 3 for this test (Asterisk's own record of what it played). */
    private static final String LOG_CHANNEL = "selfsvc-it";
    private static final Path LOG = RealStack.ASTERISK_ROOT.resolve("var/log/asterisk/" + LOG_CHANNEL);
    private static final String SELF_SERVICE = """
            companies:
              epsilon:
                case-status: true
                faq:
                  beauty:
                    - {id: reset, prompt: faq-reset}
            partners:
              it-partner:
                # SHA-256 of it-partner-token
                token-sha256: d8e70d01e6f27cfd6dbeee74e55da762a0ee6c812266ab92dc640be9e727be2b
                companies: [epsilon]
            """;

    @BeforeAll
    static void stack() throws Exception {
        RealStack.ensureAsterisk();
        Files.createDirectories(PROMPTS);
        for (String p : List.of("self-service-case", "self-service-status-in-repair", "self-service-expected", "faq-reset")) {
            writePlaceholderWav(PROMPTS.resolve(p + ".wav"), 0.4);
        }
    }

    @Test
    void faqCallerIsServedBySelfServiceAndCaseCallerHearsTheStatusThenReachesAnAgentWithZero() throws Exception {
        Path conf = ConfCopy.of("self-service-it", "self-service.yaml", SELF_SERVICE);
        Instant start = Instant.now().minusSeconds(1);
        Files.deleteIfExists(LOG);
        // a logger channel's verbosity counts once a console (dis)connects: the second command makes it effective
        String added = RealStack.asteriskCli("logger add channel " + LOG_CHANNEL + " notice,warning,error,verbose(3)");
        String channels = RealStack.asteriskCli("logger show channels");
        assertTrue(channels.contains(LOG_CHANNEL), added + channels);
        long logFrom = 0;
        try (Engine engine = Engine.start(new Engine.Options(conf, RealStack.engineEnv(Map.of()), Clock.systemUTC(), "it-node"));
             TestPhone agent = RealStack.phone("2301")) {
            EngineView.of(engine).awaitAmiConnected();
            agent.setAutoAnswer(Duration.ofMillis(300));
            FoundationIT.awaitMemberAvailable("desk-care", "2301");

            // the partner posts the case (a row of another company is rejected with its line)
            HttpResponse<String> posted = post(engine.httpPort(), "case_id,company,phone,product,status,expected_date,partner\n"
                    + CASE_ID + ",epsilon,010-5550-1111,hair dryer,in-repair,2026-12-24,\n"
                    + "4822,alpha,010-5550-1112,fan,received,,\n", PARTNER_TOKEN);
            assertEquals(200, posted.statusCode(), posted.body());
            assertTrue(posted.body().startsWith("{\"stored\":1,\"rejectedCount\":1,"), posted.body());
            assertEquals(401, post(engine.httpPort(), "case_id\n", "wrong-token").statusCode());

            // 1. FAQ: the menu (1 case number, 2 reset, 0 agent) listens at once; key 2, hear the answer, hang up. Placed at
            // the same time as the case caller of 2. (its own number; it never reaches the agent)
            java.util.concurrent.CompletableFuture<SippResult> faqCall = java.util.concurrent.CompletableFuture.supplyAsync(
                    () -> call(FAQ_CALLER, "2", Duration.ofMillis(1500), Duration.ofSeconds(4), 5261));
            // 2. case status: read out (about 7 s), then the menu; 0 for an agent (keyed twice, 3 s apart, to land in the menu)
            SippResult caseCall = call(CASE_CALLER, "0,,0", Duration.ofMillis(10_500), Duration.ofSeconds(9), 5262);
            SippResult faq = faqCall.get();
            assertTrue(faq.allSucceeded(), () -> "SIPp FAQ call failed: " + faq.describe());
            Map<String, Object> faqRow = awaitRecord(FAQ_CALLER, start);
            assertEquals("SELF_SERVICE", faqRow.get("outcome"), faqRow.toString());
            assertEquals("epsilon", faqRow.get("company_id"));
            Map<String, Object> faqVisit = awaitVisit((String) faqRow.get("linked_id"));
            assertEquals("RESOLVED", faqVisit.get("result"), faqVisit.toString());
            assertEquals("faq:reset", faqVisit.get("items"));

            assertTrue(caseCall.allSucceeded(), () -> "SIPp case call failed: " + caseCall.describe());
            IncomingCall rang = agent.awaitIncoming(Duration.ofSeconds(5));
            rang.awaitEnded(Duration.ofSeconds(15));
            Map<String, Object> caseRow = awaitRecord(CASE_CALLER, start);
            assertEquals("ANSWERED", caseRow.get("outcome"), caseRow.toString());
            assertEquals("2301", caseRow.get("agent_id"));
            Map<String, Object> caseVisit = awaitVisit((String) caseRow.get("linked_id"));
            assertEquals("TO_AGENT", caseVisit.get("result"), caseVisit.toString());
            assertEquals("case-status", caseVisit.get("items"));

            // what Asterisk played, from its own log
            String log = readFrom(LOG, logFrom);
            assertTrue(log.contains("Playing '/var/lib/asterisk/sounds/ascc/epsilon/en/faq-reset."), tail(log));
            assertTrue(log.contains("Playing '/var/lib/asterisk/sounds/ascc/epsilon/en/self-service-status-in-repair."), tail(log));
            assertTrue(log.lines().anyMatch(l -> l.contains("SayDigits") && l.contains("(" + CASE_ID + ")")), tail(log));
            assertTrue(log.lines().anyMatch(l -> l.contains("SayUnixTime")), tail(log));
            assertTrue(log.contains("Playing 'digits/0."), "the menu offered 0 for an agent: " + tail(log));

            Map<String, SelfServiceStore.Containment> c = new SelfServiceStore(RealStack.dataSource())
                    .containment(start, Instant.now().plusSeconds(60), Optional.of("epsilon"));
            assertEquals(new SelfServiceStore.Containment(2, 1, 1, 0), c.get("epsilon"));
            HttpResponse<String> board = RealStack.get(engine.httpPort(), "/api/self-service/containment", "it-admin-token");
            assertEquals(200, board.statusCode(), board.body());
            assertTrue(board.body().contains("{\"company\":\"epsilon\",\"visits\":2,\"resolved\":1,\"toAgent\":1,"
                    + "\"abandoned\":0,\"containmentPct\":50.0}"), board.body());
            System.out.printf("self-service containment of epsilon: %.1f%% (%s)%n", c.get("epsilon").ratePercent(), c.get("epsilon"));
        } finally {
            RealStack.asteriskCli("logger remove channel " + LOG_CHANNEL);
            RealStack.asteriskCli("logger show channels");
        }
    }

    private static SippResult call(String caller, String digits, Duration before, Duration hold, int port) {
        CustomerCall call = CustomerCall.of(digits, before, Duration.ofMillis(700), hold).withCaller(caller);
        String scenario = caller.equals(FAQ_CALLER) ? "selfsvc-faq" : "selfsvc-case";
        return Sipp.builder().scenarioXml(scenario, call.toXml()).remote("127.0.0.1", 5060).service(NUMBER).calls(1)
                .localPort(port).timeout(Duration.ofSeconds(60)).run();
    }

    private static Map<String, Object> awaitRecord(String caller, Instant since) throws Exception {
        AtomicReference<Map<String, Object>> found = new AtomicReference<>();
        FoundationIT.awaitTrue("call record of the caller in MariaDB", () -> {
            try {
                found.set(row("SELECT * FROM call_record WHERE caller_number = ? AND entered_at >= ? ORDER BY id DESC", caller,
                        java.sql.Timestamp.valueOf(since.atOffset(java.time.ZoneOffset.UTC).toLocalDateTime())));
                return found.get() != null;
            } catch (Exception e) {
                return false;
            }
        });
        return found.get();
    }

    private static Map<String, Object> awaitVisit(String linkedId) throws Exception {
        AtomicReference<Map<String, Object>> found = new AtomicReference<>();
        FoundationIT.awaitTrue("self-service visit of call " + linkedId, () -> {
            try {
                found.set(row("SELECT * FROM call_self_service WHERE linked_id = ?", linkedId));
                return found.get() != null;
            } catch (Exception e) {
                return false;
            }
        });
        return found.get();
    }

    private static Map<String, Object> row(String sql, Object... args) throws Exception {
        try (var c = RealStack.db(); var ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            try (var rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                Map<String, Object> m = new java.util.LinkedHashMap<>();
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                    m.put(rs.getMetaData().getColumnLabel(i).toLowerCase(java.util.Locale.ROOT), rs.getObject(i));
                }
                return m;
            }
        }
    }

    private static HttpResponse<String> post(int port, String csv, String token) throws IOException, InterruptedException {
        HttpRequest r = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/cases")).timeout(Duration.ofSeconds(5))
                .header("Authorization", "Bearer " + token).header("Content-Type", "text/csv")
                .POST(HttpRequest.BodyPublishers.ofString(csv)).build();
        return HttpClient.newHttpClient().send(r, HttpResponse.BodyHandlers.ofString());
    }

    private static String readFrom(Path file, long offset) throws IOException {
        byte[] all = Files.readAllBytes(file);
        return new String(all, (int) Math.min(offset, all.length), (int) Math.max(0, all.length - offset), StandardCharsets.UTF_8);
    }

    private static String tail(String log) {
        return "Asterisk log since the start of the test (last 3000 characters):\n"
                + log.substring(Math.max(0, log.length() - 3000));
    }

    /** A placeholder prompt: 8 kHz 16-bit mono PCM WAV of a 440 Hz tone, {@code seconds} long. */
    static void writePlaceholderWav(Path file, double seconds) throws IOException {
        int samples = (int) (8000 * seconds);
        ByteBuffer b = ByteBuffer.allocate(44 + samples * 2).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(36 + samples * 2).put("WAVE".getBytes(StandardCharsets.US_ASCII));
        b.put("fmt ".getBytes(StandardCharsets.US_ASCII)).putInt(16).putShort((short) 1).putShort((short) 1).putInt(8000)
                .putInt(16000).putShort((short) 2).putShort((short) 16);
        b.put("data".getBytes(StandardCharsets.US_ASCII)).putInt(samples * 2);
        for (int i = 0; i < samples; i++) {
            b.putShort((short) (8000 * Math.sin(2 * Math.PI * 440 * i / 8000.0)));
        }
        Files.write(file, b.array());
    }
}
