package ascc.core.agents;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ascc.core.db.Database;
import ascc.core.db.DbSettings;
import ascc.core.metrics.Metrics;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgentHistoryWriterTest {
    @TempDir
    Path dir;

    @Test
    void writesQueuedIntervalsToAgentStateBeforeClosing() throws Exception {
        try (Database db = Database.open(DbSettings.embedded(dir.resolve("ascc").toString(), 2))) {
            AgentHistoryWriter w = new AgentHistoryWriter(db.dataSource(), "node-1", dir.resolve("spool"), new Metrics(),
                    Clock.fixed(Instant.parse("2026-11-23T02:00:00Z"), ZoneOffset.UTC));
            Instant t0 = Instant.parse("2026-11-23T01:00:00.123Z");
            assertTrue(w.submit(new AgentStateTracker.Interval("2101", AgentState.PAUSED, "break", t0, t0.plusSeconds(60))));
            assertTrue(w.submit(new AgentStateTracker.Interval("2101", AgentState.AVAILABLE, null, t0.plusSeconds(60),
                    t0.plusSeconds(90))));
            w.close();
            assertFalse(w.submit(new AgentStateTracker.Interval("2101", AgentState.ON_CALL, null, t0, t0)), "closed");
            try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery(
                         "SELECT agent_id, state, reason, from_ts, to_ts, engine_node FROM agent_state ORDER BY id")) {
                assertTrue(rs.next());
                assertEquals("2101", rs.getString(1));
                assertEquals("PAUSED", rs.getString(2));
                assertEquals("break", rs.getString(3));
                assertEquals("2026-11-23T01:00:00.123", rs.getTimestamp(4).toLocalDateTime().toString());
                assertEquals("2026-11-23T01:01:00.123", rs.getTimestamp(5).toLocalDateTime().toString());
                assertEquals("node-1", rs.getString(6));
                assertTrue(rs.next());
                assertEquals("AVAILABLE", rs.getString(2));
                assertEquals(null, rs.getString(3));
                assertFalse(rs.next());
            }
        }
    }
}
