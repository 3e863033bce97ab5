package ascc.core.calls;

import ascc.core.durable.DurableWriter;
import ascc.core.metrics.Metrics;
import java.time.Clock;
import java.util.List;
import java.sql.SQLException;

/**
 * The call records' {@link DurableWriter}: thread {@code call-writer}, spool {@link CallRecordSpool}, sink
 * {@link CallRecordStore#upsert} in production; callers' numbers are masked in the database messages it logs.
 */
public final class CallRecordWriter extends DurableWriter<CallRecord> {
    /** What this writer carries. */
    public static final Kind<CallRecord> KIND = new Kind<>("call records", "call-writer", CallRecord::linkedId,
            CallRecord::callerNumber, "call_record");

    /** What the writer does with a batch; {@link CallRecordStore#upsert} in production. */
    @FunctionalInterface
    public interface Sink extends DurableWriter.Sink<CallRecord> {
        @Override
        void upsert(List<CallRecord> records) throws SQLException;
    }

    public CallRecordWriter(CallRecordStore store, Metrics metrics, Clock clock) {
        this(store::upsert, metrics, clock, Settings.defaults(), d -> Thread.sleep(d.toMillis()));
    }

    /** With a durable spool for records the database cannot take for {@link Settings#spoolAfter()}. */
    public CallRecordWriter(CallRecordStore store, CallRecordSpool spool, Metrics metrics, Clock clock) {
        this(store::upsert, spool, metrics, clock, Settings.defaults(), d -> Thread.sleep(d.toMillis()));
    }

    public CallRecordWriter(Sink sink, Metrics metrics, Clock clock, Settings settings, Sleeper sleeper) {
        this(sink, null, metrics, clock, settings, sleeper);
    }

    /**
     * @param spool where batches go when the database stays away longer than {@link Settings#spoolAfter()}; replayed at start
     *     and when the database answers again. Null: records wait in memory (and are lost if the process stops).
     */
    public CallRecordWriter(Sink sink, CallRecordSpool spool, Metrics metrics, Clock clock, Settings settings, Sleeper sleeper) {
        super(KIND, sink, spool, metrics, clock, settings, sleeper);
    }
}
