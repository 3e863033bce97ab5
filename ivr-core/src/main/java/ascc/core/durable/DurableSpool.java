package ascc.core.durable;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A local durable spool of items the database could not take: append-only journal files
 * ({@code <prefix>-<millis>-<seq>.journal}) in one directory, one item per line ({@link Codec}), {@code fsync}ed per appended
 * batch.
 *
 * <p>A line without its LF (crash mid-write) or that the codec cannot read (bad checksum, bad value) is skipped with a log
 * line naming file and line; the journal's good items are still replayed and the file is then kept as {@code .corrupt} for an
 * admin instead of deleted. Every {@code *.journal} file of the directory is replayed, whatever its prefix.
 *
 * <p>Replay ({@link #replay}) reads the journals oldest first (by name) and hands their items to the caller in batches; a
 * journal is deleted only after every item of it was accepted. The caller writes idempotently (upsert by key), so a replay
 * repeated after a crash between the write and the delete cannot double an item. Every method is synchronized.
 *
 * @param <T> what is spooled
 */
public class DurableSpool<T> {
    private static final Logger LOG = LoggerFactory.getLogger(DurableSpool.class);
    static final String SUFFIX = ".journal";
    static final String CORRUPT_SUFFIX = ".corrupt";
    /** Write-ahead segments: every item submitted, fsynced before its submitter is answered, deleted once all are settled. */
    static final String AHEAD_SUFFIX = ".wal";
    /** The subdirectory of a spool holding its dead letters: items the database refused for good ({@code ivr deadletter}). */
    public static final String DEAD_LETTERS = "dead-letters";
    /** Most items in one write-ahead segment before the next append starts a new one. */
    static final int AHEAD_SEGMENT_ITEMS = 10_000;

    /** Takes one batch of replayed items; false (or an exception) stops the replay, keeping the journal. */
    @FunctionalInterface
    public interface BatchWriter<T> {
        boolean write(List<T> items);
    }

    /**
     * What a replay did.
     *
     * @param written items handed over and accepted
     * @param corrupt lines skipped as unreadable
     * @param complete true when the spool is empty now
     */
    public record ReplayResult(long written, long corrupt, boolean complete) {
    }

    private final Path dir;
    private final String prefix;
    private final Codec<T> codec;
    private final String noun;
    private final AtomicLong records = new AtomicLong();
    private FileChannel active;
    private Path activePath;
    private long seq;
    /** Write-ahead segments, oldest first; guarded by {@link #aheadLock} (never by this spool's monitor). */
    private final Deque<Segment> ahead = new ArrayDeque<>();
    private final Object aheadLock = new Object();
    private long aheadSeq;
    /** Items appended ahead so far, and the segments' channels written since the last force; guarded by aheadLock. */
    private long appendedAhead;
    private final List<FileChannel> unforced = new ArrayList<>();
    /** One force at a time ({@link #forceAhead}); the items appended up to forcedAhead are on disk. */
    private final ReentrantLock forceLock = new ReentrantLock();
    private long forcedAhead;
    private long forces;

    /** One write-ahead segment: items appended to it and, of those, settled (written, spooled or dead-lettered). */
    private static final class Segment {
        final Path path;
        final FileChannel channel;
        long appended;
        long settled;

        Segment(Path path, FileChannel channel) {
            this.path = path;
            this.channel = channel;
        }
    }

    /**
     * Opens (creating) the directory and counts what earlier runs left in it.
     *
     * @param prefix the start of the names of the journals this spool writes
     * @param noun what the items are, plural, for logs ({@code "call records"})
     */
    public DurableSpool(Path dir, String prefix, Codec<T> codec, String noun) throws IOException {
        this.dir = dir;
        this.prefix = prefix;
        this.codec = codec;
        this.noun = noun;
        Files.createDirectories(dir);
        recoverAhead(dir);
        long n = 0;
        for (Path p : journals()) {
            n += lineCount(Files.readAllBytes(p));
        }
        records.set(n);
        if (n > 0) {
            LOG.info("{} spool {} holds {} items from an earlier run; they are replayed when the database answers", noun, dir, n);
        }
    }

    public Path dir() {
        return dir;
    }

    /** Items in the spool, not yet written to the database (corrupt lines included until their journal is replayed). */
    public long size() {
        return records.get();
    }

    public synchronized boolean isEmpty() {
        return records.get() == 0;
    }

    /** Appends the items to the active journal and forces them to disk before returning. */
    public synchronized void append(List<T> batch) throws IOException {
        if (batch.isEmpty()) {
            return;
        }
        StringBuilder sb = new StringBuilder();
        for (T item : batch) {
            sb.append(codec.encode(item)).append('\n');
        }
        if (active == null) {
            activePath = dir.resolve(prefix + "-" + System.currentTimeMillis() + "-" + String.format("%06d", seq++) + SUFFIX);
            active = FileChannel.open(activePath, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        }
        ByteBuffer buf = ByteBuffer.wrap(sb.toString().getBytes(StandardCharsets.UTF_8));
        while (buf.hasRemaining()) {
            active.write(buf);
        }
        active.force(false);
        records.addAndGet(batch.size());
    }

    /**
     * Replays every journal, oldest first, in batches of at most {@code batchSize}. Stops at the first batch the writer does not
     * accept; that journal stays (and is replayed from its start next time).
     */
    public synchronized ReplayResult replay(int batchSize, BatchWriter<T> writer) throws IOException {
        closeActive();
        long written = 0;
        long corrupt = 0;
        for (Path p : journals()) {
            byte[] bytes = Files.readAllBytes(p);
            String text = new String(bytes, StandardCharsets.UTF_8);
            List<T> good = new ArrayList<>();
            int lines = 0;
            int bad = 0;
            int start = 0;
            while (start < text.length()) {
                int end = text.indexOf('\n', start);
                lines++;
                String line = end < 0 ? text.substring(start) : text.substring(start, end);
                if (end < 0) {
                    bad++;
                    LOG.warn("{} spool {}:{}: truncated last line (no line end, crash mid-write?), skipped", noun, p, lines);
                } else {
                    try {
                        good.add(codec.decode(line));
                    } catch (IllegalArgumentException e) {
                        bad++;
                        LOG.warn("{} spool {}:{}: unreadable line skipped: {}", noun, p, lines, e.getMessage());
                    }
                }
                start = end < 0 ? text.length() : end + 1;
            }
            for (int i = 0; i < good.size(); i += batchSize) {
                List<T> chunk = List.copyOf(good.subList(i, Math.min(good.size(), i + batchSize)));
                if (!writer.write(chunk)) {
                    return new ReplayResult(written, corrupt, false);
                }
                written += chunk.size();
            }
            corrupt += bad;
            if (bad > 0) {
                Path kept = p.resolveSibling(p.getFileName() + CORRUPT_SUFFIX);
                Files.move(p, kept, StandardCopyOption.REPLACE_EXISTING);
                LOG.warn("{} spool {}: {} good items written, {} unreadable lines; journal kept as {}", noun, p, good.size(), bad, kept);
            } else {
                Files.delete(p);
            }
            records.addAndGet(-lines);
            LOG.info("{} spool: replayed {} ({} items)", noun, p.getFileName(), good.size());
        }
        return new ReplayResult(written, corrupt, true);
    }

    /** The dead letters of this spool: a spool of its own in {@value #DEAD_LETTERS}, same codec. */
    public DurableSpool<T> deadLetters() throws IOException {
        return new DurableSpool<>(dir.resolve(DEAD_LETTERS), prefix + "-dead", codec, noun + " (dead letters)");
    }

    /** Every readable item in the journals, oldest first, without removing them (unreadable lines are skipped). */
    public synchronized List<T> items() throws IOException {
        List<T> out = new ArrayList<>();
        for (Path p : journals()) {
            for (String line : Files.readAllLines(p, StandardCharsets.UTF_8)) {
                try {
                    out.add(codec.decode(line));
                } catch (IllegalArgumentException e) {
                    LOG.warn("{} spool {}: unreadable line skipped: {}", noun, p, e.getMessage());
                }
            }
        }
        return out;
    }

    /** Counts the journals again: journals put in the directory from outside ({@code ivr deadletter replay}) are found. */
    public synchronized void rescan() throws IOException {
        long n = 0;
        for (Path p : journals()) {
            n += lineCount(Files.readAllBytes(p));
        }
        records.set(n);
    }

    /**
     * Moves every dead-letter journal of the spool in {@code spoolDir} back into it, where the writer replays it (at once in a
     * running engine, which rescans its spool; else at the next start). Returns how many journals were moved.
     */
    public static int requeueDeadLetters(Path spoolDir) throws IOException {
        Path dead = spoolDir.resolve(DEAD_LETTERS);
        if (!Files.isDirectory(dead)) {
            return 0;
        }
        List<Path> files;
        try (Stream<Path> s = Files.list(dead)) {
            files = s.filter(p -> p.getFileName().toString().endsWith(SUFFIX)).sorted().toList();
        }
        for (Path p : files) {
            Files.move(p, spoolDir.resolve(p.getFileName()), StandardCopyOption.ATOMIC_MOVE);
        }
        return files.size();
    }

    /** Closes the active journal (the next append starts a new one) and the write-ahead segments (deleting settled ones). */
    public synchronized void close() throws IOException {
        closeActive();
        synchronized (aheadLock) {
            for (Segment s : ahead) {
                s.channel.close();
                if (s.settled >= s.appended) {
                    Files.deleteIfExists(s.path);
                }
            }
            ahead.clear();
        }
    }

    /**
     * Appends one item to the write-ahead journal, not yet forced to disk. The caller appends in its queue's order (so
     * {@link #settleAhead} can count from the oldest), then calls {@link #forceAhead} with the returned ticket outside any
     * lock of its own.
     *
     * @return the ticket to force: this item's place in the order of appends
     */
    public long appendAhead(T item) throws IOException {
        byte[] line = (codec.encode(item) + "\n").getBytes(StandardCharsets.UTF_8);
        synchronized (aheadLock) {
            Segment s = ahead.peekLast();
            if (s != null && s.appended >= AHEAD_SEGMENT_ITEMS) {
                s = null; // full: the next segment; this one is closed and deleted once all its items are settled
            }
            if (s == null) {
                Path p = dir.resolve(prefix + "-" + System.currentTimeMillis() + "-w" + String.format("%06d", aheadSeq++) + AHEAD_SUFFIX);
                s = new Segment(p, FileChannel.open(p, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, StandardOpenOption.APPEND));
                ahead.addLast(s);
            }
            ByteBuffer buf = ByteBuffer.wrap(line);
            while (buf.hasRemaining()) {
                s.channel.write(buf);
            }
            s.appended++;
            if (unforced.isEmpty() || unforced.get(unforced.size() - 1) != s.channel) {
                unforced.add(s.channel);
            }
            return ++appendedAhead;
        }
    }

    /**
     * Returns once the item of {@code ticket} (and every item appended before it) is on disk: group commit. One submitter
     * at a time forces; it forces everything appended up to the moment it starts (every segment written since the last
     * force), so submitters that arrive while an fsync runs wait for it and then find their items forced by the next one
     * (one fsync for all of them) or by the one they waited for (none of their own). Nothing waits for company: a lone
     * submitter forces at once. Appends never wait for a force ({@link #aheadLock} is not held across the fsync).
     *
     * @throws IOException the force failed: the item may not be on disk (the next force tries its segment again)
     */
    public void forceAhead(long ticket) throws IOException {
        forceLock.lock(); // held across the fsync on purpose: waiting for the running fsync is what a submitter must do
        try {
            if (forcedAhead >= ticket) {
                return; // a force that started after this item's append has finished
            }
            long upTo;
            List<FileChannel> channels;
            synchronized (aheadLock) {
                upTo = appendedAhead;
                channels = List.copyOf(unforced);
                unforced.clear();
            }
            try {
                for (FileChannel c : channels) {
                    force(c);
                }
            } catch (IOException e) {
                synchronized (aheadLock) {
                    for (FileChannel c : channels) {
                        if (!unforced.contains(c)) {
                            unforced.add(c);
                        }
                    }
                }
                throw e;
            }
            forcedAhead = upTo;
            forces++;
        } finally {
            forceLock.unlock();
        }
    }

    /** Forces done by {@link #forceAhead} (fsync rounds, each covering one or more items): for tests and benchmarks. */
    long aheadForces() {
        forceLock.lock();
        try {
            return forces;
        } finally {
            forceLock.unlock();
        }
    }

    /** Forces a write-ahead segment's channel. A segment closed meanwhile had every item settled: nothing to force. */
    private static void force(FileChannel channel) throws IOException {
        try {
            channel.force(false);
        } catch (ClosedChannelException e) {
            // closed only once every item in it was settled (in the database, the spool or the dead letters)
        }
    }

    /**
     * The oldest {@code n} items appended ahead are settled: segments wholly settled are closed and deleted (a submitter still
     * forcing one finds it closed: its item is settled, there is nothing to force).
     */
    public void settleAhead(long n) {
        synchronized (aheadLock) {
            long left = n;
            for (Segment s : ahead) {
                if (left == 0) {
                    break;
                }
                long take = Math.min(left, s.appended - s.settled);
                s.settled += take;
                left -= take;
            }
            while (!ahead.isEmpty() && ahead.peekFirst().settled >= ahead.peekFirst().appended) {
                Segment s = ahead.removeFirst();
                try {
                    s.channel.close();
                    Files.deleteIfExists(s.path);
                } catch (IOException e) {
                    LOG.warn("{} write-ahead segment {} settled but not deleted; it is replayed (idempotently) at the next start",
                        noun, s.path, e);
                }
            }
        }
    }

    /** Items appended ahead and not settled yet. */
    public long unsettledAhead() {
        synchronized (aheadLock) {
            long n = 0;
            for (Segment s : ahead) {
                n += s.appended - s.settled;
            }
            return n;
        }
    }

    /**
     * Write-ahead segments left by an earlier run (a crash, a kill -9) become journals of this spool: their items are replayed
     * like spooled ones (idempotently: some were written already).
     */
    private void recoverAhead(Path dir) throws IOException {
        List<Path> left;
        try (Stream<Path> s = Files.list(dir)) {
            left = s.filter(p -> p.getFileName().toString().endsWith(AHEAD_SUFFIX)).sorted().toList();
        }
        for (Path p : left) {
            String name = p.getFileName().toString();
            Path to = p.resolveSibling(name.substring(0, name.length() - AHEAD_SUFFIX.length()) + SUFFIX);
            if (Files.size(p) == 0) {
                Files.delete(p);
                continue;
            }
            Files.move(p, to, StandardCopyOption.ATOMIC_MOVE);
            LOG.warn("{} write-ahead journal {} left by an earlier run (stopped without closing); replayed as {}", noun, p,
                to.getFileName());
        }
    }

    private void closeActive() throws IOException {
        if (active != null) {
            try {
                active.close();
            } finally {
                active = null;
                activePath = null;
            }
        }
    }

    /** Lines, counting a last line without its line end (bytes, so a multi-byte character cut by a crash cannot fail it). */
    private static long lineCount(byte[] bytes) {
        long n = 0;
        for (byte b : bytes) {
            if (b == '\n') {
                n++;
            }
        }
        return bytes.length > 0 && bytes[bytes.length - 1] != '\n' ? n + 1 : n;
    }

    private List<Path> journals() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(SUFFIX)).sorted().toList();
        }
    }
}
