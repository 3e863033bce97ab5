package ascc.core.recordings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecordingFilesTest {
    static final Instant NOW = Instant.parse("2026-11-22T03:00:00Z");

    @TempDir
    Path tmp;

    private Path file(String rel, Duration age) throws Exception {
        Path p = tmp.resolve("rec").resolve(rel);
        Files.createDirectories(p.getParent());
        Files.write(p, new byte[] {1, 2, 3});
        Files.setLastModifiedTime(p, FileTime.from(NOW.minus(age)));
        return p;
    }

    @Test
    void retentionRemovesExactlyTheExpiredFilesOfEachCompany() throws Exception {
        Path alphaOld = file("alpha/2026/10/01/1.1.wav", Duration.ofDays(31));
        Path alphaEdge = file("alpha/2026/10/23/1.2.wav", Duration.ofDays(30).minusSeconds(1));
        Path alphaNew = file("alpha/2026/11/22/1.3.wav", Duration.ofHours(1));
        Path betaOld = file("beta/2026/10/01/2.1.wav", Duration.ofDays(31)); // beta keeps 365 days
        Path gammaOld = file("gamma/2025/01/01/3.1.wav", Duration.ofDays(700)); // default 90
        Path notWav = file("alpha/2026/10/01/notes.txt", Duration.ofDays(400));
        Path outside = tmp.resolve("outside.wav");
        Files.write(outside, new byte[] {1});
        Files.setLastModifiedTime(outside, FileTime.from(NOW.minus(Duration.ofDays(999))));
        Files.createSymbolicLink(tmp.resolve("rec/alpha/2026/10/01/link.wav"), outside);
        Files.createSymbolicLink(tmp.resolve("rec/alpha/2026/09"), tmp); // a linked directory is never entered
        Files.createDirectories(tmp.resolve("rec/Not_A_Company"));
        Path odd = tmp.resolve("rec/Not_A_Company/x.wav");
        Files.write(odd, new byte[] {1});
        Files.setLastModifiedTime(odd, FileTime.from(NOW.minus(Duration.ofDays(999))));

        Map<String, Integer> days = Map.of("alpha", 30, "beta", 365);
        List<RecordingFiles.Removed> removed = new RecordingFiles(tmp.resolve("rec"))
                .sweep(Clock.fixed(NOW, ZoneOffset.UTC), c -> days.getOrDefault(c, 90));

        assertEquals(List.of(alphaOld, gammaOld), removed.stream().map(RecordingFiles.Removed::file).toList());
        assertEquals(List.of("alpha", "gamma"), removed.stream().map(RecordingFiles.Removed::company).toList());
        assertFalse(Files.exists(alphaOld));
        assertFalse(Files.exists(gammaOld));
        assertFalse(Files.exists(tmp.resolve("rec/gamma/2025")), "emptied date directories are removed");
        for (Path kept : List.of(alphaEdge, alphaNew, betaOld, notWav, outside, odd)) {
            assertTrue(Files.exists(kept), kept + " must be kept");
        }
        assertTrue(Files.isSymbolicLink(tmp.resolve("rec/alpha/2026/10/01/link.wav")), "links are skipped, not deleted");
        assertTrue(Files.exists(tmp.resolve("rec/gamma")), "the company directory itself stays");
    }

    @Test
    void movingTheClockExpiresTheNextFile() throws Exception {
        Path f = file("alpha/2026/11/01/1.1.wav", Duration.ofDays(29));
        RecordingFiles files = new RecordingFiles(tmp.resolve("rec"));
        assertTrue(files.sweep(Clock.fixed(NOW, ZoneOffset.UTC), c -> 30).isEmpty());
        assertEquals(1, files.sweep(Clock.fixed(NOW.plus(Duration.ofDays(1)).plusSeconds(1), ZoneOffset.UTC), c -> 30).size());
        assertFalse(Files.exists(f));
    }

    @Test
    void missingRootIsNothingToDo() throws Exception {
        assertTrue(new RecordingFiles(tmp.resolve("none")).sweep(Clock.fixed(NOW, ZoneOffset.UTC), c -> 1).isEmpty());
    }
}
