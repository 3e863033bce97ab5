package ascc.core.agents;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ascc.core.db.Database;
import ascc.core.db.DbSettings;
import ascc.core.durable.Crashes;
import ascc.core.durable.DurableWriter;
import ascc.core.metrics.Metrics;
import ascc.testsupport.time.Await;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Agent state history goes through the durable path ({@link AgentHistoryWriter}): an interval closed while the database is
 * away (the old writer dropped it after ~6 s of retries) is journaled, survives a kill -9 and is stored by the next start;
 * a replay of an interval already stored adds no row (natural key agent, state, from: V051).
 */
class AgentStateHistoryJournalTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final Instant T0 = Instant.parse("2026-11-23T01:00:00.123Z");
    private static final Clock CLOCK = Clock.fixed(T0.plusSeconds(3600), ZoneOffset.UTC);

    @TempDir
    Path dir;
    private final List<AgentHistoryWriter> writers = new ArrayList<>();

    /** agent_state as a map by its natural key; away: every write fails as in an outage. */
    private static final class FakeHistory implements DurableWriter.Sink<AgentStateTracker.Interval> {
        final Map<String, AgentStateTracker.Interval> rows = new ConcurrentHashMap<>();
        final AtomicBoolean away = new AtomicBoolean();

        @Override
        public void upsert(List<AgentStateTracker.Interval> batch) throws SQLException {
            if (away.get()) {
                throw new SQLTransientConnectionException("Connection refused (test outage)", "08S01");
            }
            batch.forEach(i -> rows.put(i.agentId() + "/" + i.state() + "/" + i.from(), i));
        }
    }

    @AfterEach
    void closeWriters() {
        writers.forEach(AgentHistoryWriter::close);
    }

    private AgentHistoryWriter writer(DurableWriter.Sink<AgentStateTracker.Interval> sink) {
        AgentHistoryWriter w = new AgentHistoryWriter(sink, dir, new Metrics(), CLOCK);
        writers.add(w);
        return w;
    }

    private static AgentStateTracker.Interval interval(int n, AgentState state, String reason) {
        return new AgentStateTracker.Interval("2101", state, reason, T0.plusSeconds(60L * n), T0.plusSeconds(60L * n + 59));
    }

    @Test
    void agentStateIntervalClosedDuringADatabaseOutageIsStoredAfterRestart() {
        FakeHistory outage = new FakeHistory();
        outage.away.set(true);
        AgentHistoryWriter first = writer(outage);
        assertTrue(first.submit(interval(0, AgentState.PAUSED, "break")));
        assertTrue(first.submit(interval(1, AgentState.AVAILABLE, null)));
        Crashes.kill(first.durable()); // kill -9 while the database is away
        writers.remove(first);
        assertTrue(outage.rows.isEmpty());

        FakeHistory back = new FakeHistory();
        AgentHistoryWriter second = writer(back);
        Await.until(() -> back.rows.size() == 2 && second.durable().pending() == 0 && second.durable().spoolSize() == 0, WAIT,
                () -> "rows: " + back.rows.keySet());
        assertEquals(interval(0, AgentState.PAUSED, "break"), back.rows.get("2101/PAUSED/" + T0), "every field");
        assertEquals(interval(1, AgentState.AVAILABLE, null), back.rows.get("2101/AVAILABLE/" + T0.plusSeconds(60)));
    }

    @Test
    void aReplayedIntervalAddsNoSecondRowToAgentState() throws Exception {
        try (Database db = Database.open(DbSettings.embedded(dir.resolve("ascc").toString(), 2))) {
            DurableWriter.Sink<AgentStateTracker.Interval> sink = AgentHistoryWriter.sink(db.dataSource(), "node-1");
            AgentHistoryWriter first = writer(sink);
            assertTrue(first.submit(interval(0, AgentState.ON_CALL, null)));
            assertTrue(first.durable().flush(WAIT));
            assertTrue(first.submit(interval(1, AgentState.AVAILABLE, null)));
            Crashes.kill(first.durable()); // killed after the first was stored: the journal still holds it
            writers.remove(first);
            AgentHistoryWriter second = writer(sink);
            Await.until(() -> rows(db) == 2 && second.durable().pending() == 0 && second.durable().spoolSize() == 0, WAIT,
                    () -> "rows: " + rows(db));
            sink.upsert(List.of(interval(0, AgentState.ON_CALL, null))); // once more, as a second replay would
            assertEquals(2, rows(db), "one row per (agent, state, from)");
            second.close();
            writers.remove(second);
        }
    }

    private static long rows(Database db) {
        try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM agent_state")) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            return -1;
        }
    }
}
