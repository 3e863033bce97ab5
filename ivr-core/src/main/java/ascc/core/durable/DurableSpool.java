package ascc.core.durable;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
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

    /** Closes the active journal; the next append starts a new one. */
    public synchronized void close() throws IOException {
        closeActive();
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
