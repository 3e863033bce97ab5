package ascc.core.agents;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes agent state intervals to {@code agent_state} off the AMI event thread: {@link #submit} queues (bounded) and
 * returns at once; the {@code agent-state-writer} thread inserts batches. A failed batch is retried
 * {@value #ATTEMPTS} times with a growing pause, then logged interval by interval and dropped (history is
 * reporting data; the live state is unaffected).
 */
final class AgentHistoryWriter implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AgentHistoryWriter.class);
    static final int ATTEMPTS = 5;
    static final int CAPACITY = 100_000;
    private static final String INSERT =
            "INSERT INTO agent_state (agent_id, state, reason, from_ts, to_ts, engine_node) VALUES (?, ?, ?, ?, ?, ?)";

    private final DataSource dataSource;
    private final String node;
    private final BlockingQueue<AgentStateTracker.Interval> queue = new LinkedBlockingQueue<>(CAPACITY);
    private final Thread thread;
    private volatile boolean closing;

    AgentHistoryWriter(DataSource dataSource, String node) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.node = node;
        this.thread = new Thread(this::loop, "agent-state-writer");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /** Queues one interval; false (logged) when the queue is full or the writer closed. */
    boolean submit(AgentStateTracker.Interval interval) {
        if (closing || !queue.offer(interval)) {
            LOG.error("agent state history dropped (writer {}, {} queued): {}", closing ? "closed" : "full", queue.size(), interval);
            return false;
        }
        return true;
    }

    private void loop() {
        List<AgentStateTracker.Interval> batch = new ArrayList<>();
        while (!closing || !queue.isEmpty()) {
            try {
                AgentStateTracker.Interval first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, 499);
                write(batch);
                batch.clear();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                LOG.warn("agent state writer interrupted with {} intervals queued", queue.size());
                return;
            }
        }
    }

    private void write(List<AgentStateTracker.Interval> batch) throws InterruptedException {
        for (int attempt = 1; ; attempt++) {
            try {
                insert(batch);
                return;
            } catch (SQLException e) {
                if (attempt >= ATTEMPTS) {
                    LOG.error("agent state history: {} intervals not written after {} attempts (first {}): {}", batch.size(), attempt,
                            batch.get(0), e.toString());
                    batch.forEach(i -> LOG.error("agent state interval not written: {}", i));
                    return;
                }
                LOG.warn("agent state history: insert of {} intervals failed (attempt {}/{}), retrying", batch.size(), attempt,
                        ATTEMPTS, e);
                Thread.sleep(Duration.ofMillis(200L << attempt));
            }
        }
    }

    private void insert(List<AgentStateTracker.Interval> batch) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(INSERT)) {
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
        }
    }

    /** Stops taking intervals and writes what is queued (waits up to 10 s). */
    @Override
    public void close() {
        closing = true;
        try {
            thread.join(Duration.ofSeconds(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!queue.isEmpty()) {
            LOG.error("agent state writer stopped with {} intervals unwritten", queue.size());
        }
    }
}
