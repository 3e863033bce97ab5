package ascc.core.overflow;

import ascc.core.callbacks.CallbackRequest;
import ascc.core.callbacks.CallbackRequestCodec;
import ascc.core.callbacks.CallbackStore;
import ascc.core.durable.DurableSpool;
import ascc.core.durable.DurableWriter;
import ascc.core.metrics.Metrics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The write-ahead journal of overflow callback bookings ({@link OverflowCallbacks}, issue #12): a booking is appended to
 * {@code <spool-dir>/}{@value #SPOOL_SUBDIR} (fsynced) before the caller is told it is booked; the
 * {@code overflow-callback-writer} thread inserts it into {@code callback_request} (unique linked id, so a replay
 * inserts nothing twice). The writer only stores: it never places or dials.
 */
public final class OverflowCallbackJournal {
    private static final Logger LOG = LoggerFactory.getLogger(OverflowCallbackJournal.class);
    /** The overflow bookings' journal: {@code <spool-dir>/overflow-callbacks}. */
    public static final String SPOOL_SUBDIR = "overflow-callbacks";
    /** What the writer carries. */
    public static final DurableWriter.Kind<CallbackRequest> KIND = new DurableWriter.Kind<>("overflow callback bookings",
            "overflow-callback-writer", CallbackRequest::linkedId, CallbackRequest::number, "callback_request");
    private static final DurableWriter.Settings SETTINGS = new DurableWriter.Settings(50, Duration.ofMillis(5),
            Duration.ofMillis(100), Duration.ofSeconds(5), 100_000, 5, Duration.ofSeconds(10));

    /** How long a booking waits for its row before it is placed anyway (an outage: the journal keeps it). */
    private static final Duration STORE_WAIT = Duration.ofSeconds(2);

    private OverflowCallbackJournal() {
    }

    /**
     * Books {@code r}: journaled (fsynced) in {@code bookings} and then stored by the writer, waiting up to 2 s for the row
     * so that the status updates of its dialing find it (during an outage it is placed anyway: the journal keeps it). False
     * when it must not be placed (stored already without a journal, or refused by the journal: logged). Without a journal
     * ({@code bookings} null: tests) it is inserted into {@code store} directly.
     */
    static boolean book(CallbackStore store, DurableWriter<CallbackRequest> bookings, CallbackRequest r, Instant now) {
        if (bookings == null) {
            try {
                if (!store.insert(r, now)) {
                    LOG.warn("callback for call {} was stored already; not placed twice", r.linkedId());
                    return false;
                }
            } catch (SQLException e) {
                LOG.error("callback accepted but not stored ({}); placing it anyway", r, e);
            }
            return true;
        }
        if (!bookings.submit(r)) {
            LOG.error("callback accepted but not journaled (journal or writer refused it); not placed: {}", r);
            return false;
        }
        try {
            if (!bookings.flush(STORE_WAIT)) {
                LOG.warn("callback for call {} journaled, not stored yet (database away?); placing it, it is stored when the"
                        + " database answers", r.linkedId());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return true;
    }

    /** The bookings' journal in {@code spoolDir/}{@value #SPOOL_SUBDIR}. */
    public static DurableSpool<CallbackRequest> spool(Path spoolDir) throws IOException {
        return new DurableSpool<>(spoolDir.resolve(SPOOL_SUBDIR), "overflow-callbacks", CallbackRequestCodec.INSTANCE, KIND.noun());
    }

    /**
     * The bookings' writer over the journal in {@code spoolDir}, storing into {@code store} (insert only, idempotent by linked
     * id: a replay neither doubles the row nor dials). It replays what a previous run left at once.
     */
    public static DurableWriter<CallbackRequest> writer(CallbackStore store, Path spoolDir, Metrics metrics, Clock clock) {
        DurableSpool<CallbackRequest> spool;
        try {
            spool = spool(spoolDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the overflow callbacks' journal in " + spoolDir.resolve(SPOOL_SUBDIR), e);
        }
        DurableWriter.Sink<CallbackRequest> sink = requests -> {
            for (CallbackRequest r : requests) {
                if (!store.insert(r, clock.instant())) {
                    LOG.info("overflow callback for call {} was stored already (replayed)", r.linkedId());
                }
            }
        };
        return new DurableWriter<>(KIND, sink, spool, metrics, clock, SETTINGS, d -> Thread.sleep(d.toMillis()));
    }

}
