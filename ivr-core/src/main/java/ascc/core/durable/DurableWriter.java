package ascc.core.durable;

import ascc.core.db.DbErrorKind;
import ascc.core.db.DbErrors;
import ascc.core.metrics.Metrics;
import ascc.routing.Phones;
import java.io.IOException;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes items (call records, CDR legs, callback bookings) to the database off the call path. {@link #submit} queues the
 * item; with a spool it is first in the spool's write-ahead journal, on disk, when submit returns (else in memory only);
 * the writer's thread ({@link Kind#thread()}) takes batches (up to {@link Settings#batchSize()} records, or what
 * arrived within {@link Settings#linger()}) and upserts them.
 *
 * <p>On a database error the batch is classified ({@link DbErrors}): retriable errors (outage, timeout) are retried with
 * exponential backoff, forever, keeping order and losing nothing; a fatal error (constraint, data too long) makes the writer
 * retry the batch one record at a time so the bad record is isolated, logged with its key and kept ({@link DeadLetters});
 * errors of unknown kind are retried {@link Settings#unknownErrorAttempts()} times, then treated as fatal.
 * Because the sink writes idempotently (upsert by key), a batch retried after a commit whose answer was lost does not duplicate rows.
 *
 * <p>{@link #close(Duration)} (on SIGTERM) stops taking records, writes what is queued, then stops; records still unwritten
 * when the time is up are logged by key.
 *
 * <p>With a {@link DurableSpool}, batches the database cannot take for {@link Settings#spoolAfter()} go to disk and are
 * replayed at the next start and when the database answers again; write-ahead segments a crash left are replayed with
 * them. The meters keep the call records' names.
 *
 * @param <T> what is written
 */
public class DurableWriter<T> implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DurableWriter.class);
    static final int MAX_FAILED_KEPT = 1000;
    private static final long SLICE_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

    /**
     * Tuning of the writer.
     *
     * @param batchSize most records per upsert
     * @param linger how long a batch waits for more records after its first
     * @param initialBackoff first wait after a retriable error
     * @param maxBackoff longest wait between retries
     * @param queueCapacity most records queued in memory; beyond it {@link #submit} refuses (and counts) the record
     * @param unknownErrorAttempts tries for an error of unknown kind before it is treated as fatal
     * @param spoolAfter with a spool: how long (summed retry waits) a retriable error is retried before the batch goes to the
     *     spool; the spool is also retried (replayed) every {@code maxBackoff} while it holds records
     */
    public record Settings(int batchSize, Duration linger, Duration initialBackoff, Duration maxBackoff, int queueCapacity,
                           int unknownErrorAttempts, Duration spoolAfter) {
        /** Settings with the default spool window of 10 s. */
        public Settings(int batchSize, Duration linger, Duration initialBackoff, Duration maxBackoff, int queueCapacity,
                int unknownErrorAttempts) {
            this(batchSize, linger, initialBackoff, maxBackoff, queueCapacity, unknownErrorAttempts, Duration.ofSeconds(10));
        }

        public Settings {
            Objects.requireNonNull(spoolAfter, "spoolAfter");
            if (batchSize < 1 || queueCapacity < 1 || unknownErrorAttempts < 1) {
                throw new IllegalArgumentException("batchSize, queueCapacity and unknownErrorAttempts must be >= 1 (batchSize="
                    + batchSize + ", queueCapacity=" + queueCapacity + ", unknownErrorAttempts=" + unknownErrorAttempts + ")");
            }
            Objects.requireNonNull(linger, "linger");
            Objects.requireNonNull(initialBackoff, "initialBackoff");
            Objects.requireNonNull(maxBackoff, "maxBackoff");
        }

        public static Settings defaults() {
            return new Settings(500, Duration.ofMillis(200), Duration.ofMillis(100), Duration.ofSeconds(5), 100_000, 5);
        }
    }

    /** Waits between retries; tests pass one that records the waits instead of sleeping. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration d) throws InterruptedException;
    }

    /**
     * What a writer carries, for its thread and logs.
     *
     * @param noun the items, plural ({@code "call records"})
     * @param thread the writer thread's name
     * @param key an item's key in logs (the linkedid)
     * @param secret the part of an item never logged unmasked (a caller's number; null when none)
     * @param table the {@code writer} tag of this writer's meters (the table written: {@code call_record}, {@code asterisk_call}),
     *     so that writers share one registry
     */
    public record Kind<T>(String noun, String thread, Function<? super T, String> key, Function<? super T, String> secret,
                          String table) {
        public Kind {
            Objects.requireNonNull(table, "table");
            Objects.requireNonNull(noun, "noun");
            Objects.requireNonNull(thread, "thread");
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(secret, "secret");
        }
    }

    /**
     * A record the database refused for good.
     *
     * @param record the record (its toString masks the caller)
     * @param error the database's message
     * @param at when it was given up
     */
    public record Failed<T>(T record, String error, Instant at) {
    }

    /** What the writer does with a batch: an idempotent upsert, all or none. */
    @FunctionalInterface
    public interface Sink<T> {
        void upsert(List<T> records) throws SQLException;
    }

    private final Kind<T> kind;
    private final Sink<T> sink;
    private final DurableSpool<T> spool;
    private final Settings settings;
    private final Clock clock;
    private final Sleeper sleeper;
    private final BlockingQueue<T> queue;
    private final Thread thread;
    private final WriterMeters meters;
    /** Records refused for good: in memory and in the spool's dead letters ({@code ivr deadletter list|replay}). */
    private final DeadLetters<T> deadLetters;
    private long nextRescanNanos;
    private volatile List<T> inHand = List.of();
    private long nextReplayNanos;
    private final AtomicLong submitted = new AtomicLong();
    private final AtomicLong settled = new AtomicLong();
    private final AtomicInteger flushWaiters = new AtomicInteger();
    private final Object progress = new Object();
    private final Object submitLock = new Object();
    private volatile boolean closing;
    private volatile boolean abandon;
    private volatile int unwrittenInHand;

    /**
     * @param spool where batches go when the database stays away longer than {@link Settings#spoolAfter()}; replayed at start
     *     and when the database answers again. Null: records wait in memory (and are lost if the process stops).
     */
    // this-escape: the gauges and the writer thread see this before a subclass constructor ends; the one subclass,
    // CallRecordWriter, is final and adds no state (it only names its Kind), so there is nothing left to initialize
    @SuppressWarnings("this-escape")
    public DurableWriter(Kind<T> kind, Sink<T> sink, DurableSpool<T> spool, Metrics metrics, Clock clock, Settings settings,
            Sleeper sleeper) {
        this.kind = Objects.requireNonNull(kind, "kind");
        this.sink = sink;
        this.spool = spool;
        this.settings = settings;
        this.clock = clock;
        this.sleeper = sleeper;
        this.queue = new LinkedBlockingQueue<>(settings.queueCapacity());
        String w = kind.table();
        this.meters = WriterMeters.register(metrics, w, this::pending, () -> spool == null ? 0 : spool.size());
        this.deadLetters = new DeadLetters<>(spool, kind, metrics, clock, w);
        this.thread = Thread.ofPlatform().name(kind.thread()).daemon(false).unstarted(this::run);
        this.thread.start();
    }

    /**
     * Queues a record. With a spool, the record is first appended to the spool's write-ahead journal and forced to disk
     * (group commit: submitters that arrive while an fsync runs share the next one, see
     * {@link DurableSpool#forceAhead}): when this returns true the record survives a database outage of any length
     * and a kill -9, and it is safe to tell the caller it is booked. Without a spool it returns at once (memory only).
     * False (logged, counted) when the writer is closed, the queue is full or the journal cannot be written.
     */
    public boolean submit(T record) {
        Objects.requireNonNull(record, "record");
        long ticket = 0;
        synchronized (submitLock) {
            // only submitters add to the queue, all under this lock: the journal's order is the queue's, and a free place
            // now is still free at the add below. The lock covers the append, not the fsync.
            String refusal = closing ? "writer is closed"
                : queue.remainingCapacity() == 0 ? queue.size() + " queued already: database down too long?" : null;
            if (refusal == null && spool != null) {
                try {
                    ticket = spool.appendAhead(record);
                } catch (IOException e) {
                    refusal = "cannot append it to the write-ahead journal in " + spool.dir() + ": " + e;
                }
            }
            if (refusal != null) {
                meters.refused().increment();
                LOG.error("{}: one refused, {} (key={})", kind.noun(), refusal, kind.key().apply(record));
                return false;
            }
            submitted.incrementAndGet();
            queue.add(record);
        }
        try {
            if (spool != null) {
                spool.forceAhead(ticket);
            }
            return true;
        } catch (IOException e) {
            LOG.error("{}: journal {} not forced to disk; the record is queued but only in memory until written (key={})",
                kind.noun(), spool.dir(), kind.key().apply(record), e);
            return false;
        }
    }

    /**
     * Stops the writer's thread as a kill -9 would: no write, no spool, no close of the journals; what it held is only in the
     * write-ahead journal, replayed by the next writer opened on the same directory. For tests.
     */
    void crash() {
        abandon = true;
        closing = true;
        thread.interrupt();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Records queued or being written. */
    public long pending() {
        // from the counters, not queue size + batch size: those change in two steps and could be read between them
        return Math.max(0, submitted.get() - settled.get());
    }

    /** Records refused by the database for good (most recent {@value #MAX_FAILED_KEPT}). */
    public List<Failed<T>> failed() {
        return deadLetters.recent();
    }

    public long failedCount() {
        return deadLetters.count();
    }

    public long writtenCount() {
        return (long) meters.written().count();
    }

    /** Records put in the spool since start (some may have been replayed since). */
    public long spooledCount() {
        return (long) meters.spooled().count();
    }

    /** Records in the spool now; 0 without a spool. */
    public long spoolSize() {
        return spool == null ? 0 : spool.size();
    }

    /**
     * Waits until every record submitted before this call is written or given up as failed.
     *
     * @return true if so within {@code timeout}
     */
    public boolean flush(Duration timeout) throws InterruptedException {
        long target = submitted.get();
        long deadline = System.nanoTime() + timeout.toNanos();
        flushWaiters.incrementAndGet();
        try {
            synchronized (progress) {
                while (settled.get() < target) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0 || !thread.isAlive()) {
                        return settled.get() >= target;
                    }
                    TimeUnit.NANOSECONDS.timedWait(progress, left);
                }
                return true;
            }
        } finally {
            flushWaiters.decrementAndGet();
        }
    }

    /**
     * Stops taking records, writes what is queued (waiting up to {@code timeout}), then stops the thread.
     *
     * @return how many records were left unwritten (0 unless the database stayed down); they are logged by linked id
     */
    public int close(Duration timeout) {
        closing = true;
        try {
            thread.join(Math.max(1, timeout.toMillis()));
            if (thread.isAlive()) {
                abandon = true;
                thread.interrupt();
                thread.join(TimeUnit.SECONDS.toMillis(5));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            abandon = true;
            thread.interrupt();
        }
        // without a spool the batch in hand is counted by unwrittenInHand (and was logged by the writer thread)
        List<T> left = new ArrayList<>(spool == null ? List.of() : inHand);
        queue.drainTo(left);
        if (!left.isEmpty() && spool != null) {
            try {
                spool.append(left);
                meters.spooled().increment(left.size());
                settle(left.size());
                LOG.warn("{} stopped with {} {} unwritten; they are in the spool {} and written at the next start",
                    kind.thread(), left.size(), kind.noun(), spool.dir());
                left.clear();
                unwrittenInHand = 0;
            } catch (IOException e) {
                LOG.error("cannot spool {} unwritten {} to {} at shutdown", left.size(), kind.noun(), spool.dir(), e);
            }
        }
        closeSpool();
        if (!left.isEmpty()) {
            LOG.error("{} stopped with {} queued {} unwritten after {} ms (keys={})", kind.thread(), left.size(), kind.noun(),
                timeout.toMillis(), keys(left));
        } else {
            LOG.info("{} stopped ({} {} written, {} failed)", kind.thread(), writtenCount(), kind.noun(), failedCount());
        }
        return left.size() + (spool == null ? unwrittenInHand : 0);
    }

    private void closeSpool() {
        if (spool == null) {
            return;
        }
        try {
            deadLetters.close();
            spool.close();
        } catch (IOException e) {
            LOG.warn("closing {} spool {} failed", kind.noun(), spool.dir(), e);
        }
    }

    @Override // close(Duration) with 10 s
    public void close() {
        close(Duration.ofSeconds(10));
    }

    private void run() {
        List<T> batch = new ArrayList<>(settings.batchSize());
        try {
            if (spool != null && !spool.isEmpty()) {
                replaySpool();
            }
            while (!abandon) {
                T first = queue.poll(Math.min(settings.linger().toNanos(), SLICE_NANOS), TimeUnit.NANOSECONDS);
                if (first == null) {
                    if (spool != null && !spool.isEmpty() && System.nanoTime() - nextReplayNanos >= 0) {
                        replaySpool();
                    } else if (spool != null && spool.isEmpty() && System.nanoTime() - nextRescanNanos >= 0) {
                        rescanSpool();
                    }
                    if (closing && queue.isEmpty()) {
                        return;
                    }
                    continue;
                }
                batch.add(first);
                fill(batch);
                write(batch);
                batch.clear();
            }
        } catch (InterruptedException e) {
            if (!abandon) {
                LOG.error("{} interrupted with {} {} in hand and {} queued", kind.thread(), batch.size(), kind.noun(), queue.size(), e);
            }
            Thread.currentThread().interrupt();
        } catch (RuntimeException | Error e) {
            LOG.error("{} died with {} {} in hand and {} queued", kind.thread(), batch.size(), kind.noun(), queue.size(), e);
            throw e;
        } finally {
            unwrittenInHand = batch.size();
            inHand = List.copyOf(batch);
            if (!batch.isEmpty()) {
                LOG.error("{} stopped with a batch of {} unwritten (keys={})", kind.thread(), kind.noun(), keys(batch));
            }
            synchronized (progress) {
                progress.notifyAll();
            }
        }
    }

    private void fill(List<T> batch) throws InterruptedException {
        long deadline = System.nanoTime() + settings.linger().toNanos();
        while (batch.size() < settings.batchSize()) {
            queue.drainTo(batch, settings.batchSize() - batch.size());
            if (batch.size() >= settings.batchSize() || closing || flushWaiters.get() > 0) {
                return;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return;
            }
            // short slices, so close() and flush() do not wait out the linger
            T next = queue.poll(Math.min(left, SLICE_NANOS), TimeUnit.NANOSECONDS);
            if (next != null) {
                batch.add(next);
            }
        }
    }

    /** Writes the batch, retrying and isolating as described on the class. Returns when every record is written or failed. */
    private void write(List<T> batch) throws InterruptedException {
        if (spool != null && !spool.isEmpty() && (System.nanoTime() - nextReplayNanos < 0 || !replaySpool()) && toSpool(batch)) {
            // the spool first, so records reach the database in order; while it cannot be emptied new records join it
            return;
        }
        Duration waited = Duration.ZERO;
        List<T> pending = batch;
        boolean oneByOne = false;
        int unknownAttempts = 0;
        int retriableAttempts = 0;
        Duration backoff = settings.initialBackoff();
        while (!pending.isEmpty()) {
            List<T> chunk = oneByOne ? pending.subList(0, 1) : pending;
            int n = chunk.size();
            try {
                sink.upsert(List.copyOf(chunk));
                if (retriableAttempts > 0) {
                    LOG.info("database writable again after {} retries; {} {} written", retriableAttempts, n, kind.noun());
                }
                meters.written().increment(n);
                settle(n);
                chunk.clear();
                retriableAttempts = 0;
                unknownAttempts = 0;
                backoff = settings.initialBackoff();
                continue;
            } catch (SQLException e) {
                meters.dbErrors().increment();
                DbErrorKind kind = DbErrors.classify(e);
                if (kind == DbErrorKind.UNKNOWN && ++unknownAttempts >= settings.unknownErrorAttempts()) {
                    kind = DbErrorKind.FATAL;
                }
                if (kind == DbErrorKind.FATAL) {
                    if (n > 1) {
                        LOG.warn("batch of {} {} refused ({}); writing them one by one to find the bad one", n, this.kind.noun(),
                            scrub(e.toString(), chunk));
                        oneByOne = true;
                    } else {
                        giveUp(chunk.get(0), e, true);
                        chunk.clear();
                    }
                    unknownAttempts = 0;
                    continue;
                }
                retriableAttempts++;
                if (retriableAttempts == 1 || retriableAttempts % 10 == 0) {
                    LOG.warn("cannot write {} {} ({} more queued), retry {} in {} ms: {}", n, this.kind.noun(), queue.size(),
                        retriableAttempts, backoff.toMillis(), e.toString());
                }
            } catch (RuntimeException e) {
                // a bug in the sink, not the database: keep the records, back off, and say so loudly
                meters.dbErrors().increment();
                retriableAttempts++;
                LOG.error("unexpected error writing {} {} (first key={}), retry {} in {} ms", n, kind.noun(),
                    kind.key().apply(chunk.get(0)), retriableAttempts, backoff.toMillis(), e);
            }
            if (spool != null && (closing || waited.compareTo(settings.spoolAfter()) >= 0) && toSpool(pending)) {
                return;
            }
            if (abandon) {
                throw new InterruptedException("abandoned with " + pending.size() + " records unwritten");
            }
            sleeper.sleep(backoff);
            waited = waited.plus(backoff);
            backoff = backoff.multipliedBy(2).compareTo(settings.maxBackoff()) > 0 ? settings.maxBackoff() : backoff.multipliedBy(2);
        }
    }

    /** Appends the records to the spool (and clears the list) or, if the disk fails, says so and returns false. */
    private boolean toSpool(List<T> records) {
        int n = records.size();
        try {
            spool.append(records);
        } catch (IOException e) {
            LOG.error("cannot spool {} {} to {}; keeping them in memory and retrying the database", n, kind.noun(), spool.dir(), e);
            return false;
        }
        meters.spooled().increment(n);
        LOG.warn("database away: {} {} spooled to {} ({} in the spool); written when it answers again", n, kind.noun(),
            spool.dir(), spool.size());
        records.clear();
        settle(n);
        return true;
    }

    /** Finds journals put in the spool from outside (dead letters requeued by {@code ivr deadletter replay}). */
    private void rescanSpool() {
        nextRescanNanos = System.nanoTime() + settings.maxBackoff().toNanos();
        try {
            spool.rescan();
        } catch (IOException e) {
            LOG.warn("cannot rescan {} spool {}", kind.noun(), spool.dir(), e);
        }
    }

    /** Tries once to write the spool to the database; true when the spool is empty now. */
    private boolean replaySpool() {
        nextReplayNanos = System.nanoTime() + settings.maxBackoff().toNanos();
        try {
            DurableSpool.ReplayResult r = spool.replay(settings.batchSize(), this::writeSpooled);
            if (r.written() > 0 || r.corrupt() > 0) {
                LOG.info("{} spool {}: {} written, {} unreadable lines skipped, {} left", kind.noun(), spool.dir(), r.written(),
                    r.corrupt(), spool.size());
            }
            return r.complete();
        } catch (IOException e) {
            LOG.error("cannot replay {} spool {} ({} in it)", kind.noun(), spool.dir(), spool.size(), e);
            return false;
        }
    }

    /** One try at spooled records: false when the database is still away; records it refuses for good are given up. */
    private boolean writeSpooled(List<T> records) {
        try {
            sink.upsert(records);
            meters.written().increment(records.size());
            return true;
        } catch (SQLException e) {
            meters.dbErrors().increment();
            if (DbErrors.classify(e) != DbErrorKind.FATAL) {
                LOG.debug("spool replay of {} records deferred, database still away: {}", records.size(), e.toString());
                return false;
            }
            if (records.size() == 1) {
                giveUp(records.get(0), e, false);
                return true;
            }
            for (T r : records) {
                if (!writeSpooled(List.of(r))) {
                    return false;
                }
            }
            return true;
        } catch (RuntimeException e) {
            meters.dbErrors().increment();
            LOG.error("unexpected error replaying {} spooled {} (first key={})", records.size(), kind.noun(),
                kind.key().apply(records.get(0)), e);
            return false;
        }
    }

    private void giveUp(T record, SQLException e, boolean settle) {
        String message = scrub(String.valueOf(e.getMessage()), List.of(record));
        LOG.error("{}: one refused by the database for good (key={}, sqlState={}, code={}): {}",
            kind.noun(), kind.key().apply(record), e.getSQLState(), e.getErrorCode(), message);
        deadLetters.keep(record, message);
        if (settle) {
            settle(1);
        }
    }

    /** Database messages may quote the refused value (H2 does): mask the callers' numbers in them. */
    String scrub(String message, List<T> records) {
        String out = message;
        for (T r : records) {
            String number = kind.secret().apply(r);
            if (number != null && number.length() >= 3) {
                out = out.replace(number, Phones.mask(number));
            }
        }
        return out;
    }

    private void settle(int n) {
        if (spool != null) {
            spool.settleAhead(n);
        }
        settled.addAndGet(n);
        synchronized (progress) {
            progress.notifyAll();
        }
    }

    private String keys(List<T> items) {
        return items.stream().map(kind.key()).collect(Collectors.joining(","));
    }
}
