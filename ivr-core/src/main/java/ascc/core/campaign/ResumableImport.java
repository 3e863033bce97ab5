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
import java.util.function.ToIntFunction;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One file's resumable import (table {@code campaign_import}, V080), written in batches: each batch of rows and the file's
 * {@code last_line} commit in one transaction. Importing the same file again (same SHA-256) after a stop skips every row up
 * to the last committed line; a file imported to its end is {@link #alreadyDone()}. Rows must come in file order (as
 * {@link TargetCsv#scan} gives them). Not thread-safe: one import, one thread.
 *
 * <p>A file is kept under a two-part scope: a campaign's targets under (company, campaign) ({@link TargetImport}); repair
 * cases under ({@code *}, {@code repair-cases}). What a batch writes is the {@link BatchWriter}'s.
 *
 * @param <T> a row
 */
public class ResumableImport<T> implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ResumableImport.class);

    /** Writes one batch on the import's connection (the import commits). */
    @FunctionalInterface
    public interface BatchWriter<T> {
        void write(Connection c, List<T> batch, Timestamp now) throws SQLException;
    }

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
    private final List<T> batch = new ArrayList<>();
    private final BatchWriter<T> writer;
    private final ToIntFunction<T> lineOf;
    private final String what;
    private final Timestamp startedAt;
    private int lastLine;
    private int written;

    /** The state of an opened import, read from {@code campaign_import}. */
    protected record Opened(Connection c, int resumeAfter, int writtenBefore, boolean alreadyDone) {
    }

    protected ResumableImport(Opened o, Clock clock, String company, String campaign, String sha, int batchSize,
            BatchWriter<T> writer, ToIntFunction<T> lineOf, String what) {
        this(o.c(), clock, company, campaign, sha, batchSize, o.resumeAfter(), o.writtenBefore(), o.alreadyDone(), writer, lineOf, what);
    }

    private ResumableImport(Connection c, Clock clock, String company, String campaign, String sha, int batchSize,
            int resumeAfter, int writtenBefore, boolean alreadyDone, BatchWriter<T> writer, ToIntFunction<T> lineOf, String what) {
        this.writer = Objects.requireNonNull(writer, "writer");
        this.lineOf = Objects.requireNonNull(lineOf, "lineOf");
        this.what = Objects.requireNonNull(what, "what");
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

    /**
     * Starts or resumes the import of the file {@code sha} under ({@code company}, {@code campaign}).
     *
     * @param what the rows, for messages: "targets of campaign hanbit/cs-2026", "repair cases"
     */
    public static <T> ResumableImport<T> open(DataSource ds, Clock clock, String company, String campaign, String sha, int batchSize,
            BatchWriter<T> writer, ToIntFunction<T> lineOf, String what) throws SQLException {
        return new ResumableImport<>(opened(ds, company, campaign, sha), clock, company, campaign, sha, batchSize, writer, lineOf,
                what);
    }

    /** Reads how far an earlier import of the file got; the connection returned is the import's (auto-commit off). */
    protected static Opened opened(DataSource ds, String company, String campaign, String sha) throws SQLException {
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
            return new Opened(c, after, before, done);
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
    public void add(T t) throws SQLException {
        if (lineOf.applyAsInt(t) <= resumeAfter) {
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
        LOG.info("imported {} {} (file {}, resumed after line {})", written, what, sha.substring(0, 12), resumeAfter);
        return written;
    }

    private void flush(boolean done) throws SQLException {
        Timestamp now = CampaignStore.ts(clock.instant());
        int line = batch.isEmpty() ? lastLine : lineOf.applyAsInt(batch.get(batch.size() - 1));
        try {
            writer.write(c, batch, now);
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
            throw new SQLException("writing the " + what + " up to line " + line
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
