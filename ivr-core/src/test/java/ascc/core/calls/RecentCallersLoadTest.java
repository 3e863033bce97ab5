package ascc.core.calls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ascc.core.db.Database;
import ascc.core.db.DbSettings;
import ascc.routing.RecentCallers;
import ascc.routing.calls.CallOutcome;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecentCallersLoadTest {
    @TempDir
    Path dir;

    @Test
    void loadsCallersOfTheWindowWithTheirInquiryType() throws Exception {
        try (Database db = Database.open(DbSettings.embedded(dir.resolve("ascc").toString(), 2))) {
            CallRecordStore store = new CallRecordStore(db.dataSource());
            CallRecord recent = CallRecords.answered("L1"); // caller 01012345678, entered T0, inquiry repair
            CallRecord old = new CallRecord("L2", null, null, null, "fault", null, null, null, null, "01099998888",
                CallRecords.T0.minus(Duration.ofDays(10)), null, null, null, null, CallOutcome.ABANDONED_IVR, null, null);
            store.upsert(List.of(recent, old, CallRecords.entered("L3")));

            RecentCallers into = new RecentCallers();
            assertEquals(1, store.loadRecentCallers(CallRecords.T0.minus(Duration.ofDays(7)), into));
            assertEquals(1, into.size());
            assertEquals("repair", into.since("01012345678", CallRecords.T0.minusSeconds(1)).orElseThrow().inquiryType());
            assertTrue(into.since("01099998888", CallRecords.T0.minus(Duration.ofDays(30))).isEmpty());
        }
    }
}
