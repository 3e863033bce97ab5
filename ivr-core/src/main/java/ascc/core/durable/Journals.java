package ascc.core.durable;

import ascc.core.metrics.Metrics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;

/** The journaled writers' one factory: a {@link DurableWriter} over its own journal directory under the spool directory. */
public final class Journals {
    private Journals() {
    }

    /**
     * A writer over the journal in {@code spoolDir/subdir} (files named after {@code subdir}), replaying what a previous run
     * left there; {@code spoolDir} null: no journal, records wait in memory (tests only). Waits between retries sleep.
     */
    public static <T> DurableWriter<T> writer(DurableWriter.Kind<T> kind, DurableWriter.Sink<T> sink, Path spoolDir, String subdir,
            Codec<T> codec, Metrics metrics, Clock clock, DurableWriter.Settings settings) {
        DurableSpool<T> spool;
        try {
            spool = spoolDir == null ? null : new DurableSpool<>(spoolDir.resolve(subdir), subdir, codec, kind.noun());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the journal of " + kind.noun() + " in " + spoolDir.resolve(subdir), e);
        }
        return new DurableWriter<>(kind, sink, spool, metrics, clock, settings, d -> Thread.sleep(d.toMillis()));
    }
}
