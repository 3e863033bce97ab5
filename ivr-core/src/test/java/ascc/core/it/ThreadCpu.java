package ascc.core.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * CPU of this JVM's threads by name from {@code /proc/self/task} (Linux), JIT compiler and GC threads included (the
 * ThreadMXBean does not show them): where a benchmark's engine CPU goes. Names are the kernel's (15 characters) with
 * digits folded to one group ({@code agi-session-12} and {@code agi-session-3} count together).
 */
final class ThreadCpu {
    private static final long TICK_NS = 10_000_000L; // USER_HZ 100 on Linux

    private ThreadCpu() {
    }

    /** CPU (ns) by folded thread name, now. Threads ended before the call are not counted (compare two snapshots). */
    static Map<String, Long> snapshot() {
        Map<String, Long> byName = new HashMap<>();
        try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
            for (Path task : (Iterable<Path>) tasks::iterator) {
                try {
                    String stat = Files.readString(task.resolve("stat"));
                    int open = stat.indexOf('(');
                    int close = stat.lastIndexOf(')');
                    String name = stat.substring(open + 1, close).replaceAll("[0-9]+", "N");
                    String[] f = stat.substring(close + 2).split(" ");
                    long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime (fields 14, 15)
                    byName.merge(name, ticks * TICK_NS, Long::sum);
                } catch (IOException e) {
                    // the thread ended between the listing and the read: its CPU is not counted (see above)
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return byName;
    }

    /** The top {@code n} thread groups by CPU between two snapshots, as "name ms (share%)" in descending order. */
    static String top(Map<String, Long> before, Map<String, Long> after, int n) {
        Map<String, Long> delta = new HashMap<>();
        after.forEach((k, v) -> delta.put(k, v - before.getOrDefault(k, 0L)));
        long total = Math.max(1, delta.values().stream().mapToLong(Long::longValue).sum());
        Map<String, Long> sorted = delta.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .limit(n).collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a, LinkedHashMap::new));
        return sorted.entrySet().stream()
                .map(e -> String.format(java.util.Locale.ROOT, "%s %d ms (%.0f%%)", e.getKey(), e.getValue() / 1_000_000,
                        100.0 * e.getValue() / total))
                .collect(Collectors.joining(", "));
    }
}
