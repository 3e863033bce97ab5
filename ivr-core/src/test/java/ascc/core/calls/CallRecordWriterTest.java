package ascc.core.calls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ascc.core.db.Database;
import ascc.core.db.DbSettings;
import ascc.core.metrics.Metrics;
import java.nio.file.Path;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CallRecordWriterTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Instant NOW = Instant.parse("2025-06-02T09:00:00Z");
    /** Batches of 3; a long linger, so only batch size, flush or close end a batch. */
    private static final CallRecordWriter.Settings SETTINGS =
        new CallRecordWriter.Settings(3, Duration.ofSeconds(30), Duration.ofMillis(1), Duration.ofMillis(8), 1000, 3);

    @TempDir
    Path dir;
    private final Metrics metrics = new Metrics();
    private final List<Duration> sleeps = Collections.synchronizedList(new ArrayList<>());
    private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    private Database db;
    private CallRecordWriter writer;

    @AfterEach
    void tearDown() {
        if (writer != null) {
            writer.close(Duration.ofSeconds(2));
        }
        if (db != null) {
            db.close();
        }
    }

    private CallRecordWriter writer(CallRecordWriter.Sink sink) {
        writer = new CallRecordWriter(sink, metrics, clock, SETTINGS, sleeps::add);
        return writer;
    }

    private CallRecordStore h2Store(FlakyDataSource[] flaky) {
        db = Database.open(DbSettings.embedded(dir.resolve("ascc").toString(), 4));
        flaky[0] = new FlakyDataSource(db.dataSource());
        return new CallRecordStore(flaky[0]);
    }

    /** A sink that refuses for good (SQLState 22001) every batch holding the record {@code badKey}, quoting {@code message}. */
    static CallRecordWriter.Sink refusing(CallRecordWriter.Sink sink, String badKey, String message) {
        return records -> {
            if (records.stream().anyMatch(r -> r.linkedId().equals(badKey))) {
                throw new SQLException(message, "22001", 1406);
            }
            sink.upsert(records);
        };
    }

    /** Records each batch it is given. */
    private static final class RecordingSink implements CallRecordWriter.Sink {
        final List<List<String>> batches = Collections.synchronizedList(new ArrayList<>());

        @Override
        public void upsert(List<CallRecord> records) {
            batches.add(records.stream().map(CallRecord::linkedId).toList());
        }
    }

    @Test
    void submitReturnsAtOnceWhileTheDatabaseHangs() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        RecordingSink recorded = new RecordingSink();
        writer(records -> {
            try {
                if (!release.await(30, TimeUnit.SECONDS)) {
                    throw new SQLTransientConnectionException("test never released the sink");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SQLTransientConnectionException("interrupted", e);
            }
            recorded.upsert(records);
        });
        assertTimeoutPreemptively(Duration.ofSeconds(2), () -> {
            for (int i = 0; i < 10; i++) {
                assertTrue(writer.submit(CallRecords.entered("hang." + i)));
            }
        });
        assertEquals(10, writer.pending());
        assertTrue(metrics.render().contains("ascc_call_records_pending{writer=\"call_record\"} 10.0\n"), metrics.render());
        release.countDown();
        assertTrue(writer.flush(WAIT));
        assertEquals(0, writer.pending());
        assertEquals(10, recorded.batches.stream().mapToInt(List::size).sum());
        assertTrue(metrics.render().contains("ascc_call_records_written_total{writer=\"call_record\"} 10.0\n"), metrics.render());
    }

    @Test
    void batchesUpToBatchSizeAndCloseWritesWhatIsQueued() {
        CountDownLatch release = new CountDownLatch(1);
        RecordingSink recorded = new RecordingSink();
        writer(records -> {
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            recorded.upsert(records);
        });
        for (int i = 1; i <= 7; i++) {
            writer.submit(CallRecords.entered("b." + i));
        }
        release.countDown();
        assertEquals(0, writer.close(WAIT));
        List<String> all = recorded.batches.stream().flatMap(List::stream).toList();
        assertEquals(List.of("b.1", "b.2", "b.3", "b.4", "b.5", "b.6", "b.7"), all);
        assertTrue(recorded.batches.stream().allMatch(b -> b.size() <= 3), recorded.batches.toString());
        assertFalse(writer.submit(CallRecords.entered("after.close")), "closed writer must refuse");
        writer = null;
    }

    @Test
    void flushEndsTheLingerAndWritesRecordsArrivedTogetherInOneBatch() throws Exception {
        RecordingSink recorded = new RecordingSink();
        writer(recorded);
        writer.submit(CallRecords.entered("f.1"));
        writer.submit(CallRecords.entered("f.2"));
        assertTrue(writer.flush(WAIT));
        assertEquals(List.of("f.1", "f.2"), recorded.batches.stream().flatMap(List::stream).toList());
        assertTrue(recorded.batches.size() <= 2, recorded.batches.toString());
    }

    @Test
    void survivesDatabaseOutageLosingAndDoublingNothing() throws Exception {
        FlakyDataSource[] flaky = new FlakyDataSource[1];
        CallRecordStore store = h2Store(flaky);
        flaky[0].failConnects.set(5);
        writer(store::upsert);
        for (int i = 0; i < 8; i++) {
            writer.submit(CallRecords.entered("out." + i));
        }
        for (int i = 0; i < 8; i++) {
            writer.submit(CallRecords.answered("out." + i));
        }
        assertTrue(writer.flush(WAIT));
        assertEquals(8, store.count());
        for (int i = 0; i < 8; i++) {
            assertEquals(CallRecords.answered("out." + i), store.findByLinkedId("out." + i).orElseThrow());
        }
        assertEquals(List.of(Duration.ofMillis(1), Duration.ofMillis(2), Duration.ofMillis(4), Duration.ofMillis(8),
            Duration.ofMillis(8)), sleeps);
        assertTrue(metrics.render().contains("ascc_db_errors_total{writer=\"call_record\"} 5.0\n"), metrics.render());
        assertEquals(0, writer.failedCount());
    }

    @Test
    void commitWhoseAnswerWasLostIsRetriedWithoutDuplicates() throws Exception {
        FlakyDataSource[] flaky = new FlakyDataSource[1];
        CallRecordStore store = h2Store(flaky);
        flaky[0].lostCommits.set(2);
        writer(store::upsert);
        for (int i = 0; i < 5; i++) {
            writer.submit(CallRecords.answered("lost." + i));
        }
        assertTrue(writer.flush(WAIT));
        assertEquals(5, store.count());
        assertEquals(2, sleeps.size());
    }

    @Test
    void fatalRecordIsIsolatedKeptAsFailedAndTheRestWritten() throws Exception {
        FlakyDataSource[] flaky = new FlakyDataSource[1];
        CallRecordStore store = h2Store(flaky);
        writer(refusing(store::upsert, "bad.2", "Data too long for column 'company_id'"));
        writer.submit(CallRecords.answered("ok.1"));
        writer.submit(CallRecords.answered("bad.2"));
        writer.submit(CallRecords.answered("ok.3"));
        writer.submit(CallRecords.answered("ok.4"));
        assertTrue(writer.flush(WAIT));
        assertEquals(3, store.count());
        assertEquals(1, writer.failedCount());
        CallRecordWriter.Failed<CallRecord> failed = writer.failed().get(0);
        assertEquals("bad.2", failed.record().linkedId());
        assertEquals(NOW, failed.at());
        assertEquals(List.of(), sleeps, "fatal errors are not retried");
        assertTrue(metrics.render().contains("ascc_call_records_failed_total{writer=\"call_record\"} 1.0\n"), metrics.render());
    }

    @Test
    void refusedRecordsCallerNumberIsMaskedInTheKeptError() throws Exception {
        FlakyDataSource[] flaky = new FlakyDataSource[1];
        CallRecordStore store = h2Store(flaky);
        String longNumber = "0101234567890123456789012345678901234";
        writer(refusing(store::upsert, "mask.1", "Value too long for column caller_number: '" + longNumber + "'"));
        CallRecord r = CallRecords.answered("mask.1");
        writer.submit(new CallRecord(r.linkedId(), r.uniqueId(), r.companyId(), r.category(), r.inquiryType(), r.deskId(),
            r.queueName(), r.agentId(), r.dialedNumber(), longNumber, r.enteredAt(), r.answeredAt(), r.endedAt(), r.waitMs(),
            r.talkMs(), r.outcome(), r.rule(), r.engineNode()));
        assertTrue(writer.flush(WAIT));
        String error = writer.failed().get(0).error();
        assertFalse(error.contains(longNumber), error);
        assertTrue(error.contains("010"), error);
    }

    @Test
    void errorOfUnknownKindIsRetriedAFewTimesThenGivenUp() throws Exception {
        writer(records -> {
            throw new SQLException("something odd", "HY000", 1);
        });
        writer.submit(CallRecords.entered("odd.1"));
        assertTrue(writer.flush(WAIT));
        assertEquals(1, writer.failedCount());
        assertEquals(2, sleeps.size(), "3 attempts, 2 waits between them");
    }

    @Test
    void closeGivesUpAfterItsTimeoutWhenTheDatabaseStaysDown() {
        writer = new CallRecordWriter(records -> {
            throw new SQLTransientConnectionException("down");
        }, metrics, clock, SETTINGS, d -> Thread.sleep(5));
        for (int i = 0; i < 4; i++) {
            writer.submit(CallRecords.entered("down." + i));
        }
        int left = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> writer.close(Duration.ofMillis(300)));
        assertEquals(4, left);
        writer = null;
    }
}
