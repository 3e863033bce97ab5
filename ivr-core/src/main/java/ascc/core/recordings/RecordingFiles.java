package ascc.core.recordings;

import ascc.recordings.RecordingPaths;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.ToIntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The recordings directory as the engine sees it: {@code <root>/<company>/<yyyy>/<MM>/<dd>/<call id>.wav}.
 * Every operation stays inside one company's subtree: no symbolic link is followed (links are skipped and logged), and
 * every file touched is checked to really lie under the company directory (canonical paths) before it is read or deleted.
 */
public final class RecordingFiles {
    private static final Logger LOG = LoggerFactory.getLogger(RecordingFiles.class);
    /** {@code <company>/<yyyy>/<MM>/<dd>/<file>}: files sit exactly 4 levels below the company directory. */
    static final int DEPTH = 4;

    private final Path root;

    public RecordingFiles(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    public Path root() {
        return root;
    }

    /** An Asterisk linkedid's creation time: {@code [system-name-]<epoch seconds>.<sequence>}. */
    private static final Pattern EPOCH_ID = Pattern.compile("(?:.*-)?(\\d{9,11})\\.\\d+");
    /** {@code .../<yyyy>/<MM>/<dd>/<file>} at the end of a stored recording path. */
    private static final Pattern DATED = Pattern.compile(".*[/\\\\](\\d{4})[/\\\\](\\d{2})[/\\\\](\\d{2})[/\\\\][^/\\\\]+");

    /**
     * The day directories call {@code callId}'s recording can be in, judged from the id alone: an Asterisk linkedid
     * carries its creation time, and the recording's date (in the center's time zone, which is at most 14 h from UTC)
     * is that day in UTC, the day after or the day before. Empty for ids without a time.
     */
    public static List<LocalDate> daysOf(String callId) {
        Matcher m = EPOCH_ID.matcher(callId);
        if (!m.matches()) {
            return List.of();
        }
        LocalDate d = LocalDate.ofInstant(Instant.ofEpochSecond(Long.parseLong(m.group(1))), ZoneOffset.UTC);
        return List.of(d, d.plusDays(1), d.minusDays(1));
    }

    /** The day of a recording path as stored in {@code call_record.recording_path} ({@code .../yyyy/MM/dd/<id>.wav}). */
    public static Optional<LocalDate> dayOfStoredPath(String stored) {
        Matcher m = stored == null ? null : DATED.matcher(stored);
        if (m == null || !m.matches()) {
            return Optional.empty();
        }
        try {
            return Optional.of(LocalDate.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3))));
        } catch (java.time.DateTimeException e) {
            return Optional.empty();
        }
    }

    /**
     * The recording of call {@code callId} of {@code company}, if it exists as a regular file (not a link) in one of the
     * day directories {@code days} of the company's subtree: one lookup per day, no directory is listed or walked.
     * Invalid ids give empty: callers check them first and answer 400.
     */
    public Optional<Path> find(String company, String callId, List<LocalDate> days) throws IOException {
        if (!RecordingPaths.validCompany(company) || !RecordingPaths.validCallId(callId) || days.isEmpty()) {
            return Optional.empty();
        }
        Path companyDir = RecordingPaths.companyDir(root, company);
        if (!Files.isDirectory(companyDir, LinkOption.NOFOLLOW_LINKS)) {
            return Optional.empty();
        }
        Path real = companyDir.toRealPath();
        String name = callId + RecordingPaths.EXTENSION;
        for (LocalDate d : days) {
            Path p = companyDir.resolve(String.format("%04d/%02d/%02d", d.getYear(), d.getMonthValue(), d.getDayOfMonth())).resolve(name);
            BasicFileAttributes a;
            try {
                a = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            } catch (NoSuchFileException e) {
                continue;
            }
            if (a.isRegularFile() && !a.isSymbolicLink() && inside(real, p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /** One deleted file. */
    public record Removed(String company, Path file, Instant modified, long bytes) {
    }

    /**
     * Deletes every recording older than its company's retention (by last-modified time), then the date directories
     * left empty. Company directories whose name is not a valid company id are left alone.
     *
     * @param retentionDays company id to its retention in days
     * @return what was deleted
     */
    public List<Removed> sweep(Clock clock, ToIntFunction<String> retentionDays) throws IOException {
        List<Removed> removed = new ArrayList<>();
        if (!Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS)) {
            return removed;
        }
        Instant now = clock.instant();
        List<Path> companies;
        try (Stream<Path> s = Files.list(root)) {
            companies = s.filter(p -> Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS))
                    .filter(p -> RecordingPaths.validCompany(p.getFileName().toString())).sorted().toList();
        }
        for (Path dir : companies) {
            String company = dir.getFileName().toString();
            Instant cutoff = now.minus(Duration.ofDays(retentionDays.applyAsInt(company)));
            sweepCompany(company, dir, cutoff, removed);
        }
        return removed;
    }

    private void sweepCompany(String company, Path dir, Instant cutoff, List<Removed> removed) throws IOException {
        Path real = dir.toRealPath();
        Files.walkFileTree(dir, java.util.Set.of(), DEPTH, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes a) throws IOException {
                if (a.isSymbolicLink()) {
                    LOG.warn("retention: skipping symbolic link {} in company {}'s recordings (never followed)", file, company);
                    return FileVisitResult.CONTINUE;
                }
                if (!a.isRegularFile() || !file.getFileName().toString().endsWith(RecordingPaths.EXTENSION)) {
                    return FileVisitResult.CONTINUE;
                }
                Instant modified = a.lastModifiedTime().toInstant();
                if (modified.isBefore(cutoff) && inside(real, file)) {
                    try {
                        Files.delete(file);
                        removed.add(new Removed(company, file, modified, a.size()));
                    } catch (NoSuchFileException e) {
                        LOG.debug("retention: {} vanished before deletion", file);
                    }
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                if (e != null) {
                    throw e;
                }
                if (!d.equals(dir)) {
                    try (Stream<Path> s = Files.list(d)) {
                        if (s.findAny().isEmpty()) {
                            Files.delete(d);
                        }
                    }
                }
                return FileVisitResult.CONTINUE;
            }
        });
    }

    /** True when {@code p}'s canonical path lies strictly under {@code realDir} (itself canonical). */
    static boolean inside(Path realDir, Path p) throws IOException {
        Path rp = p.toRealPath(LinkOption.NOFOLLOW_LINKS);
        Path parent = rp.getParent() == null ? rp : rp.getParent().toRealPath();
        return parent.startsWith(realDir) && !rp.equals(realDir) && !Files.isSymbolicLink(rp);
    }
}
