package ascc.core.durable;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ascc.core.calls.CallRecord;
import ascc.core.calls.CallRecordCodec;
import ascc.core.metrics.Metrics;
import ascc.routing.calls.CallOutcome;
import ascc.testsupport.time.Await;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
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
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The write-ahead journal of {@link DurableWriter}: a record is on disk before {@code submit} returns, survives a kill at
 * any moment (the writer dropped without close) and any database outage, is written once (upsert by key) by the next
 * writer on the same directory, and leaves no journal behind once written.
 */
class WriteAheadJournalTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Instant T0 = Instant.parse("2026-03-02T01:02:03.456Z");
    /** Batches of 3; a long spool window, so records stay in the writer's memory (and the journal) while the database is away. */
    private static final DurableWriter.Settings SETTINGS = new DurableWriter.Settings(3, Duration.ofMillis(5), Duration.ofMillis(1),
        Duration.ofMillis(4), 1000, 3, Duration.ofDays(1));
    private static final DurableWriter.Kind<CallRecord> KIND = new DurableWriter.Kind<>("call records", "call-writer-test",
        CallRecord::linkedId, CallRecord::callerNumber, "call_record");

    @TempDir
    Path dir;
    private final List<DurableWriter<CallRecord>> writers = new ArrayList<>();

    /** A database table keyed by linked id; away: every upsert fails as in an outage; refusing: that key is refused for good. */
    private static final class FakeTable implements DurableWriter.Sink<CallRecord> {
        final Map<String, CallRecord> rows = new ConcurrentHashMap<>();
        final AtomicBoolean away = new AtomicBoolean();
        volatile String refusing;

        @Override
        public void upsert(List<CallRecord> records) throws SQLException {
            if (away.get()) {
                throw new SQLTransientConnectionException("Connection refused (test outage)", "08S01");
            }
            if (records.stream().anyMatch(r -> r.linkedId().equals(refusing))) {
                throw new SQLException("Data too long for column 'category' at row 1", "22001", 1406);
            }
            records.forEach(r -> rows.put(r.linkedId(), r));
        }
    }

    @AfterEach
    void closeWriters() {
        writers.forEach(w -> w.close(Duration.ofSeconds(2)));
    }

    private DurableWriter<CallRecord> writer(FakeTable table) throws IOException {
        DurableSpool<CallRecord> spool = new DurableSpool<>(dir, "calls", CallRecordCodec.INSTANCE, "call records");
        DurableWriter<CallRecord> w = new DurableWriter<>(KIND, table, spool, new Metrics(), Clock.fixed(T0, ZoneOffset.UTC),
            SETTINGS, d -> { });
        writers.add(w);
        return w;
    }

    private static CallRecord call(String linkedId) {
        return new CallRecord(linkedId, linkedId, "alpha", "kitchen", "repair", "desk-a", "desk-a", "2101", "0700000001",
            "0101234567890123456789012345678901234567", T0, T0.plusSeconds(5), T0.plusSeconds(65), 5_000L, 60_000L,
            CallOutcome.ANSWERED, "company alpha", "n1", "/var/rec/alpha/" + linkedId + ".wav");
    }

    @Test
    void acknowledgedRecordIsOnDiskBeforeSubmitReturns() throws Exception {
        FakeTable table = new FakeTable();
        table.away.set(true);
        DurableWriter<CallRecord> w = writer(table);
        assertTrue(w.submit(call("1.1")));
        List<CallRecord> onDisk = aheadRecords();
        assertEquals(List.of(call("1.1")), onDisk, "every field, recording path included");
    }

    @Test
    void acknowledgedRecordsSurviveAKillDuringADatabaseOutage() throws Exception {
        FakeTable table = new FakeTable();
        table.away.set(true);
        DurableWriter<CallRecord> first = writer(table);
        for (int i = 1; i <= 5; i++) {
            assertTrue(first.submit(call("k." + i)));
        }
        first.crash(); // kill -9: nothing written, nothing spooled, nothing closed
        writers.remove(first);
        assertTrue(table.rows.isEmpty());

        table.away.set(false);
        DurableWriter<CallRecord> second = writer(table); // the next start replays the journal
        Await.until(() -> table.rows.size() == 5, WAIT, () -> "rows: " + table.rows.keySet());
        for (int i = 1; i <= 5; i++) {
            assertEquals(call("k." + i), table.rows.get("k." + i));
        }
        Await.until(() -> second.spoolSize() == 0, WAIT, () -> "spool: " + second.spoolSize());
        assertEquals(List.of(), journalFiles(), "written: no journal left");
    }

    @Test
    void aKillAfterTheWriteReplaysWithoutDoublingAnything() throws Exception {
        FakeTable table = new FakeTable();
        DurableWriter<CallRecord> first = writer(table);
        for (int i = 1; i <= 4; i++) {
            assertTrue(first.submit(call("w." + i)));
        }
        assertTrue(first.flush(WAIT));
        assertTrue(first.submit(call("w.5")));
        first.crash();
        writers.remove(first);
        DurableWriter<CallRecord> second = writer(table);
        Await.until(() -> second.spoolSize() == 0 && table.rows.size() == 5, WAIT, () -> "rows: " + table.rows.keySet());
        assertEquals(5, table.rows.size());
    }

    @Test
    void writtenRecordsLeaveNoJournalBehind() throws Exception {
        FakeTable table = new FakeTable();
        DurableWriter<CallRecord> w = writer(table);
        for (int i = 1; i <= 7; i++) {
            assertTrue(w.submit(call("d." + i)));
        }
        assertTrue(w.flush(WAIT));
        assertEquals(7, table.rows.size());
        assertEquals(List.of(), journalFiles());
        assertEquals(0, w.close(WAIT));
        writers.remove(w);
        assertEquals(List.of(), journalFiles());
    }

    @Test
    void closingDuringAnOutageKeepsEveryRecordForTheNextStart() throws Exception {
        FakeTable table = new FakeTable();
        table.away.set(true);
        DurableWriter<CallRecord> first = writer(table);
        for (int i = 1; i <= 4; i++) {
            assertTrue(first.submit(call("c." + i)));
        }
        assertEquals(0, first.close(Duration.ofMillis(200)));
        writers.remove(first);
        assertFalse(journalFiles().isEmpty());
        table.away.set(false);
        DurableWriter<CallRecord> second = writer(table);
        Await.until(() -> table.rows.size() == 4 && second.spoolSize() == 0, WAIT, () -> "rows: " + table.rows.keySet());
    }

    @Test
    void recordRefusedForGoodIsKeptInTheDeadLettersAndWrittenWhenReplayedAfterTheFix() throws Exception {
        FakeTable table = new FakeTable();
        table.refusing = "bad.1";
        Metrics metrics = new Metrics();
        DurableSpool<CallRecord> spool = new DurableSpool<>(dir, "calls", CallRecordCodec.INSTANCE, "call records");
        DurableWriter<CallRecord> w = new DurableWriter<>(KIND, table, spool, metrics, Clock.fixed(T0, ZoneOffset.UTC), SETTINGS,
            d -> { });
        writers.add(w);
        assertTrue(w.submit(call("ok.1")));
        assertTrue(w.submit(call("bad.1")));
        assertTrue(w.submit(call("ok.2")));
        assertTrue(w.flush(WAIT));
        assertEquals(Set.of("ok.1", "ok.2"), table.rows.keySet());
        DurableSpool<CallRecord> dead = new DurableSpool<>(dir.resolve(DurableSpool.DEAD_LETTERS), "calls-dead",
            CallRecordCodec.INSTANCE, "dead");
        assertEquals(List.of(call("bad.1")), dead.items(), "kept whole on disk, not dropped");
        assertTrue(metrics.render().contains("ascc_dead_letters_total{writer=\"call_record\"} 1.0\n"), metrics.render());
        assertTrue(metrics.render().contains("ascc_dead_letters_held{writer=\"call_record\"} 1.0\n"), metrics.render());

        table.refusing = null; // the cause is fixed (e.g. a wider column)
        assertEquals(1, DurableSpool.requeueDeadLetters(dir)); // ivr deadletter replay
        Await.until(() -> table.rows.containsKey("bad.1"), WAIT, () -> "rows: " + table.rows.keySet());
        assertEquals(call("bad.1"), table.rows.get("bad.1"));
    }

    private List<CallRecord> aheadRecords() throws IOException {
        List<CallRecord> out = new ArrayList<>();
        for (Path p : journalFiles()) {
            if (p.getFileName().toString().endsWith(DurableSpool.AHEAD_SUFFIX)) {
                for (String line : Files.readAllLines(p, StandardCharsets.UTF_8)) {
                    out.add(CallRecordCodec.INSTANCE.decode(line));
                }
            }
        }
        return out;
    }

    private List<Path> journalFiles() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        }
    }
}
