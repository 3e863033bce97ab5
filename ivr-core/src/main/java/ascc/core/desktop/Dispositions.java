package ascc.core.desktop;

import ascc.core.durable.DurableWriter;
import ascc.core.durable.Journals;
import ascc.core.metrics.Metrics;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

/**
 * Dispositions on the durable path the call records use: {@link AgentDesktop#saveDisposition} appends each to the
 * write-ahead journal in {@code <spool-dir>/}{@value #SPOOL_SUBDIR} (forced to disk before it returns, so the page says
 * "saved" only for what survives a database outage and a kill -9); the writer thread {@code disposition-writer} stores it in
 * {@code call_disposition}, idempotent by linkedid.
 */
public final class Dispositions {
    /** The journal: {@code <spool-dir>/dispositions}. */
    public static final String SPOOL_SUBDIR = "dispositions";
    /** What the writer carries (no phone number in a disposition; the note is the agent's text, never logged). */
    public static final DurableWriter.Kind<CallDisposition> KIND = new DurableWriter.Kind<>("call dispositions",
            "disposition-writer", CallDisposition::linkedId, d -> null, "call_disposition");
    private static final DurableWriter.Settings SETTINGS = new DurableWriter.Settings(100, Duration.ofMillis(20),
            Duration.ofMillis(100), Duration.ofSeconds(5), 100_000, 5, Duration.ofSeconds(10));

    private Dispositions() {
    }

    /**
     * The writer of {@code sink} over the journal in {@code spoolDir} (null: no journal, kept in memory; tests only),
     * replaying what a previous run left there.
     */
    public static DurableWriter<CallDisposition> writer(DurableWriter.Sink<CallDisposition> sink, Path spoolDir, Metrics metrics,
            Clock clock) {
        return Journals.writer(KIND, sink, spoolDir, SPOOL_SUBDIR, CallDispositionCodec.INSTANCE, metrics, clock, SETTINGS);
    }
}
