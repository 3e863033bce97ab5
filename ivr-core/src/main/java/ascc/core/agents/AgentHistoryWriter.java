package ascc.core.agents;

import ascc.core.durable.DurableSpool;
import ascc.core.durable.DurableWriter;
import ascc.core.metrics.Metrics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * Writes agent state intervals to {@code agent_state} on the durable path (issue #12), off the AMI event thread:
 * {@link #submit} appends the interval to the write-ahead journal in {@code <spool-dir>/}{@value #SPOOL_SUBDIR} (fsynced)
 * and returns; the {@code agent-state-writer} thread inserts batches. A database outage of any length is retried, then
 * spooled, and replayed when the database answers; a kill -9 leaves the journal, replayed at the next start. The insert is
 * idempotent by the natural key (agent, state, from; V051), so a replay adds no second row.
 */
final class AgentHistoryWriter implements AutoCloseable {
    /** The history's journal: {@code <spool-dir>/agent-states}. */
    static final String SPOOL_SUBDIR = AgentIntervalCodec.SPOOL_SUBDIR;
    /** What the writer carries (no phone number in an interval). */
    static final DurableWriter.Kind<AgentStateTracker.Interval> KIND = new DurableWriter.Kind<>("agent state intervals",
            "agent-state-writer", i -> i.agentId() + "@" + i.from(), i -> null, "agent_state");
    private static final DurableWriter.Settings SETTINGS = new DurableWriter.Settings(500, Duration.ofMillis(100),
            Duration.ofMillis(100), Duration.ofSeconds(5), 100_000, 5, Duration.ofSeconds(10));
    private static final String INSERT =
            "INSERT INTO agent_state (agent_id, state, reason, from_ts, to_ts, engine_node) VALUES (?, ?, ?, ?, ?, ?)"
            + " ON DUPLICATE KEY UPDATE reason = VALUES(reason), to_ts = VALUES(to_ts), engine_node = VALUES(engine_node)";

    private final DurableWriter<AgentStateTracker.Interval> writer;

    /**
     * @param spoolDir engine.yaml {@code database.spool-dir}; the journal is its {@value #SPOOL_SUBDIR} subdirectory (null:
     *     no journal, intervals wait in memory; tests only)
     */
    AgentHistoryWriter(DataSource dataSource, String node, Path spoolDir, Metrics metrics, Clock clock) {
        this(sink(Objects.requireNonNull(dataSource, "dataSource"), node), spoolDir, metrics, clock);
    }

    /** Over any sink (tests: a fake database). */
    AgentHistoryWriter(DurableWriter.Sink<AgentStateTracker.Interval> sink, Path spoolDir, Metrics metrics, Clock clock) {
        DurableSpool<AgentStateTracker.Interval> spool;
        try {
            spool = spoolDir == null ? null : spool(spoolDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the agent state history's journal in " + spoolDir.resolve(SPOOL_SUBDIR), e);
        }
        this.writer = new DurableWriter<>(KIND, sink, spool, metrics, clock, SETTINGS, d -> Thread.sleep(d.toMillis()));
    }

    /** The history's journal in {@code spoolDir/}{@value #SPOOL_SUBDIR}. */
    static DurableSpool<AgentStateTracker.Interval> spool(Path spoolDir) throws IOException {
        return new DurableSpool<>(spoolDir.resolve(SPOOL_SUBDIR), "agent-states", AgentIntervalCodec.INSTANCE, KIND.noun());
    }

    /** Journals one interval (on disk when this returns true); false (logged) when the journal or the writer refused it. */
    boolean submit(AgentStateTracker.Interval interval) {
        return writer.submit(interval);
    }

    /** The durable writer underneath (tests: flush, pending, kill). */
    DurableWriter<AgentStateTracker.Interval> durable() {
        return writer;
    }

    /** The database sink: one idempotent upsert per batch, all or none. */
    static DurableWriter.Sink<AgentStateTracker.Interval> sink(DataSource dataSource, String node) {
        return batch -> insert(dataSource, node, batch);
    }

    private static void insert(DataSource dataSource, String node, List<AgentStateTracker.Interval> batch) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(INSERT)) {
            boolean auto = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                for (AgentStateTracker.Interval i : batch) {
                    ps.setString(1, i.agentId());
                    ps.setString(2, i.state().name());
                    ps.setString(3, i.reason());
                    ps.setTimestamp(4, Timestamp.valueOf(LocalDateTime.ofInstant(i.from(), ZoneOffset.UTC)));
                    ps.setTimestamp(5, Timestamp.valueOf(LocalDateTime.ofInstant(i.to(), ZoneOffset.UTC)));
                    ps.setString(6, node);
                    ps.addBatch();
                }
                ps.executeBatch();
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(auto);
            }
        }
    }

    /** Stops taking intervals and writes what is queued (waits up to 10 s); what is left stays journaled for the next start. */
    @Override
    public void close() {
        writer.close();
    }
}
