package ascc.core.campaign;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One file's import into one campaign (table {@code campaign_import}, V080), written in batches: each batch of targets
 * and the file's {@code last_line} commit in one transaction. Importing the same file again (same SHA-256) after a stop
 * skips every row up to the last committed line; a file imported to its end is {@link #alreadyDone()}. Rows must come
 * in file order (as {@link TargetCsv#scan} gives them). Not thread-safe: one import, one thread.
 */
public final class TargetImport implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TargetImport.class);

    private static final String SAVE = """
            INSERT INTO campaign_import (company_id, campaign_id, file_sha256, last_line, rows_written, done, started_at, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            ON DUPLICATE KEY UPDATE last_line = VALUES(last_line), rows_written = VALUES(rows_written), done = VALUES(done),
                updated_at = VALUES(updated_at)""";

    private final Connection c;
    private final Clock clock;
    private final String company;
    private final String campaign;
    private final String sha;
    private final int batchSize;
    private final int resumeAfter;
    private final boolean alreadyDone;
    private final List<TargetCsv.Target> batch = new ArrayList<>();
    private final Timestamp startedAt;
    private int lastLine;
    private int written;

    private TargetImport(Connection c, Clock clock, String company, String campaign, String sha, int batchSize,
            int resumeAfter, int writtenBefore, boolean alreadyDone) {
        this.c = c;
        this.clock = clock;
        this.company = company;
        this.campaign = campaign;
        this.sha = sha;
        this.batchSize = batchSize;
        this.resumeAfter = resumeAfter;
        this.lastLine = resumeAfter;
        this.written = writtenBefore;
        this.alreadyDone = alreadyDone;
        this.startedAt = CampaignStore.ts(clock.instant());
    }

    static TargetImport open(DataSource ds, Clock clock, String company, String campaign, String sha, int batchSize)
            throws SQLException {
        Objects.requireNonNull(sha, "sha");
        Connection c = ds.getConnection();
        try {
            c.setAutoCommit(false);
            int after = 0;
            int before = 0;
            boolean done = false;
            try (PreparedStatement ps = c.prepareStatement("SELECT last_line, rows_written, done FROM campaign_import"
                    + " WHERE company_id = ? AND campaign_id = ? AND file_sha256 = ?")) {
                ps.setString(1, company);
                ps.setString(2, campaign);
                ps.setString(3, sha);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        after = rs.getInt(1);
                        before = rs.getInt(2);
                        done = rs.getBoolean(3);
                    }
                }
            }
            c.commit();
            return new TargetImport(c, clock, company, campaign, sha, batchSize, after, before, done);
        } catch (SQLException | RuntimeException e) {
            c.close();
            throw e;
        }
    }

    /** The line after which this import goes on (0: from the start). */
    public int resumeAfterLine() {
        return resumeAfter;
    }

    /** Whether this file was already imported to its end. */
    public boolean alreadyDone() {
        return alreadyDone;
    }

    /** Rows written by this file so far, including those of an earlier, stopped run. */
    public int written() {
        return written;
    }

    /** Takes the next accepted row; rows up to {@link #resumeAfterLine()} were written by an earlier run and are skipped. */
    public void add(TargetCsv.Target t) throws SQLException {
        if (t.line() <= resumeAfter) {
            return;
        }
        batch.add(t);
        if (batch.size() >= batchSize) {
            flush(false);
        }
    }

    /** Writes what is left and marks the file done; returns the rows written by this file in all runs. */
    public int finish() throws SQLException {
        flush(true);
        LOG.info("imported {} targets into campaign {}/{} (file {}, resumed after line {})", written, company, campaign,
                sha.substring(0, 12), resumeAfter);
        return written;
    }

    private void flush(boolean done) throws SQLException {
        Timestamp now = CampaignStore.ts(clock.instant());
        int line = batch.isEmpty() ? lastLine : batch.get(batch.size() - 1).line();
        try {
            CampaignStore.writeTargets(c, company, campaign, batch, now);
            try (PreparedStatement ps = c.prepareStatement(SAVE)) {
                ps.setString(1, company);
                ps.setString(2, campaign);
                ps.setString(3, sha);
                ps.setInt(4, line);
                ps.setInt(5, written + batch.size());
                ps.setBoolean(6, done);
                ps.setTimestamp(7, startedAt);
                ps.setTimestamp(8, now);
                ps.executeUpdate();
            }
            c.commit();
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw new SQLException("writing the targets up to line " + line + " of campaign " + company + "/" + campaign
                    + " failed; importing the same file again resumes after line " + lastLine + ": " + e.getMessage(),
                    e instanceof SQLException s ? s.getSQLState() : null, e);
        }
        written += batch.size();
        lastLine = line;
        batch.clear();
    }

    @Override
    public void close() throws SQLException {
        c.close();
    }
}
