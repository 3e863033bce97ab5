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
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.ToIntFunction;
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

    /**
     * The recording of call {@code callId} of {@code company}, if it exists as a regular file (not a link) inside the
     * company's subtree. Invalid ids give empty: callers check them first and answer 400.
     */
    public Optional<Path> find(String company, String callId) throws IOException {
        if (!RecordingPaths.validCompany(company) || !RecordingPaths.validCallId(callId)) {
            return Optional.empty();
        }
        Path companyDir = RecordingPaths.companyDir(root, company);
        if (!Files.isDirectory(companyDir, LinkOption.NOFOLLOW_LINKS)) {
            return Optional.empty();
        }
        Path real = companyDir.toRealPath();
        String name = callId + RecordingPaths.EXTENSION;
        try (Stream<Path> s = Files.find(companyDir, DEPTH, (p, a) -> a.isRegularFile() && !a.isSymbolicLink()
                && p.getFileName().toString().equals(name))) {
            for (Path p : (Iterable<Path>) s::iterator) {
                if (inside(real, p)) {
                    return Optional.of(p);
                }
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
