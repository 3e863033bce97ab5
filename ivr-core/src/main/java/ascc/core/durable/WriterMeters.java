package ascc.core.durable;

import ascc.core.metrics.Metrics;
import io.micrometer.core.instrument.Counter;
import java.util.function.LongSupplier;

/**
 * A {@link DurableWriter}'s meters, tagged {@code writer=<table>} so that every writer shares one registry: records
 * written, database errors met, records refused (queue full, writer closed, journal not writable) and spooled; gauges of
 * the records pending and in the spool.
 */
record WriterMeters(Counter written, Counter dbErrors, Counter refused, Counter spooled) {
    private static final String WRITER = "writer";

    static WriterMeters register(Metrics metrics, String table, LongSupplier pending, LongSupplier inSpool) {
        WriterMeters m = new WriterMeters(
            metrics.counter("ascc_call_records_written_total", "Records written to the database", WRITER, table),
            metrics.counter("ascc_db_errors_total", "Database errors met while writing records", WRITER, table),
            metrics.counter("ascc_call_records_refused_total", "Records refused: queue full or writer closed", WRITER, table),
            metrics.counter("ascc_call_records_spooled_total", "Records put in the local spool because the database was away",
                WRITER, table));
        metrics.gauge("ascc_call_records_pending", "Records queued or being written", pending, WRITER, table);
        metrics.gauge("ascc_call_records_in_spool", "Records in the local spool, waiting for the database", inSpool, WRITER, table);
        return m;
    }
}
