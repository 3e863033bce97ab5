package ascc.core.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ascc.core.callbacks.CallbackRequest;
import ascc.core.callbacks.CallbackStore;
import ascc.core.db.Database;
import ascc.core.db.DbSettings;
import ascc.routing.callbacks.AfterHoursCallbackStatus;
import ascc.routing.callbacks.FollowUpStatus;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ivr followup list|solve} through {@link Main} on a copy of the shipped conf/ with an embedded database. */
class FollowUpCommandTest {
    private static final Instant T0 = Instant.parse("2026-11-23T01:00:00Z");

    @TempDir
    Path dir;
    Path conf;
    Path db;
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeEach
    void copyConf() throws IOException {
        conf = SampleConf.copyTo(dir);
        db = SampleConf.embeddedDb(dir);
    }

    private void store(CallbackRequest... requests) throws Exception {
        try (Database d = Database.open(DbSettings.embedded(db.toString(), 2))) {
            CallbackStore s = new CallbackStore(d.dataSource());
            for (CallbackRequest r : requests) {
                assertTrue(s.insert(r, T0));
            }
        }
    }

    private static CallbackRequest followUp(String id, String company, FollowUpStatus status) {
        return new CallbackRequest(id, company, "general", "desk-general", "01012345678", T0, T0.plusSeconds(3600), status,
                "happy-call score 1 <= 2", "orig-" + id);
    }

    private int ivr(String... args) {
        return SampleConf.ivr(conf, out, err, args);
    }

    @Test
    void listShowsOpenFollowUpsWithMaskedNumbersAndNotAfterHoursCallbacks() throws Exception {
        store(followUp("happy-1", "hanbit", FollowUpStatus.PENDING), followUp("happy-2", "sori", FollowUpStatus.DONE),
                new CallbackRequest("1700000000.1", "hanbit", "general", "desk-general", "01099998888", T0, T0,
                        AfterHoursCallbackStatus.DUE));

        assertEquals(0, ivr("followup", "list"));
        String text = out.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("happy-1") && text.contains("happy-2") && text.contains("(orig-happy-1)"), text);
        assertFalse(text.contains("1700000000.1"), "an after-hours callback is no follow-up: " + text);
        assertFalse(text.contains("01012345678"), "numbers are masked: " + text);
        assertTrue(text.contains("010******78"), text);
        assertTrue(text.contains("2 open task(s)"), text);

        out.reset();
        assertEquals(0, ivr("followup", "list", "--company", "sori"));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("1 open task(s) of company sori"), out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void solveClosesAFinishedCallBackOnceAndRefusesOneInProgressOrUnknown() throws Exception {
        store(followUp("happy-1", "hanbit", FollowUpStatus.DONE), followUp("happy-2", "hanbit", FollowUpStatus.CALLING));

        assertEquals(0, ivr("followup", "solve", "--id", "happy-1"));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("marked SOLVED"), out.toString(StandardCharsets.UTF_8));
        assertEquals(1, ivr("followup", "solve", "--id", "happy-1"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("solved already"), err.toString(StandardCharsets.UTF_8));
        assertEquals(1, ivr("followup", "solve", "--id", "happy-2"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("CALLING"), err.toString(StandardCharsets.UTF_8));
        assertEquals(1, ivr("followup", "solve", "--id", "nope"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("no follow-up task 'nope'"), err.toString(StandardCharsets.UTF_8));
        assertEquals(2, ivr("followup", "solve"));

        out.reset();
        assertEquals(0, ivr("followup", "list"));
        String open = out.toString(StandardCharsets.UTF_8);
        assertTrue(open.contains("1 open task(s)") && !open.contains("happy-1 "), open);
        out.reset();
        assertEquals(0, ivr("followup", "list", "--all"));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("SOLVED"), out.toString(StandardCharsets.UTF_8));
    }
}
