package ascc.core.durable;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ascc.core.calls.CallRecord;
import ascc.core.calls.CallRecordCodec;
import ascc.routing.calls.CallOutcome;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link DurableSpool#forceAhead}: an item is on disk (its segment forced) before its submitter is answered, and one fsync
 * covers every item appended before it started, so submitters whose items an earlier force already covered do not force
 * again.
 */
class GroupCommitTest {
    private static final Instant T0 = Instant.parse("2026-03-02T01:02:03.456Z");

    @TempDir
    Path dir;

    private static CallRecord call(String linkedId) {
        return new CallRecord(linkedId, linkedId, "alpha", "kitchen", "repair", "desk-a", "desk-a", "2101", "0700000001",
            "01012345678", T0, null, T0.plusSeconds(5), 5_000L, 0L, CallOutcome.ANSWERED, "company alpha", "n1", null);
    }

    private DurableSpool<CallRecord> spool() throws Exception {
        return new DurableSpool<>(dir, "calls", CallRecordCodec.INSTANCE, "call records");
    }

    private long walLines() throws Exception {
        long n = 0;
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : files.filter(f -> f.toString().endsWith(DurableSpool.AHEAD_SUFFIX)).toList()) {
                n += new String(Files.readAllBytes(p), StandardCharsets.UTF_8).lines().count();
            }
        }
        return n;
    }

    @Test
    void oneForceCoversEveryItemAppendedBeforeItAndALaterItemIsForcedAgain() throws Exception {
        DurableSpool<CallRecord> s = spool();
        long t1 = s.appendAhead(call("1.1"));
        long t2 = s.appendAhead(call("1.2"));
        long t3 = s.appendAhead(call("1.3"));
        s.forceAhead(t3);
        assertEquals(1, s.aheadForces());
        s.forceAhead(t1);
        s.forceAhead(t2);
        assertEquals(1, s.aheadForces(), "items 1 and 2 were on disk with item 3: no fsync of their own");
        long t4 = s.appendAhead(call("1.4"));
        s.forceAhead(t4);
        assertEquals(2, s.aheadForces(), "an item appended after the force gets its own");
        s.forceAhead(t4);
        assertEquals(2, s.aheadForces());
        assertEquals(4, walLines());
    }

    @Test
    void aForceCoversItemsInEverySegmentWrittenSinceTheLastOne() throws Exception {
        DurableSpool<CallRecord> s = spool();
        long last = 0;
        for (int i = 0; i <= DurableSpool.AHEAD_SEGMENT_ITEMS; i++) {
            last = s.appendAhead(call("2." + i));
        }
        s.forceAhead(1);
        assertEquals(1, s.aheadForces());
        s.forceAhead(last);
        assertEquals(1, s.aheadForces(), "the first force covered both segments");
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(2, files.filter(f -> f.toString().endsWith(DurableSpool.AHEAD_SUFFIX)).count());
        }
        assertEquals(DurableSpool.AHEAD_SEGMENT_ITEMS + 1, walLines());
    }

    @Test
    void concurrentSubmittersAreEachAnsweredOnceTheirItemIsForcedAndNeverNeedMoreForcesThanItems() throws Exception {
        DurableSpool<CallRecord> s = spool();
        int n = 64;
        List<Callable<Long>> submitters = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String id = "3." + i;
            submitters.add(() -> {
                long t = s.appendAhead(call(id));
                s.forceAhead(t);
                return t;
            });
        }
        try (ExecutorService pool = Executors.newFixedThreadPool(8, Thread.ofPlatform().name("group-commit-test-", 0).factory())) {
            for (Future<Long> f : pool.invokeAll(submitters)) {
                assertTrue(f.get() >= 1);
            }
        }
        assertTrue(s.aheadForces() >= 1 && s.aheadForces() <= n, "forces: " + s.aheadForces());
        assertEquals(n, walLines());
    }
}
