package ascc.core.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ascc.core.Engine;
import ascc.core.ami.AmiEvent;
import ascc.core.config.yaml.RecordingsLoader;
import ascc.testsupport.sip.IncomingCall;
import ascc.testsupport.sip.TestPhone;
import ascc.testsupport.sipp.CustomerCall;
import ascc.testsupport.sipp.Sipp;
import ascc.testsupport.sipp.SippResult;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Recording policy through the real stack: SIPp customer -> Asterisk 22 -> FastAGI inbound flow (inquiry menu answered
 * with DTMF) -> consent announcement -> queue -> registered test phone answers -> MixMonitor started by the Queue's
 * agent-answer gosub -> WAV file in the chroot, linked from the call record in MariaDB, served over HTTP by company token.
 */
class RecordingIT {
    private static final Path RECORDINGS = Path.of(RecordingsLoader.sandboxRoot(System.getenv())
            + RecordingsLoader.DEFAULT_RECORDINGS_ASTERISK_DIR);

    @BeforeAll
    static void stack() throws Exception {
        RealStack.ensureAsterisk();
    }

    private static SippResult customer(String number, String digits, Duration hold, int port) {
        CustomerCall call = CustomerCall.of(digits, Duration.ofMillis(1500), Duration.ofSeconds(1), hold).withCaller("01055507777");
        return Sipp.builder().scenarioXml("rec-" + number, call.toXml()).remote("127.0.0.1", 5060).service(number).calls(1)
                .localPort(port).timeout(Duration.ofSeconds(90)).run();
    }

    /**
     * Both scenarios at once on one engine (alpha records on the appliance desk, beta does not on the digital desk: their own
     * numbers, phones and linked ids), so the class waits on their calls once.
     */
    @Test
    void aRecordedCompanysCallHasItsFileAndLinkWhileARecordingOffCompanysCallAtTheSameTimeHasNone() throws Exception {
        List<AmiEvent> events = new CopyOnWriteArrayList<>();
        try (Engine engine = RealStack.startEngine(Map.of());
             TestPhone agent = RealStack.phone("2101");
             TestPhone junior = RealStack.phone("2102");
             TestPhone digital = RealStack.phone("2201");
             EngineView view = EngineView.of(engine)) {
            view.ami().subscribe(events::add);
            view.awaitAmiConnected();
            Together.run("recorded", () -> recordedCallHasAFileOfTheCallsLengthLinkedFromItsRecordAfterTheConsentAnnouncement(
                    engine, agent, junior, events), "not recorded", () -> companyWithRecordingOffProducesNoFileAndNoLink(digital, events));
        }
    }

    private static void recordedCallHasAFileOfTheCallsLengthLinkedFromItsRecordAfterTheConsentAnnouncement(Engine engine,
            TestPhone agent, TestPhone junior, List<AmiEvent> events) throws Exception {
        Instant start = Instant.now().minusSeconds(1);
        agent.setAutoAnswer(Duration.ofMillis(300));
        junior.setAutoAnswer(Duration.ofMillis(300));
        FoundationIT.awaitMemberAvailable("desk-appliance", "2101");

        // product 1 (home appliances, appliance desk), inquiry 1 (fault)
        SippResult r = customer("0700000001", "11", Duration.ofSeconds(12), 5111);
        assertTrue(r.allSucceeded(), () -> "SIPp customer call failed: " + r.describe());
        IncomingCall call = agent.awaitIncoming(Duration.ofSeconds(5));
        call.awaitEnded(Duration.ofSeconds(20));

        Map<String, Object> row = FoundationIT.awaitRecord("0700000001", start);
        assertEquals("ANSWERED", row.get("outcome"));
        assertEquals("alpha", row.get("company_id"), "routed by the engine: " + row);
        String linkedId = (String) row.get("linked_id");
        Object path = row.get("recording_path");
        assertNotNull(path, "the call record links to its recording: " + row);
        Path file = Path.of((String) path);
        assertTrue(file.startsWith(RECORDINGS.resolve("alpha")), file + " under the company's directory");
        assertEquals(linkedId + ".wav", file.getFileName().toString());
        FoundationIT.awaitTrue("recording " + file + " written and closed", () -> Files.isRegularFile(file) && closedWav(file));
        long size = Files.size(file);
        double seconds = wavSeconds(file);
        long talkMs = ((Number) row.get("talk_ms")).longValue();
        System.out.printf("recording %s: %d bytes, %.3f s; call record talk time %d ms%n", file, size, seconds, talkMs);
        assertTrue(size > 44 + 8000, "non-empty audio: " + size + " bytes");
        assertTrue(talkMs > 3000, "the conversation lasted a few seconds: " + talkMs + " ms");
        assertTrue(Math.abs(seconds * 1000 - talkMs) <= 1000,
                "recording length " + seconds + " s within a second of the talk time " + talkMs + " ms");

        // the consent announcement was played (successfully) on the customer's channel before any agent was called
        int consent = indexOf(events, "UserEvent", linkedId, "ASCCConsent");
        int called = indexOf(events, "AgentCalled", linkedId, null);
        int recording = indexOf(events, "UserEvent", linkedId, "ASCCRecording");
        assertTrue(consent >= 0, "ASCCConsent user event for " + linkedId + " in " + names(events));
        AmiEvent ce = events.get(consent);
        assertEquals("conf-now-recording", ce.get("Prompt", ""), ce.fields().toString());
        assertEquals("SUCCESS", ce.get("Status", ""), "Playback status: " + ce.fields());
        assertTrue(called > consent, "consent (#" + consent + ") before the agent was called (#" + called + ")");
        assertTrue(recording > called, "recording started after the agent answered: " + recording);
        System.out.printf("consent played %s, agent called %s, recording started %s%n", events.get(consent).received(),
                events.get(called).received(), events.get(recording).received());

        // access: the admin and alpha's token fetch it; beta's token does not
        byte[] bytes = Files.readAllBytes(file);
        HttpResponse<byte[]> admin = fetch(engine.httpPort(), "/api/recordings/alpha/" + linkedId, "it-admin-token");
        assertEquals(200, admin.statusCode());
        assertArrayEquals(bytes, admin.body());
        assertEquals(200, fetch(engine.httpPort(), "/api/recordings/alpha/" + linkedId, "it-alpha-recordings-token").statusCode());
        assertEquals(403, fetch(engine.httpPort(), "/api/recordings/alpha/" + linkedId, "it-beta-recordings-token").statusCode());
        assertEquals(401, fetch(engine.httpPort(), "/api/recordings/alpha/" + linkedId, null).statusCode());
    }

    private static void companyWithRecordingOffProducesNoFileAndNoLink(TestPhone agent, List<AmiEvent> events) throws Exception {
        Instant start = Instant.now().minusSeconds(1);
        agent.setAutoAnswer(Duration.ofMillis(300));
        FoundationIT.awaitMemberAvailable("desk-digital", "2201");

        // product 1 (software, digital desk), inquiry 1 (fault)
        SippResult r = customer("0700000002", "11", Duration.ofSeconds(14), 5112);
        assertTrue(r.allSucceeded(), () -> "SIPp customer call failed: " + r.describe());
        agent.awaitIncoming(Duration.ofSeconds(5)).awaitEnded(Duration.ofSeconds(20));

        Map<String, Object> row = FoundationIT.awaitRecord("0700000002", start);
        assertEquals("ANSWERED", row.get("outcome"));
        assertEquals("2201", row.get("agent_id"));
        assertEquals("beta", row.get("company_id"), "routed by the engine, not the dialplan fallback: " + row);
        assertNull(row.get("recording_path"), "no link: " + row);
        String linkedId = (String) row.get("linked_id");
        assertTrue(indexOf(events, "AgentConnect", linkedId, null) >= 0, "the agent talked to the customer");
        assertEquals(-1, indexOf(events, "UserEvent", linkedId, "ASCCRecording"), "MixMonitor was not started");
        assertEquals(-1, indexOf(events, "UserEvent", linkedId, "ASCCConsent"), "no consent announcement");
        Path beta = RECORDINGS.resolve("beta");
        if (Files.exists(beta)) {
            try (Stream<Path> s = Files.walk(beta)) {
                assertEquals(List.of(), s.filter(p -> p.getFileName().toString().startsWith(linkedId)).toList());
            }
        }
        try (Stream<Path> s = Files.exists(RECORDINGS) ? Files.walk(RECORDINGS) : Stream.empty()) {
            assertEquals(List.of(), s.filter(p -> p.getFileName().toString().equals(linkedId + ".wav")).toList(),
                    "no recording of this call anywhere");
        }
    }

    private static int indexOf(List<AmiEvent> events, String name, String linkedId, String userEvent) {
        for (int i = 0; i < events.size(); i++) {
            AmiEvent e = events.get(i);
            if (e.is(name) && linkedId.equals(e.linkedId()) && (userEvent == null || userEvent.equals(e.get("UserEvent", "")))) {
                return i;
            }
        }
        return -1;
    }

    private static List<String> names(List<AmiEvent> events) {
        return events.stream().map(e -> e.name() + "/" + e.get("UserEvent", "")).distinct().toList();
    }

    private static HttpResponse<byte[]> fetch(int port, String path, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(5));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    /** MixMonitor writes the RIFF sizes when it closes the file. */
    private static boolean closedWav(Path f) {
        try {
            byte[] h = Files.readAllBytes(f);
            return h.length > 44 && ByteBuffer.wrap(h, 40, 4).order(ByteOrder.LITTLE_ENDIAN).getInt() == h.length - 44;
        } catch (Exception e) {
            return false;
        }
    }

    /** Duration from the WAV header: data bytes / byte rate. */
    static double wavSeconds(Path f) throws Exception {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(f)).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals("RIFF", new String(new byte[] {b.get(0), b.get(1), b.get(2), b.get(3)}, java.nio.charset.StandardCharsets.US_ASCII));
        int byteRate = b.getInt(28);
        int dataSize = b.getInt(40);
        return (double) dataSize / byteRate;
    }
}
