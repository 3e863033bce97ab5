package ascc.core.cdr;

import ascc.routing.cdr.CdrLeg;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Backfill from the CDR file Asterisk writes with {@code cdr_custom} (rendered {@code cdr_custom.conf}, one line per CDR in
 * the order of {@link #COLUMNS}). Asterisk writes it whether or not an engine is connected to AMI, so the CDRs of calls made
 * while the engine was stopped or restarting are read from here at start and after every AMI reconnect, and merged through
 * the same idempotent path as the AMI events ({@link CdrIngest#acceptLeg}): a line read twice changes nothing.
 *
 * <p>Progress (byte offset, line number, the file's identity) is kept in a small state file, written only after the legs
 * before it were merged (or spooled), so a restart reads only new lines. A rotated or truncated file (another identity, or
 * shorter than the offset) is read from the start. Only complete lines are read; a line being written stays for next time.
 * An unreadable line is logged with file:line and skipped.
 */
public final class CdrFile {
    private static final Logger LOG = LoggerFactory.getLogger(CdrFile.class);
    /** The columns of a line, as rendered into {@code cdr_custom.conf} ({@code start}, {@code answer}, {@code end}: epoch seconds). */
    public static final List<String> COLUMNS = List.of("linkedid", "uniqueid", "channel", "dstchannel", "src", "dst", "disposition",
            "start", "answer", "end", "billsec");
    /** Legs merged before the progress is saved, on a long first read. */
    static final int CHECKPOINT_LEGS = 5_000;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT);

    /** Where merging goes: {@code accept} queues a leg (false: not taken now), {@code flush} waits until all are merged or spooled. */
    public interface Sink {
        boolean accept(CdrLeg leg);

        boolean flush() throws InterruptedException;
    }

    /**
     * What one read did.
     *
     * @param from byte offset it started at
     * @param to byte offset saved as progress
     * @param legs CDRs merged
     * @param badLines lines skipped (logged)
     * @param restarted true when the file was rotated or truncated and read from its start
     */
    public record Pass(long from, long to, int legs, int badLines, boolean restarted) {
    }

    /** Saved progress: byte offset after the last complete line read, its line number and the file's identity. */
    record Progress(long offset, long line, String fileKey) {
        static final Progress START = new Progress(0, 0, "");
    }

    private final Path file;
    private final Path stateFile;
    private final ZoneId asteriskZone;
    private final Sink sink;

    /**
     * @param file the CDR file (absent: nothing to do)
     * @param stateFile where progress is kept
     * @param asteriskZone zone of times written as {@code yyyy-MM-dd HH:mm:ss} (epoch seconds need none)
     */
    public CdrFile(Path file, Path stateFile, ZoneId asteriskZone, Sink sink) {
        this.file = Objects.requireNonNull(file, "file");
        this.stateFile = Objects.requireNonNull(stateFile, "stateFile");
        this.asteriskZone = Objects.requireNonNull(asteriskZone, "asteriskZone");
        this.sink = Objects.requireNonNull(sink, "sink");
    }

    public Path file() {
        return file;
    }

    /** Reads the lines added since the last pass and merges them. One pass at a time. */
    public synchronized Pass backfill() throws IOException, InterruptedException {
        if (!Files.isRegularFile(file)) {
            return new Pass(0, 0, 0, 0, false);
        }
        BasicFileAttributes attrs = Files.readAttributes(file, BasicFileAttributes.class);
        String key = attrs.fileKey() == null ? "" : attrs.fileKey().toString();
        Progress saved = readProgress();
        boolean restarted = saved.offset() > attrs.size() || !saved.fileKey().isEmpty() && !saved.fileKey().equals(key);
        if (restarted) {
            LOG.info("CDR file {} was rotated or truncated (saved offset {}, size {}, identity {} -> {}): reading it from the start",
                    file, saved.offset(), attrs.size(), saved.fileKey(), key);
        }
        Progress at = restarted ? new Progress(0, 0, key) : new Progress(saved.offset(), saved.line(), key);
        long from = at.offset();
        int legs = 0;
        int bad = 0;
        int sinceCheckpoint = 0;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ch.position(from);
            InputStream in = new BufferedInputStream(Channels.newInputStream(ch), 1 << 16);
            ByteArrayOutputStream line = new ByteArrayOutputStream(256);
            long pos = from;
            long lineNo = at.line();
            int b;
            while ((b = in.read()) >= 0) {
                pos++;
                if (b != '\n') {
                    line.write(b);
                    continue;
                }
                lineNo++;
                String text = line.toString(StandardCharsets.UTF_8);
                line.reset();
                try {
                    Optional<CdrLeg> leg = parse(text, asteriskZone);
                    if (leg.isPresent()) {
                        if (!sink.accept(leg.get())) {
                            LOG.warn("CDR file {}:{} not taken now (writer full or closed); read again from there next time",
                                    file, lineNo);
                            break;
                        }
                        legs++;
                        sinceCheckpoint++;
                    }
                } catch (RuntimeException e) {
                    bad++;
                    LOG.warn("CDR file {}:{} skipped, unreadable: {}", file, lineNo, e.getMessage());
                }
                at = new Progress(pos, lineNo, key);
                if (sinceCheckpoint >= CHECKPOINT_LEGS) {
                    if (!save(at)) {
                        return new Pass(from, saved.offset(), legs, bad, restarted);
                    }
                    saved = at;
                    sinceCheckpoint = 0;
                }
            }
        }
        if (at.offset() != saved.offset() || !at.fileKey().equals(saved.fileKey()) || restarted) {
            if (!save(at)) {
                return new Pass(from, saved.offset(), legs, bad, restarted);
            }
        }
        if (legs > 0 || bad > 0) {
            LOG.info("CDR file {}: {} CDRs merged, {} lines skipped (bytes {}..{})", file, legs, bad, from, at.offset());
        }
        return new Pass(from, at.offset(), legs, bad, restarted);
    }

    /** Saves progress after everything before it is merged or spooled; false (logged) when the flush timed out. */
    private boolean save(Progress p) throws IOException, InterruptedException {
        if (!sink.flush()) {
            LOG.warn("CDR file {}: the CDRs read could not be merged or spooled in time; progress stays, they are read again", file);
            return false;
        }
        Path parent = stateFile.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Path tmp = stateFile.resolveSibling(stateFile.getFileName() + ".tmp");
        Files.writeString(tmp, p.offset() + " " + p.line() + " " + p.fileKey() + "\n", StandardCharsets.UTF_8);
        try {
            Files.move(tmp, stateFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, stateFile, StandardCopyOption.REPLACE_EXISTING);
        }
        return true;
    }

    Progress readProgress() throws IOException {
        if (!Files.isRegularFile(stateFile)) {
            return Progress.START;
        }
        String text = Files.readString(stateFile, StandardCharsets.UTF_8).strip();
        String[] parts = text.split(" ", 3);
        try {
            return new Progress(Long.parseLong(parts[0]), parts.length > 1 ? Long.parseLong(parts[1]) : 0,
                    parts.length > 2 ? parts[2] : "");
        } catch (NumberFormatException e) {
            LOG.warn("CDR file progress {} unreadable ('{}'): reading {} from the start (merging is idempotent)", stateFile, text, file);
            return Progress.START;
        }
    }

    /**
     * Parses one line.
     *
     * @return empty for a blank line
     * @throws IllegalArgumentException when the line does not have the {@link #COLUMNS} or a value is unreadable (the message says which)
     */
    static Optional<CdrLeg> parse(String line, ZoneId asteriskZone) {
        if (line.isBlank()) {
            return Optional.empty();
        }
        List<String> f = fields(line.endsWith("\r") ? line.substring(0, line.length() - 1) : line);
        if (f.size() != COLUMNS.size()) {
            throw new IllegalArgumentException(f.size() + " columns, expected " + COLUMNS.size() + " " + COLUMNS);
        }
        String linkedId = f.get(0).strip();
        String uniqueId = f.get(1).strip();
        if (linkedId.isEmpty() || uniqueId.isEmpty()) {
            throw new IllegalArgumentException("no linkedid or uniqueid (linkedid='" + linkedId + "', uniqueid='" + uniqueId + "')");
        }
        Instant localStart = time(f.get(7), "start", asteriskZone);
        Instant start = CdrLeg.epochOf(linkedId).orElse(localStart);
        if (start == null) {
            throw new IllegalArgumentException("no start time (linkedid=" + linkedId + ")");
        }
        long billSeconds;
        try {
            billSeconds = f.get(10).isBlank() ? 0 : Math.max(0, Long.parseLong(f.get(10).strip()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("billsec '" + f.get(10) + "' is not a number (linkedid=" + linkedId + ")", e);
        }
        return Optional.of(new CdrLeg(linkedId, uniqueId, f.get(2), f.get(3), blankToNull(f.get(4)), blankToNull(f.get(5)), f.get(6),
                start, time(f.get(8), "answer", asteriskZone), time(f.get(9), "end", asteriskZone), billSeconds));
    }

    /** The time in epoch seconds (0 or empty: none), or {@code yyyy-MM-dd HH:mm:ss} in Asterisk's zone. */
    private static Instant time(String value, String column, ZoneId zone) {
        String v = value.strip();
        if (v.isEmpty()) {
            return null;
        }
        try {
            if (v.chars().allMatch(Character::isDigit)) {
                long epoch = Long.parseLong(v);
                return epoch == 0 ? null : Instant.ofEpochSecond(epoch);
            }
            return LocalDateTime.parse(v, TIME).atZone(zone).toInstant();
        } catch (NumberFormatException | DateTimeParseException e) {
            throw new IllegalArgumentException(column + " '" + v + "' is neither epoch seconds nor yyyy-MM-dd HH:mm:ss", e);
        }
    }

    /** Splits a CSV line: fields may be quoted with {@code "}, a quote inside doubled. */
    static List<String> fields(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    cur.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    cur.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                out.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        if (quoted) {
            throw new IllegalArgumentException("unterminated quote");
        }
        out.add(cur.toString());
        return out;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
