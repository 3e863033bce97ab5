package ascc.core.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ivr campaign ...} through {@link Main}, on a copy of the shipped conf/ with an embedded database. */
class CampaignCommandTest {
    private static final String GOOD = "phone,name,consent,consent_date\n"
            + "010-1111-2222,Kim,yes,2026-03-01\n"
            + "010-3333-4444,Lee,no,\n"
            + "12,Bad,yes,2026-03-01\n"
            + "010-5555-6666,Park,yes,\n";

    @TempDir
    Path dir;
    Path conf;
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeEach
    void copyConf() throws IOException {
        conf = SampleConf.copyTo(dir);
    }

    int ivr(String... args) {
        return SampleConf.ivr(conf, out, err, Clock.fixed(Instant.parse("2026-11-15T00:00:00Z"), ZoneOffset.UTC), args);
    }

    Path csv(String text, Charset cs) throws IOException {
        Path f = dir.resolve("targets.csv");
        Files.writeString(f, text, cs);
        return f;
    }

    String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void importsGoodRowsAndListsRejectedOnesWithLineAndReason() throws IOException {
        Path f = csv(GOOD, StandardCharsets.UTF_8);
        assertEquals(0, ivr("campaign", "import", "--company", "hanbit", "--campaign", "after-repair-2026q4", "--file", f.toString()),
                err());
        assertTrue(out().contains("imported 2 targets into hanbit/after-repair-2026q4 (1 with consent, 1 without: never dialed);"
                + " rejected 2 rows"), out());
        assertTrue(out().contains("line 4: bad phone"), out());
        assertTrue(out().contains("line 5: missing consent date"), out());
        out.reset();
        assertEquals(0, ivr("campaign", "status"), err());
        assertTrue(out().contains("hanbit/after-repair-2026q4 (survey, ends 2026-12-31): 2 targets, 0 attempts (0 up)"), out());
        assertTrue(out().contains("no-consent"), out());
    }

    @Test
    void koreanExcelCp949FileImportsAndTheSameFileAgainHasNothingToDo() throws IOException {
        Path f = csv(GOOD.replace("Kim", "김민지"), Charset.forName("x-windows-949"));
        assertEquals(0, ivr("campaign", "import", "--company", "hanbit", "--campaign", "after-repair-2026q4", "--file", f.toString()),
                err());
        assertTrue(out().contains("is x-windows-949 text"), out());
        assertTrue(out().contains("imported 2 targets into hanbit/after-repair-2026q4"), out());
        out.reset();
        assertEquals(0, ivr("campaign", "import", "--company", "hanbit", "--campaign", "after-repair-2026q4", "--file", f.toString()),
                err());
        assertTrue(out().contains("already imported into hanbit/after-repair-2026q4 to its end (2 targets); nothing to do"), out());
    }

    @Test
    void brokenFileImportsNothing() throws IOException {
        Path f = dir.resolve("targets.csv");
        Files.write(f, (GOOD.replace("Kim", "K\u00ffm")).getBytes(StandardCharsets.ISO_8859_1));
        assertEquals(1, ivr("campaign", "import", "--company", "hanbit", "--campaign", "after-repair-2026q4", "--file", f.toString()));
        assertTrue(err().contains("not UTF-8"), err());
        assertTrue(err().contains("nothing was imported"), err());
        out.reset();
        assertEquals(0, ivr("campaign", "status"), err());
        assertTrue(out().contains("hanbit/after-repair-2026q4 (survey, ends 2026-12-31): 0 targets"), out());
    }

    @Test
    void unknownCampaignAndHappyCallCampaignAreRefused() throws IOException {
        Path f = csv(GOOD, StandardCharsets.UTF_8);
        assertEquals(1, ivr("campaign", "import", "--company", "hanbit", "--campaign", "nope", "--file", f.toString()));
        assertTrue(err().contains("no campaign 'nope' of company 'hanbit'"), err());
        assertEquals(1, ivr("campaign", "import", "--company", "hanbit", "--campaign", "happy-call", "--file", f.toString()));
        assertTrue(err().contains("is a happy-call campaign"), err());
    }

    @Test
    void invalidCampaignsYamlIsReportedWithFileAndLine() throws IOException {
        Path yaml = conf.resolve("campaigns.yaml");
        Files.writeString(yaml, Files.readString(yaml).replace("trunk-channels: 10", "trunk-channels: 10\ncolour: red"));
        assertEquals(1, ivr("campaign", "status"));
        assertTrue(err().contains("campaigns.yaml:26: colour: unknown key 'colour'"), err());
    }

    @Test
    void missingOptionIsAUsageError() {
        assertEquals(2, ivr("campaign", "import", "--company", "hanbit"));
        assertTrue(err().contains("needs --campaign"), err());
    }

    @Test
    void startPauseResumeSetTheRunStateTheEngineReads() {
        String[] c = {"--company", "hanbit", "--campaign", "after-repair-2026q4"};
        assertEquals(1, ivr(concat("campaign", "resume", c)), "resume needs a paused campaign");
        assertTrue(err().contains("not started; only a paused campaign can be resumed"), err());
        assertEquals(0, ivr(concat("campaign", "start", c)), err());
        assertTrue(out().contains("hanbit/after-repair-2026q4 not started -> running"), out());
        assertEquals(0, ivr(concat("campaign", "pause", c)), err());
        assertTrue(out().contains("running -> paused (no new calls; calls up end normally)"), out());
        assertEquals(0, ivr(concat("campaign", "resume", c)), err());
        assertTrue(out().contains("paused -> running"), out());
        assertEquals(1, ivr("campaign", "start", "--company", "hanbit", "--campaign", "nope"));
        assertTrue(err().contains("no campaign 'nope' of company 'hanbit'"), err());
    }

    private static String[] concat(String a, String b, String... rest) {
        List<String> l = new ArrayList<>(List.of(a, b));
        l.addAll(List.of(rest));
        return l.toArray(String[]::new);
    }
}
