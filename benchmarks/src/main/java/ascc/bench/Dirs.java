package ascc.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Temporary directories of the benchmarks. */
final class Dirs {
    private Dirs() {
    }

    /** Deletes {@code dir} and everything in it, unless {@code -Dbench.keep=true} (then says where it is). */
    static void deleteTree(Path dir) throws IOException {
        if (Boolean.getBoolean("bench.keep")) {
            System.out.println("kept " + dir + " (-Dbench.keep=true)");
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
