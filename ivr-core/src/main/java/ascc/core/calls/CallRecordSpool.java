package ascc.core.calls;

import ascc.routing.calls.CallOutcome;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A local durable spool of call records the database could not take: append-only journal files
 * ({@code calls-<millis>-<seq>.journal}) in one directory, one record per line, {@code fsync}ed per appended batch.
 *
 * <p>Line format (version 1): {@code v1 TAB field1 TAB ... TAB field18 TAB crc32-hex LF}; fields in {@link CallRecord}
 * order, {@code \N} for null, backslash, tab, CR and LF escaped as {@code \\ \t \r \n}; instants ISO-8601, outcome by name.
 * The CRC covers everything before its tab. A line without its LF (crash mid-write), with a bad CRC or that does not parse
 * is skipped with a log line naming file and line; the journal's good records are still replayed and the file is then kept
 * as {@code .corrupt} for an admin instead of deleted.
 *
 * <p>Replay ({@link #replay}) reads the journals oldest first and hands their records to the caller in batches; a journal
 * is deleted only after every record of it was accepted. The caller upserts by linked id, so a replay repeated after a
 * crash between the write and the delete cannot double a record. Not thread-safe by itself: every method is synchronized.
 */
public final class CallRecordSpool {
    private static final Logger LOG = LoggerFactory.getLogger(CallRecordSpool.class);
    static final String SUFFIX = ".journal";
    static final String CORRUPT_SUFFIX = ".corrupt";
    private static final int FIELDS = 18;

    /** Takes one batch of replayed records; false (or an exception) stops the replay, keeping the journal. */
    @FunctionalInterface
    public interface BatchWriter {
        boolean write(List<CallRecord> records);
    }

    /**
     * What a replay did.
     *
     * @param written records handed over and accepted
     * @param corrupt lines skipped as unreadable
     * @param complete true when the spool is empty now
     */
    public record ReplayResult(long written, long corrupt, boolean complete) {
    }

    private final Path dir;
    private final AtomicLong records = new AtomicLong();
    private FileChannel active;
    private Path activePath;
    private long seq;

    /** Opens (creating) the directory and counts what earlier runs left in it. */
    public CallRecordSpool(Path dir) throws IOException {
        this.dir = dir;
        Files.createDirectories(dir);
        long n = 0;
        for (Path p : journals()) {
            n += lineCount(Files.readAllBytes(p));
        }
        records.set(n);
        if (n > 0) {
            LOG.info("call record spool {} holds {} records from an earlier run; they are replayed when the database answers", dir, n);
        }
    }

    public Path dir() {
        return dir;
    }

    /** Records in the spool, not yet written to the database (corrupt lines included until their journal is replayed). */
    public long size() {
        return records.get();
    }

    public synchronized boolean isEmpty() {
        return records.get() == 0;
    }

    /** Appends the records to the active journal and forces them to disk before returning. */
    public synchronized void append(List<CallRecord> batch) throws IOException {
        if (batch.isEmpty()) {
            return;
        }
        StringBuilder sb = new StringBuilder();
        for (CallRecord r : batch) {
            sb.append(encode(r)).append('\n');
        }
        if (active == null) {
            activePath = dir.resolve("calls-" + System.currentTimeMillis() + "-" + String.format("%06d", seq++) + SUFFIX);
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
    public synchronized ReplayResult replay(int batchSize, BatchWriter writer) throws IOException {
        closeActive();
        long written = 0;
        long corrupt = 0;
        for (Path p : journals()) {
            byte[] bytes = Files.readAllBytes(p);
            String text = new String(bytes, StandardCharsets.UTF_8);
            List<CallRecord> good = new ArrayList<>();
            int lines = 0;
            int bad = 0;
            int start = 0;
            while (start < text.length()) {
                int end = text.indexOf('\n', start);
                lines++;
                String line = end < 0 ? text.substring(start) : text.substring(start, end);
                if (end < 0) {
                    bad++;
                    LOG.warn("call record spool {}:{}: truncated last line (no line end, crash mid-write?), skipped", p, lines);
                } else {
                    try {
                        good.add(decode(line));
                    } catch (IllegalArgumentException e) {
                        bad++;
                        LOG.warn("call record spool {}:{}: unreadable line skipped: {}", p, lines, e.getMessage());
                    }
                }
                start = end < 0 ? text.length() : end + 1;
            }
            for (int i = 0; i < good.size(); i += batchSize) {
                List<CallRecord> chunk = List.copyOf(good.subList(i, Math.min(good.size(), i + batchSize)));
                if (!writer.write(chunk)) {
                    return new ReplayResult(written, corrupt, false);
                }
                written += chunk.size();
            }
            corrupt += bad;
            if (bad > 0) {
                Path kept = p.resolveSibling(p.getFileName() + CORRUPT_SUFFIX);
                Files.move(p, kept, StandardCopyOption.REPLACE_EXISTING);
                LOG.warn("call record spool {}: {} good records written, {} unreadable lines; journal kept as {}", p, good.size(), bad,
                        kept);
            } else {
                Files.delete(p);
            }
            records.addAndGet(-lines);
            LOG.info("call record spool: replayed {} ({} records)", p.getFileName(), good.size());
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

    // ------------------------------------------------------------------------------------ line format

    static String encode(CallRecord r) {
        String[] f = {r.linkedId(), r.uniqueId(), r.companyId(), r.category(), r.inquiryType(), r.deskId(), r.queueName(),
            r.agentId(), r.dialedNumber(), r.callerNumber(), str(r.enteredAt()), str(r.answeredAt()), str(r.endedAt()),
            str(r.waitMs()), str(r.talkMs()), r.outcome().name(), r.rule(), r.engineNode()};
        StringBuilder sb = new StringBuilder("v1");
        for (String s : f) {
            sb.append('\t').append(escape(s));
        }
        String crc = crc(sb.toString());
        return sb.append('\t').append(crc).toString();
    }

    /** Parses one line (without its line end); IllegalArgumentException says what is wrong with it. */
    static CallRecord decode(String line) {
        int lastTab = line.lastIndexOf('\t');
        if (lastTab < 0) {
            throw new IllegalArgumentException("no fields");
        }
        String body = line.substring(0, lastTab);
        if (!crc(body).equals(line.substring(lastTab + 1))) {
            throw new IllegalArgumentException("checksum mismatch");
        }
        String[] parts = body.split("\t", -1);
        if (parts.length != FIELDS + 1 || !"v1".equals(parts[0])) {
            throw new IllegalArgumentException("expected v1 and " + FIELDS + " fields, got " + parts.length + " parts");
        }
        String[] f = new String[FIELDS];
        for (int i = 0; i < FIELDS; i++) {
            f[i] = unescape(parts[i + 1]);
        }
        try {
            return new CallRecord(f[0], f[1], f[2], f[3], f[4], f[5], f[6], f[7], f[8], f[9], instant(f[10]), instant(f[11]),
                instant(f[12]), number(f[13]), number(f[14]), CallOutcome.valueOf(f[15]), f[16], f[17]);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("bad value: " + e.getMessage(), e);
        }
    }

    private static String str(Object o) {
        return o == null ? null : o.toString();
    }

    private static Instant instant(String s) {
        return s == null ? null : Instant.parse(s);
    }

    private static Long number(String s) {
        return s == null ? null : Long.valueOf(s);
    }

    private static String crc(String s) {
        CRC32 c = new CRC32();
        c.update(s.getBytes(StandardCharsets.UTF_8));
        return String.format("%08x", c.getValue());
    }

    static String escape(String s) {
        if (s == null) {
            return "\\N";
        }
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\\' -> sb.append("\\\\");
                case '\t' -> sb.append("\\t");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }

    static String unescape(String s) {
        if ("\\N".equals(s)) {
            return null;
        }
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '\\') {
                sb.append(c);
                continue;
            }
            if (++i >= s.length()) {
                throw new IllegalArgumentException("dangling escape");
            }
            char n = s.charAt(i);
            switch (n) {
                case '\\' -> sb.append('\\');
                case 't' -> sb.append('\t');
                case 'n' -> sb.append('\n');
                case 'r' -> sb.append('\r');
                default -> throw new IllegalArgumentException("unknown escape \\" + n);
            }
        }
        return sb.toString();
    }
}
