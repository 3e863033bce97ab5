package ascc.agi.flows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ascc.agi.testing.FakeAgiChannel;
import ascc.recordings.CompanyRecordings;
import ascc.recordings.PromptName;
import ascc.recordings.RecordingMode;
import ascc.recordings.RecordingPolicy;
import ascc.recordings.RecordingsConfig;
import ascc.routing.config.CenterConfig;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Per-company prompts and the recording hand-over of the inbound flow. */
class RecordingFlowTest {
    private static final ZoneId SEOUL = ZoneId.of("Asia/Seoul");
    private static final Instant MONDAY_10 = LocalDateTime.parse("2026-06-01T10:00").atZone(SEOUL).toInstant();
    private static final Instant SUNDAY_10 = LocalDateTime.parse("2026-06-07T10:00").atZone(SEOUL).toInstant();

    @TempDir
    Path dir;
    private CenterConfig config;
    private RecordingsConfig rec;
    private final List<Instant> routedAt = new ArrayList<>();

    @BeforeEach
    void setUp() {
        config = FlowConfig.load(dir);
        rec = new RecordingsConfig(dir, "/snd/ascc", "en", Map.of(), RecordingsConfig.builtInDefaults(), dir.resolve("rec"),
                "/spool/ascc", 60, Map.of(
                        "hanbit", new CompanyRecordings("hanbit", java.util.Optional.empty(), 30,
                                new RecordingPolicy(RecordingMode.ALL, true, Map.of()),
                                Map.of("en", Set.of(PromptName.CLOSED, PromptName.INQUIRY_MENU))),
                        "sori", new CompanyRecordings("sori", java.util.Optional.empty(), 30, RecordingPolicy.NONE, Map.of())));
    }

    private FakeAgiChannel run(String dialed, Instant at, String... digits) {
        FakeAgiChannel ch = new FakeAgiChannel(FakeAgiChannel.request("inbound", "01012345678", dialed, new String[0]));
        for (String d : digits) {
            ch.pressDigits(d);
        }
        InboundFlow.RecordingPlanner planner = (req, d, t) -> rec.plan(d.company().map(c -> c.id()).orElse(null), d.desk().id(),
                req.linkedId(), true, t, SEOUL);
        new InboundFlow(() -> config, Clock.fixed(at, ZoneOffset.UTC), (req, d, t) -> routedAt.add(t), Prompts.perCompany(() -> rec),
                planner).run(ch);
        return ch;
    }

    @Test
    void recordedCompanyGetsTheRecordingFileAndConsentPrompt() {
        FakeAgiChannel ch = run(FlowConfig.HANBIT, MONDAY_10, "1", "1");
        assertEquals("queue", ch.variable("CC_ACTION"));
        String linked = ch.request().linkedId();
        assertEquals("/spool/ascc/hanbit/2026/06/01/" + linked + ".wav", ch.variable("__CC_RECORD_FILE"));
        assertEquals("conf-now-recording", ch.variable("CC_CONSENT"));
        assertEquals(List.of(MONDAY_10), routedAt, "the listener gets the instant the plan was made with");
    }

    @Test
    void companyWithRecordingOffGetsNoRecordingVariables() {
        FakeAgiChannel ch = run(FlowConfig.SORI, MONDAY_10, "1");
        assertEquals("queue", ch.variable("CC_ACTION"));
        assertNull(ch.variable("__CC_RECORD_FILE"));
        assertNull(ch.variable("CC_CONSENT"));
    }

    @Test
    void companyPromptsReplaceDefaultsAndOthersFallBack() {
        FakeAgiChannel ch = run(FlowConfig.HANBIT, MONDAY_10, "1", "1");
        // the menu's first file is the company's own intro (a key pressed during it answers the menu)
        assertTrue(ch.prompts().contains("/snd/ascc/hanbit/en/inquiry-menu"), ch.prompts().toString());
        FakeAgiChannel closed = run(FlowConfig.HANBIT, SUNDAY_10, "1");
        // hanbit offers a callback after hours: its own closed message is played before the offer
        assertEquals("hangup", closed.variable("CC_ACTION"));
        assertTrue(closed.prompts().contains("/snd/ascc/hanbit/en/closed"), closed.prompts().toString());
        assertNull(closed.variable("__CC_RECORD_FILE"), "a closed call is not recorded");
        FakeAgiChannel soriClosed = run(FlowConfig.SORI, SUNDAY_10);
        assertEquals("voicemail", soriClosed.variable("CC_ACTION"));
        assertEquals("ss-noservice", soriClosed.variable("CC_PROMPT"), "sori has no closed prompt of its own");
    }
}
