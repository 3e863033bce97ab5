package ascc.core.calls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ascc.core.db.Database;
import ascc.core.db.DbSettings;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CallRecordStoreTest {
    @TempDir
    Path dir;
    private Database db;
    private CallRecordStore store;

    @BeforeEach
    void open() {
        db = Database.open(DbSettings.embedded(dir.resolve("ascc").toString(), 4));
        store = new CallRecordStore(db.dataSource());
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void roundTripsEveryField() throws SQLException {
        CallRecord r = CallRecords.answered("1717.1");
        store.upsert(List.of(r));
        assertEquals(r, store.findByLinkedId("1717.1").orElseThrow());
        CallRecord sparse = CallRecords.entered("1717.2");
        store.upsert(List.of(sparse));
        assertEquals(sparse, store.findByLinkedId("1717.2").orElseThrow());
        assertFalse(store.findByLinkedId("nope").isPresent());
    }

    @Test
    void secondWriteOfSameLinkedIdUpdatesAndNeverDuplicates() throws SQLException {
        store.upsert(List.of(CallRecords.entered("42.7")));
        CallRecord finished = CallRecords.answered("42.7");
        store.upsert(List.of(finished));
        store.upsert(List.of(finished));
        store.upsert(List.of(CallRecords.entered("42.8"), finished, CallRecords.answered("42.8")));
        assertEquals(2, store.count());
        assertEquals(finished, store.findByLinkedId("42.7").orElseThrow());
        assertEquals(CallRecords.answered("42.8"), store.findByLinkedId("42.8").orElseThrow());
    }

    @Test
    void storesTimesAsUtcDateTimes() throws SQLException {
        store.upsert(List.of(CallRecords.answered("9.1")));
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT CAST(entered_at AS VARCHAR(40)) FROM call_record WHERE linked_id = '9.1'")) {
            assertTrue(rs.next());
            assertEquals("2025-06-02 01:02:03.456", rs.getString(1));
        }
    }

    @Test
    void valueLongerThanItsColumnIsStoredCutAndTheRowFlagged() throws SQLException {
        store.upsert(List.of(CallRecords.answered("1.1"), CallRecords.tooLong("1.2")));
        assertEquals(2, store.count());
        assertEquals("x".repeat(CallRecordStore.COMPANY), store.findByLinkedId("1.2").orElseThrow().companyId());
        assertTrue(store.truncated("1.2"));
        assertFalse(store.truncated("1.1"));
    }

    @Test
    void fortyDigitCallerNumberIsStoredWhole() throws SQLException {
        String forty = "0101234567890123456789012345678901234567";
        CallRecord r = CallRecords.answered("40.1");
        CallRecord wide = new CallRecord(r.linkedId(), r.uniqueId(), r.companyId(), r.category(), r.inquiryType(), r.deskId(),
            r.queueName(), r.agentId(), forty, forty, r.enteredAt(), r.answeredAt(), r.endedAt(), r.waitMs(), r.talkMs(),
            r.outcome(), r.rule(), r.engineNode(), r.recordingPath());
        store.upsert(List.of(wide));
        assertEquals(wide, store.findByLinkedId("40.1").orElseThrow());
        assertFalse(store.truncated("40.1"));
    }

    @Test
    void toStringMasksTheCallerNumber() {
        String s = CallRecords.answered("5.5").toString();
        assertTrue(s.contains("callerNumber=010******78"), s);
        assertFalse(s.contains("01012345678"), s);
    }
}
