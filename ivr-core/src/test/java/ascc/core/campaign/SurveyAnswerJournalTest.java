package ascc.core.campaign;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ascc.core.durable.Crashes;
import ascc.core.durable.DurableWriter;
import ascc.core.metrics.Metrics;
import ascc.testsupport.time.Await;
import java.nio.file.Path;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Survey answers go through the durable path ({@link SurveyAnswers}): an answer keyed while the database is away is on disk
 * when {@code submit} returns (before the flow thanks the customer), survives a kill -9 and is stored by the next start, once
 * per (attempt, question). The database is a hand-written fake failing like an outage.
 */
class SurveyAnswerJournalTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final Instant T0 = Instant.parse("2026-03-02T01:02:03.456789Z");

    @TempDir
    Path dir;
    private final List<DurableWriter<SurveyAnswer>> writers = new ArrayList<>();

    /** survey_answer as a map by (attempt, question), first answer kept; away: every write fails as in an outage. */
    private static final class FakeAnswers implements DurableWriter.Sink<SurveyAnswer> {
        final Map<String, SurveyAnswer> rows = new ConcurrentHashMap<>();
        final AtomicBoolean away = new AtomicBoolean();
        final AtomicInteger inserts = new AtomicInteger();

        @Override
        public void upsert(List<SurveyAnswer> answers) throws SQLException {
            if (away.get()) {
                throw new SQLTransientConnectionException("Connection refused (test outage)", "08S01");
            }
            for (SurveyAnswer a : answers) {
                if (rows.putIfAbsent(a.key(), a) == null) {
                    inserts.incrementAndGet();
                }
            }
        }
    }

    @AfterEach
    void closeWriters() {
        writers.forEach(w -> w.close(Duration.ofSeconds(2)));
    }

    private DurableWriter<SurveyAnswer> writer(FakeAnswers table) {
        DurableWriter<SurveyAnswer> w = SurveyAnswers.writer(table, dir, new Metrics(), Clock.fixed(T0, ZoneOffset.UTC));
        writers.add(w);
        return w;
    }

    private static SurveyAnswer answer(long attempt, String question, int digit) {
        return new SurveyAnswer(attempt, "alpha", "csat-\t전화", question, digit, T0.plusMillis(attempt));
    }

    @Test
    void surveyAnswerGivenDuringADatabaseOutageIsStoredAfterRestart() {
        FakeAnswers outage = new FakeAnswers();
        outage.away.set(true);
        DurableWriter<SurveyAnswer> first = writer(outage);
        assertTrue(first.submit(answer(41, "q1", 5)), "journaled: the flow may go on and thank the customer");
        assertTrue(first.submit(answer(41, "q2", 1)));
        Crashes.kill(first); // kill -9 while the database is away: nothing written, nothing closed
        writers.remove(first);
        assertTrue(outage.rows.isEmpty());

        FakeAnswers back = new FakeAnswers();
        DurableWriter<SurveyAnswer> second = writer(back); // the next start replays the journal
        Await.until(() -> back.rows.size() == 2 && second.pending() == 0 && second.spoolSize() == 0, WAIT,
                () -> "rows: " + back.rows.keySet());
        assertEquals(answer(41, "q1", 5), back.rows.get("41/q1"), "every field");
        assertEquals(answer(41, "q2", 1), back.rows.get("41/q2"), "every field");
    }

    @Test
    void aKillAfterTheAnswerWasStoredDoesNotStoreItTwice() throws Exception {
        FakeAnswers table = new FakeAnswers();
        DurableWriter<SurveyAnswer> first = writer(table);
        assertTrue(first.submit(answer(42, "q1", 3)));
        assertTrue(first.flush(WAIT));
        assertTrue(first.submit(answer(42, "q2", 4)));
        Crashes.kill(first);
        writers.remove(first);
        DurableWriter<SurveyAnswer> second = writer(table);
        Await.until(() -> table.rows.size() == 2 && second.pending() == 0 && second.spoolSize() == 0, WAIT,
                () -> "rows: " + table.rows.keySet());
        assertEquals(2, table.inserts.get(), "one row per (attempt, question)");
    }
}
