package ascc.core.campaign;

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
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TargetImportTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-23T01:00:00Z"), ZoneOffset.UTC);
    private static final String SHA = "ab".repeat(32);

    @TempDir
    Path dir;
    private Database db;

    @BeforeEach
    void open() {
        db = Database.open(DbSettings.embedded(dir.resolve("ascc").toString(), 4));
    }

    @AfterEach
    void close() {
        db.close();
    }

    private static List<TargetCsv.Target> targets(int n) {
        List<TargetCsv.Target> list = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            list.add(new TargetCsv.Target(i + 2, "0100000%04d".formatted(i), "N" + i, false, Optional.empty()));
        }
        return list;
    }

    @Test
    void stoppedImportResumesAfterTheLastCommittedBatchAndThenIsDone() throws SQLException {
        List<TargetCsv.Target> all = targets(25);
        try (TargetImport first = TargetImport.open(db.dataSource(), CLOCK, "hanbit", "q4", SHA, 10)) {
            for (TargetCsv.Target t : all.subList(0, 17)) {
                first.add(t);
            }
            // stopped here (kill, outage): rows 11-17 were never committed
        }
        assertEquals(10, count());
        try (TargetImport again = TargetImport.open(db.dataSource(), CLOCK, "hanbit", "q4", SHA, 10)) {
            assertEquals(11, again.resumeAfterLine());
            assertEquals(10, again.written());
            assertFalse(again.alreadyDone());
            for (TargetCsv.Target t : all) {
                again.add(t);
            }
            assertEquals(25, again.finish());
        }
        assertEquals(25, count());
        try (TargetImport third = TargetImport.open(db.dataSource(), CLOCK, "hanbit", "q4", SHA, 10)) {
            assertTrue(third.alreadyDone());
        }
        try (TargetImport other = TargetImport.open(db.dataSource(), CLOCK, "hanbit", "q4", "cd".repeat(32), 10)) {
            assertEquals(0, other.resumeAfterLine());
        }
    }

    private int count() throws SQLException {
        try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM campaign_target")) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
