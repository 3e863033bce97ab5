package ascc.bench;

import ascc.core.config.Conf;
import ascc.core.national.NationalConfigWriter;
import ascc.core.national.NationalModel;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Loading the generated national config with the engine's own loader ({@link Conf#load}: all ten files, every check) at
 * several sizes in one JVM, to show the time grows linearly with the companies (no quadratic check) and what a load of
 * 13,600 companies costs. Per size: {@code warmups} loads, then {@code runs} timed loads; wall time and the loading
 * thread's CPU time (the machine is shared: CPU time is what the load itself costs, wall time what it took here).
 *
 * <pre>
 * java -cp 'benchmarks/target/classes:benchmarks/target/lib/*' ascc.bench.NationalConfigBench [--sizes 1700,6800,13600]
 *     [--warmups 2] [--runs 5]
 * </pre>
 */
public final class NationalConfigBench {
    private NationalConfigBench() {
    }

    public static void main(String[] args) throws Exception {
        int[] sizes = {1_700, 6_800, 13_600};
        int warmups = 2;
        int runs = 5;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--sizes" -> sizes = Arrays.stream(args[i + 1].split(",")).mapToInt(Integer::parseInt).toArray();
                case "--warmups" -> warmups = Integer.parseInt(args[i + 1]);
                case "--runs" -> runs = Integer.parseInt(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i] + " (allowed: --sizes --warmups --runs)");
            }
        }
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        boolean first = true;
        for (int n : sizes) {
            Path dir = Files.createTempDirectory("ascc-national-" + n + "-");
            NationalModel model = new NationalModel(n, 1, Math.round(54_000_000.0 * n / 13_600), 2027, NationalModel.Pooling.CATEGORY);
            NationalConfigWriter.writeTo(model.build(), dir);
            System.out.printf(Locale.ROOT, "size %,d companies: %s (companies.yaml %,d KB)%n", n, dir,
                    Files.size(dir.resolve("companies.yaml")) / 1024);
            List<long[]> timed = new ArrayList<>();
            for (int r = 0; r < warmups + runs; r++) {
                long w0 = System.nanoTime();
                long c0 = mx.getCurrentThreadCpuTime();
                Conf conf = Conf.load(dir, Map.of());
                long wall = (System.nanoTime() - w0) / 1_000_000;
                long cpu = (mx.getCurrentThreadCpuTime() - c0) / 1_000_000;
                String what = r < warmups ? (first && r == 0 ? "cold JVM" : "warm-up") : "run";
                System.out.printf(Locale.ROOT, "  %s %d: %,d ms wall, %,d ms CPU (%s)%n", what, r + 1, wall, cpu,
                        conf.center().companies().size() + " companies, " + conf.center().agents().size() + " agents");
                if (r >= warmups) {
                    timed.add(new long[] {wall, cpu});
                }
            }
            first = false;
            timed.sort((a, b) -> Long.compare(a[1], b[1]));
            long[] median = timed.get(timed.size() / 2);
            System.out.printf(Locale.ROOT, "RESULT national-config-load companies=%d median wall=%d ms median CPU=%d ms best CPU=%d ms"
                    + " CPU per 1,000 companies=%.0f ms load=%s%n", n, median[0], median[1], timed.get(0)[1],
                    median[1] * 1000.0 / n, loadAverage());
            deleteTree(dir);
        }
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim().split(" ")[0];
        } catch (IOException e) {
            return "unknown (" + e.getMessage() + ")";
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (Boolean.getBoolean("bench.keep")) {
            return;
        }
        try (var files = Files.list(dir)) {
            for (Path f : files.toList()) {
                Files.delete(f);
            }
        }
        Files.delete(dir);
    }
}
