package ascc.core.durable;

import ascc.core.metrics.Metrics;
import io.micrometer.core.instrument.Counter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a {@link DurableWriter} does with a record the database refused for good: the most recent ones in memory
 * ({@link DurableWriter#failed()}) and, with a spool, every one on disk in {@code <spool>/}{@value DurableSpool#DEAD_LETTERS}
 * (same codec, fsynced), listed and replayed by {@code ivr deadletter}. Meters: {@code ascc_call_records_failed_total},
 * {@code ascc_dead_letters_total} and the gauge {@code ascc_dead_letters_held}, tagged by writer. Used by the writer's
 * thread only (the in-memory list is read under its own lock).
 *
 * @param <T> the record
 */
final class DeadLetters<T> {
    private static final Logger LOG = LoggerFactory.getLogger(DeadLetters.class);

    private final DurableSpool<T> spool;
    private final Function<? super T, String> key;
    private final String noun;
    private final Clock clock;
    private final Counter failedTotal;
    private final Counter deadLettered;
    private final Deque<DurableWriter.Failed<T>> failed = new ArrayDeque<>();
    /** Opened at start when its directory exists, else at the first dead letter. */
    private volatile DurableSpool<T> dead;

    DeadLetters(DurableSpool<T> spool, DurableWriter.Kind<T> kind, Metrics metrics, Clock clock, String writerTag) {
        this.spool = spool;
        this.key = kind.key();
        this.noun = kind.noun();
        this.clock = clock;
        this.failedTotal = metrics.counter("ascc_call_records_failed_total", "Records the database refused for good", "writer", writerTag);
        this.deadLettered = metrics.counter("ascc_dead_letters_total",
            "Records the database refused for good, kept in the dead letters (ivr deadletter list|replay)", "writer", writerTag);
        if (spool != null && Files.isDirectory(spool.dir().resolve(DurableSpool.DEAD_LETTERS))) {
            try {
                this.dead = spool.deadLetters();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot open the dead letters of " + spool.dir(), e);
            }
        }
        metrics.gauge("ascc_dead_letters_held", "Records in the dead letters, waiting for ivr deadletter replay", this::held,
            "writer", writerTag);
    }

    /** Keeps {@code record}, refused for good with {@code message} (callers' numbers already masked). */
    void keep(T record, String message) {
        failedTotal.increment();
        synchronized (failed) {
            if (failed.size() >= DurableWriter.MAX_FAILED_KEPT) {
                failed.removeFirst();
            }
            failed.addLast(new DurableWriter.Failed<>(record, message, clock.instant()));
        }
        if (spool == null) {
            return;
        }
        try {
            if (dead == null) {
                dead = spool.deadLetters();
            }
            dead.append(List.of(record));
            deadLettered.increment();
            LOG.error("{}: key={} kept in the dead letters {} ({} there); see ivr deadletter list, replay once the cause is fixed",
                noun, key.apply(record), dead.dir(), dead.size());
        } catch (IOException io) {
            LOG.error("{}: key={} refused for good and not written to the dead letters in {}: kept in memory only", noun,
                key.apply(record), spool.dir(), io);
        }
    }

    List<DurableWriter.Failed<T>> recent() {
        synchronized (failed) {
            return List.copyOf(failed);
        }
    }

    long count() {
        return (long) failedTotal.count();
    }

    long held() {
        DurableSpool<T> d = dead;
        return d == null ? 0 : d.size();
    }

    void close() throws IOException {
        DurableSpool<T> d = dead;
        if (d != null) {
            d.close();
        }
    }
}
