package ascc.core.calls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ascc.core.db.Database;
import ascc.core.db.DbSettings;
import ascc.core.metrics.Metrics;
import ascc.routing.calls.CallOutcome;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CallRecordSpoolTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    /** Batches of 2, short linger; a retriable error goes to the spool after 4 ms of (recorded, not slept) backoff. */
    private static final CallRecordWriter.Settings SETTINGS = new CallRecordWriter.Settings(2, Duration.ofMillis(5),
        Duration.ofMillis(1), Duration.ofMillis(2), 1000, 3, Duration.ofMillis(4));

    @TempDir
    Path tmp;
    private final Clock clock = Clock.fixed(Instant.parse("2025-06-02T09:00:00Z"), ZoneOffset.UTC);
    private final List<CallRecordWriter> writers = new ArrayList<>();
    private Database db;

    @AfterEach
    void tearDown() {
        writers.forEach(w -> w.close(Duration.ofSeconds(2)));
        if (db != null) {
            db.close();
        }
    }

    private FlakyDataSource database() {
        db = Database.open(DbSettings.embedded(tmp.resolve("db/ascc").toString(), 4));
        return new FlakyDataSource(db.dataSource());
    }

    private CallRecordWriter writer(CallRecordStore store, Path spoolDir, Metrics metrics) throws Exception {
        CallRecordWriter w = new CallRecordWriter(store::upsert, new CallRecordSpool(spoolDir), metrics, clock, SETTINGS, d -> { });
        writers.add(w);
        return w;
    }

    private static void awaitSpoolEmpty(CallRecordWriter w) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (w.spoolSize() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertEquals(0, w.spoolSize(), "spool not emptied within " + WAIT);
    }

    private static List<Path> files(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        }
    }

    @Test
    void lineFormatRoundTripsNullsTabsNewlinesAndBackslashes() {
        CallRecord odd = new CallRecord("L1", null, "acme", null, null, null, null, null, null, "0101234\t5678",
            CallRecords.T0, null, null, null, 5L, CallOutcome.FALLBACK, "rule with \\N, a\ttab and\r\na line end", null);
        String line = CallRecordSpool.encode(odd);
        assertFalse(line.contains("\n"), line);
        assertEquals(odd, CallRecordSpool.decode(line));
        assertEquals(CallRecords.answered("L2"), CallRecordSpool.decode(CallRecordSpool.encode(CallRecords.answered("L2"))));
    }

    @Test
    void changedLineIsRefusedByItsChecksum() {
        String line = CallRecordSpool.encode(CallRecords.answered("L1")).replace("acme", "acmf");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CallRecordSpool.decode(line));
        assertEquals("checksum mismatch", e.getMessage());
    }

    @Test
    void recordsSpooledWhileTheDatabaseIsDownAreWrittenExactlyOnceAfterARestart() throws Exception {
        FlakyDataSource ds = database();
        CallRecordStore store = new CallRecordStore(ds);
        Path spoolDir = tmp.resolve("spool");
        ds.failConnects.set(Integer.MAX_VALUE);
        Metrics m1 = new Metrics();
        CallRecordWriter first = writer(store, spoolDir, m1);
        for (int i = 1; i <= 5; i++) {
            assertTrue(first.submit(CallRecords.answered("L" + i)));
        }
        assertTrue(first.flush(WAIT), "records settle in the spool while the database is down");
        assertEquals(5, first.spoolSize());
        assertEquals(0, first.writtenCount());
        assertTrue(m1.render().contains("ascc_call_records_in_spool{writer=\"call_record\"} 5.0\n"), m1.render());
        assertTrue(m1.render().contains("ascc_call_records_spooled_total{writer=\"call_record\"} 5.0\n"), m1.render());
        assertEquals(0, first.close(WAIT), "nothing is left unwritten: it is in the spool");
        writers.remove(first);

        // "restart" with the database still down: the spool is found and kept
        Metrics m2 = new Metrics();
        CallRecordWriter second = writer(store, spoolDir, m2);
        assertTrue(m2.render().contains("ascc_call_records_in_spool{writer=\"call_record\"} 5.0\n"), m2.render());
        assertTrue(second.submit(CallRecords.answered("L6")));
        assertTrue(second.flush(WAIT));
        assertEquals(6, second.spoolSize());

        ds.failConnects.set(0); // the database is back
        awaitSpoolEmpty(second);
        assertEquals(6, store.count(), "every record written exactly once");
        for (int i = 1; i <= 6; i++) {
            assertEquals(CallRecords.answered("L" + i), store.findByLinkedId("L" + i).orElseThrow());
        }
        assertEquals(List.of(), files(spoolDir), "journals are deleted once written");
        assertTrue(m2.render().contains("ascc_call_records_in_spool{writer=\"call_record\"} 0.0\n"), m2.render());
    }

    @Test
    void replayAfterACrashBetweenWriteAndDeleteDoesNotDoubleRecords() throws Exception {
        FlakyDataSource ds = database();
        CallRecordStore store = new CallRecordStore(ds);
        CallRecordSpool spool = new CallRecordSpool(tmp.resolve("spool"));
        spool.append(List.of(CallRecords.answered("L1"), CallRecords.answered("L2")));
        store.upsert(List.of(CallRecords.answered("L1"), CallRecords.answered("L2"))); // written, then "crash" before delete
        spool.close();

        CallRecordWriter w = writer(store, tmp.resolve("spool"), new Metrics());
        awaitSpoolEmpty(w);
        assertEquals(2, store.count());
    }

    @Test
    void truncatedLastLineIsSkippedAndTheRestIsReplayed() throws Exception {
        FlakyDataSource ds = database();
        CallRecordStore store = new CallRecordStore(ds);
        Path spoolDir = tmp.resolve("spool");
        CallRecordSpool spool = new CallRecordSpool(spoolDir);
        spool.append(List.of(CallRecords.answered("L1"), CallRecords.answered("L2")));
        spool.close();
        Path journal = files(spoolDir).get(0);
        String half = CallRecordSpool.encode(CallRecords.answered("L3"));
        Files.writeString(journal, half.substring(0, half.length() / 2), StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        spool.append(List.of(CallRecords.answered("L4"))); // a later journal still replays

        CallRecordSpool.ReplayResult r = new CallRecordSpool(spoolDir).replay(10, records -> {
            try {
                store.upsert(records);
                return true;
            } catch (java.sql.SQLException e) {
                throw new IllegalStateException(e);
            }
        });
        spool.close();

        assertEquals(new CallRecordSpool.ReplayResult(3, 1, true), r);
        assertEquals(3, store.count());
        assertTrue(store.findByLinkedId("L3").isEmpty());
        assertEquals(List.of(journal.resolveSibling(journal.getFileName() + ".corrupt")), files(spoolDir),
            "the journal with the bad line is kept for an admin, not replayed again");
    }

    @Test
    void journalStaysWhenTheDatabaseRefusesTheReplay() throws Exception {
        CallRecordSpool spool = new CallRecordSpool(tmp.resolve("spool"));
        spool.append(List.of(CallRecords.answered("L1"), CallRecords.answered("L2"), CallRecords.answered("L3")));
        List<String> seen = new ArrayList<>();
        CallRecordSpool.ReplayResult r = spool.replay(2, records -> {
            seen.addAll(records.stream().map(CallRecord::linkedId).toList());
            return seen.size() <= 2;
        });
        assertEquals(new CallRecordSpool.ReplayResult(2, 0, false), r);
        assertEquals(3, spool.size(), "the journal is kept whole until all its records are written");
        assertEquals(1, files(tmp.resolve("spool")).size());
    }
}
