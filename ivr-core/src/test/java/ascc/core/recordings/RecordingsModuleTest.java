package ascc.core.recordings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ascc.agi.AgiRequest;
import ascc.agi.testing.FakeAgiChannel;
import ascc.core.db.Database;
import ascc.core.db.DbSettings;
import ascc.core.sched.Scheduler;
import ascc.routing.RouteDecision;
import ascc.routing.Router;
import ascc.routing.config.CenterConfig;
import ascc.core.config.yaml.ConfigLoader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The module against the shipped conf/ (companies and desks) with a recordings.yaml pointing into a temp dir. */
class RecordingsModuleTest {
    static final Instant NOW = Instant.parse("2026-11-23T01:00:00Z");

    @TempDir
    Path tmp;
    Path conf;
    Path rec;
    Path prompts;

    @BeforeEach
    void conf() throws IOException {
        conf = Files.createDirectories(tmp.resolve("conf"));
        try (Stream<Path> s = Files.list(Path.of("../conf"))) {
            for (Path p : s.filter(p -> p.toString().endsWith(".yaml")).toList()) {
                Files.copy(p, conf.resolve(p.getFileName()));
            }
        }
        Path core = Files.createDirectories(tmp.resolve("core/en"));
        for (String n : List.of("beep", "ss-noservice", "invalid", "conf-now-recording", "auth-thankyou")) {
            Files.write(core.resolve(n + ".gsm"), new byte[] {1});
        }
        prompts = Files.createDirectories(tmp.resolve("prompts/hanbit/en"));
        Files.write(prompts.resolve("greeting.wav"), new byte[] {1});
        rec = tmp.resolve("rec");
        Files.writeString(conf.resolve("recordings.yaml"), """
                prompts:
                  engine-dir: %s
                  asterisk-dir: /var/lib/asterisk/sounds/ascc
                  core: {en: %s}
                recordings:
                  engine-dir: %s
                  asterisk-dir: /var/spool/asterisk/monitor/ascc
                  retention-check-minutes: 1
                companies:
                  hanbit:
                    retention-days: 7
                    recording: {mode: all, consent: true}
                    prompts: {en: [greeting]}
                  sori-audio:
                    recording: none
                """.formatted(tmp.resolve("prompts"), core, rec));
    }

    private CenterConfig center() throws Exception {
        return ConfigLoader.load(conf, Map.of());
    }

    private static AgiRequest request(String linkedId) {
        Map<String, String> env = new java.util.HashMap<>(FakeAgiChannel.request("inbound", "01012345678", "0215880001").env());
        env.put("linkedid", linkedId);
        return new AgiRequest("inbound", env, List.of());
    }

    /** recordings.yaml of the test directory, as the config registry loads it. */
    private java.util.function.Supplier<ascc.recordings.RecordingsConfig> recordings(CenterConfig c) throws Exception {
        ascc.recordings.RecordingsConfig r = ascc.core.config.yaml.RecordingsLoader.loadDir(conf, Map.of(), c.companies().keySet(),
                c.desks().keySet());
        return () -> r;
    }

    @Test
    void recordedCompanyGetsADeterministicPathAndCompanyWithRecordingOffNone() throws Exception {
        CenterConfig c = center();
        RecordingsModule m = RecordingsModule.start(recordings(c), Clock.fixed(NOW, ZoneOffset.UTC), () -> c, null);
        ZonedDateTime at = NOW.atZone(c.engine().timeZone());
        RouteDecision hanbit = new Router(() -> c).routeCompany(c.companies().get("hanbit"),
                c.companies().get("hanbit").categories().get(0), at, "test", false);
        String date = at.toLocalDate().toString().replace('-', '/');
        assertEquals(rec.resolve("hanbit/" + date + "/1763768410.12.wav").toString(),
                m.recordingPath(request("1763768410.12"), hanbit, NOW));
        assertEquals(m.recordingPath(request("1763768410.12"), hanbit, NOW), m.recordingPath(request("1763768410.12"), hanbit, NOW));
        RouteDecision sori = new Router(() -> c).routeCompany(c.companies().get("sori-audio"),
                c.companies().get("sori-audio").categories().get(0), at, "test", false);
        assertNull(m.recordingPath(request("1763768410.13"), sori, NOW));
        assertNull(m.recordingPath(request("../../etc"), hanbit, NOW), "a crafted linkedid is never turned into a path");
        assertEquals("/var/lib/asterisk/sounds/ascc/hanbit/en/greeting", m.prompts().greeting(c.companies().get("hanbit")));
    }

    @Test
    void quartzRetentionJobDeletesExpiredRecordings() throws Exception {
        Path old = rec.resolve("hanbit/2026/11/01/1.1.wav");
        Path fresh = rec.resolve("hanbit/2026/11/21/1.2.wav");
        for (Path p : List.of(old, fresh)) {
            Files.createDirectories(p.getParent());
            Files.write(p, new byte[] {1});
        }
        Files.setLastModifiedTime(old, FileTime.from(NOW.minus(Duration.ofDays(8))));
        Files.setLastModifiedTime(fresh, FileTime.from(NOW.minus(Duration.ofDays(6))));
        CenterConfig c = center();
        try (Database db = Database.open(DbSettings.embedded(tmp.resolve("db/ascc").toString(), 4))) {
            Scheduler s = Scheduler.start(db.dataSource(), "ascc-rec-test", false);
            try (RecordingsModule m = RecordingsModule.start(recordings(c), Clock.fixed(NOW, ZoneOffset.UTC), () -> c, s)) {
                assertTrue(s.quartz().checkExists(RecordingsModule.JOB));
                long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
                while (Files.exists(old) && System.nanoTime() < deadline) {
                    Thread.onSpinWait();
                    Thread.yield();
                }
                assertFalse(Files.exists(old), "the job, started now, deletes the 8-day-old file of a 7-day company");
                assertTrue(Files.exists(fresh));
            } finally {
                s.shutdown(true);
            }
        }
    }

    @Test
    void promptsCheckListsEveryPromptAndFailsNamingCompanyPromptAndPath() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PromptsCommand cmd = new PromptsCommand(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), Map.of());
        assertEquals(0, cmd.run("check", conf), err.toString(StandardCharsets.UTF_8));
        String o = out.toString(StandardCharsets.UTF_8);
        assertTrue(o.contains("ok       hanbit en greeting: " + prompts.resolve("greeting.wav")), o);
        assertTrue(o.contains("ok       (default) en consent: "), o);

        Files.delete(prompts.resolve("greeting.wav"));
        err.reset();
        assertEquals(1, cmd.run("check", conf));
        String e = err.toString(StandardCharsets.UTF_8);
        assertTrue(e.contains("recordings.yaml:13: companies.hanbit.prompts.en[0]: company hanbit, prompt greeting (en): "
                + prompts.resolve("greeting") + ": no file greeting.{wav,"), e);
        assertEquals(2, cmd.run("fix", conf));
    }
}
