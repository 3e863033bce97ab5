package ascc.core.cdr;

import static ascc.core.cdr.CdrEventsTest.cdr;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ascc.core.ami.AmiEvent;
import ascc.core.calls.CallRecord;
import ascc.core.durable.SpoolLines;
import ascc.core.durable.DurableWriter;
import ascc.core.db.Database;
import ascc.core.db.DbSettings;
import ascc.core.metrics.Metrics;
import ascc.routing.calls.CallOutcome;
import ascc.routing.cdr.CdrLeg;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLTransientConnectionException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** CDR ingest into asterisk_call on H2: replays, reordering, a database outage (spool) and an engine restart. */
class CdrIngestTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final DurableWriter.Settings FAST = new DurableWriter.Settings(50, Duration.ofMillis(1), Duration.ofMillis(1),
            Duration.ofMillis(4), 1000, 3, Duration.ofMillis(3));
    private static final Map<String, String> NUMBERS = Map.of("0700000001", "alpha");

    @TempDir
    Path dir;
    Database db;
    AsteriskCallStore store;
    final AtomicBoolean away = new AtomicBoolean();
    final AtomicInteger refusedBatches = new AtomicInteger();
    final List<Duration> sleeps = new ArrayList<>();

    @BeforeEach
    void open() {
        db = Database.open(DbSettings.embedded(dir.resolve("ascc").toString(), 4));
        store = new AsteriskCallStore(db.dataSource());
    }

    @AfterEach
    void close() {
        db.close();
    }

    /** An ingest whose database is {@link #away} while that flag is set; retry waits are recorded, not slept. */
    CdrIngest ingest(Path spool) throws Exception {
        DurableWriter<CdrLeg> writer = new DurableWriter<>(CdrIngest.KIND, legs -> {
            if (away.get()) {
                refusedBatches.incrementAndGet();
                throw new SQLTransientConnectionException("ascc-db - Connection is not available, request timed out after 5000ms");
            }
            store.merge(legs, n -> Optional.ofNullable(NUMBERS.get(n)), "n1");
        }, spool == null ? null : CdrIngest.spool(spool), new Metrics(), Clock.systemUTC(), FAST, d -> {
            synchronized (sleeps) {
                sleeps.add(d);
            }
        });
        return new CdrIngest(writer, ZoneOffset.UTC, new Metrics());
    }

    /** One answered call: the IVR part of the caller leg, the caller leg bridged to the agent, an agent rung who did not answer. */
    static List<AmiEvent> answeredCall(String linked) {
        return List.of(
                cdr(linked, linked, "", "ANSWERED", "2026-10-31 14:59:58", "2026-10-31 14:59:58", "2026-10-31 15:00:20", 22),
                cdr(linked, linked, "PJSIP/2101-00000001", "ANSWERED", "2026-10-31 15:00:20", "2026-10-31 15:00:25",
                        "2026-10-31 15:01:25", 60),
                cdr(linked, linked, "PJSIP/2102-00000002", "NO ANSWER", "2026-10-31 15:00:20", "", "2026-10-31 15:00:25", 0));
    }

    @Test
    void eventsReplayedTwiceAndInReverseOrderChangeNothing() throws Exception {
        String linked = "1793458798.7"; // 2026-10-31T14:59:58Z = 23:59:58 in Seoul
        try (CdrIngest in = ingest(null)) {
            answeredCall(linked).forEach(in::accept);
            assertTrue(in.flush(WAIT));
            AsteriskCallStore.AsteriskCall once = store.find(linked).orElseThrow();
            assertEquals(new AsteriskCallStore.AsteriskCall(linked, "alpha", "0700000001", "01055500301",
                    Instant.parse("2026-10-31T14:59:58Z"), true, 60_000, "ANSWERED"), once);

            answeredCall(linked).forEach(in::accept);
            List<AmiEvent> reversed = new ArrayList<>(answeredCall(linked));
            java.util.Collections.reverse(reversed);
            reversed.forEach(in::accept);
            assertTrue(in.flush(WAIT));
            assertEquals(once, store.find(linked).orElseThrow());
            assertEquals(1, BillingCount.rows(db, "asterisk_call"));
        }
    }

    @Test
    void endsGiveTheTrackerAsterisksEndBillsecAndAgentOfMergedCallsOnly() throws Exception {
        String linked = "1793458798.8";
        try (CdrIngest in = ingest(null)) {
            answeredCall(linked).forEach(in::accept);
            assertTrue(in.flush(WAIT));
        }
        assertEquals(java.util.Map.of(linked, new AsteriskCallStore.Ended(Instant.parse("2026-10-31T15:01:25Z"), true, 60_000,
                "2101")),
                store.ends(List.of(linked, "1793458798.99")), "the unknown call is absent: asked again later");
        assertEquals(java.util.Map.of(), store.ends(List.of()));
    }

    @Test
    void aCdrWithoutLinkedIdIsCountedAsUnreadableAndDoesNotStopTheIngest() throws Exception {
        Metrics metrics = new Metrics();
        try (CdrIngest in = new CdrIngest(new DurableWriter<>(CdrIngest.KIND, legs -> store.merge(legs, n -> Optional.empty(), "n1"),
                null, new Metrics(), Clock.systemUTC(), FAST, d -> { }), ZoneOffset.UTC, metrics)) {
            in.accept(new AmiEvent("Cdr", ascc.core.ami.AmiMessage.of("Event", "Cdr", "UniqueID", "1.1"), Instant.EPOCH));
            answeredCall("1793458798.8").forEach(in::accept);
            assertTrue(in.flush(WAIT));
            assertTrue(metrics.render().contains("ascc_cdr_legs_unreadable_total 1.0\n"), metrics.render());
            assertTrue(metrics.render().contains("ascc_cdr_legs_received_total 4.0\n"), metrics.render());
            assertTrue(store.find("1793458798.8").isPresent());
        }
    }

    @Test
    void whileTheDatabaseIsAwayLegsGoToTheSpoolAndAreMergedOnceWhenItIsBack() throws Exception {
        Path spool = dir.resolve("spool");
        away.set(true);
        try (CdrIngest in = ingest(spool)) {
            answeredCall("1793458798.9").forEach(in::accept);
            answeredCall("1793458798.9").forEach(in::accept); // repeated while away
            assertTrue(in.flush(WAIT), "settled: spooled");
            assertTrue(in.writer().spooledCount() >= 1, "the legs went to the spool");
            assertTrue(refusedBatches.get() >= 1);
            assertTrue(store.find("1793458798.9").isEmpty());

            away.set(false);
            answeredCall("1793458799.1").forEach(in::accept); // the next write replays the spool first
            assertTrue(in.flush(WAIT));
            FlushWait.until(() -> in.writer().spoolSize() == 0);
            assertTrue(store.find("1793458798.9").orElseThrow().answered());
            assertTrue(store.find("1793458799.1").isPresent());
            assertEquals(2, BillingCount.rows(db, "asterisk_call"));
        }
    }

    @Test
    void legsSpooledBeforeARestartAreMergedByTheNextEngineAndReplayingThemAgainChangesNothing() throws Exception {
        Path spool = dir.resolve("spool");
        away.set(true);
        try (CdrIngest in = ingest(spool)) {
            answeredCall("1793458799.2").forEach(in::accept);
            assertTrue(in.flush(WAIT));
        } // engine stops with the database away: the legs stay in the spool
        assertTrue(store.find("1793458799.2").isEmpty());

        away.set(false);
        try (CdrIngest in = ingest(spool)) { // the next start replays the spool (every journal of it, not only the first)
            FlushWait.until(() -> in.writer().spoolSize() == 0 && store.find("1793458799.2").isPresent());
            AsteriskCallStore.AsteriskCall merged = store.find("1793458799.2").orElseThrow();
            answeredCall("1793458799.2").forEach(in::accept); // and Asterisk's events arrive again (e.g. a second engine)
            assertTrue(in.flush(WAIT));
            assertEquals(merged, store.find("1793458799.2").orElseThrow());
            assertEquals(0, in.writer().spoolSize());
        }
        assertEquals(1, BillingCount.rows(db, "asterisk_call"));
    }

    @Test
    void legsSpooledByAnEarlierVersionInACallRecordsShapeMergeIntoTheSameRow() throws Exception {
        String linked = "1793458799.3";
        try (CdrIngest in = ingest(null)) {
            answeredCall(linked).forEach(in::accept);
            assertTrue(in.flush(WAIT));
        }
        AsteriskCallStore.AsteriskCall fromEvents = store.find(linked).orElseThrow();
        try (java.sql.Connection c = db.dataSource().getConnection(); java.sql.Statement st = c.createStatement()) {
            st.executeUpdate("DELETE FROM asterisk_call");
        }

        // the lines an earlier version left in <spool>/asterisk-cdr: each leg in a call record's shape (format v1)
        Path spool = dir.resolve("spool");
        Path old = Files.createDirectories(spool.resolve(CdrIngest.SPOOL_SUBDIR)).resolve("calls-1700000000000-000000.journal");
        StringBuilder lines = new StringBuilder();
        for (AmiEvent e : answeredCall(linked)) {
            lines.append(v1Line(asEarlierVersionsSpooledIt(CdrEvents.parse(e, ZoneOffset.UTC).orElseThrow(),
                    "alpha"))).append('\n');
        }
        Files.writeString(old, lines, StandardCharsets.UTF_8);
        try (CdrIngest in = ingest(spool)) { // the start replays them
            FlushWait.until(() -> in.writer().spoolSize() == 0);
        }
        assertEquals(fromEvents, store.find(linked).orElseThrow());
        assertTrue(Files.notExists(old), "replayed and deleted");
    }

    /** A call record as earlier versions spooled it: format v1, its first 18 fields (no recording path). */
    static String v1Line(CallRecord r) {
        return SpoolLines.join("v1", r.linkedId(), r.uniqueId(), r.companyId(), r.category(), r.inquiryType(), r.deskId(),
                r.queueName(), r.agentId(), r.dialedNumber(), r.callerNumber(), SpoolLines.str(r.enteredAt()),
                SpoolLines.str(r.answeredAt()), SpoolLines.str(r.endedAt()), SpoolLines.str(r.waitMs()), SpoolLines.str(r.talkMs()),
                r.outcome().name(), r.rule(), r.engineNode());
    }

    /** What the earlier CdrIngest.toRecord spooled for a leg. */
    private static CallRecord asEarlierVersionsSpooledIt(CdrLeg leg, String companyId) {
        boolean caller = leg.isCallerLeg();
        boolean answered = leg.answeredByAgent();
        return new CallRecord(leg.linkedId(), leg.uniqueId(), caller ? companyId : null, null, null, null, null, null,
                caller ? leg.destination() : null, caller ? leg.source() : null, leg.start(), answered ? leg.answer() : null, leg.end(),
                null, answered ? leg.billSeconds() * 1000 : 0L, answered ? CallOutcome.ANSWERED : CallOutcome.ABANDONED_QUEUE,
                caller ? leg.disposition() : null, "n0");
    }
}
