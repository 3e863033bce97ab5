package ascc.bench;

import ascc.routing.config.CenterConfig;
import ascc.routing.config.ConfigException;
import ascc.core.config.yaml.ConfigLoader;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Config scale: writes the {@link BigConfig#TARGET} directory (or uses the one given), then measures
 * {@link ConfigLoader#load(Path, Map)} (parse + validate + build) wall time over {@code runs} loads in one JVM after
 * {@code warmups} warm-up loads, and the heap retained by one loaded {@link CenterConfig} (used heap after
 * {@code System.gc()} with the config reachable minus before loading it).
 *
 * <pre>
 * java -Xmx256m -cp ... ascc.bench.ConfigScaleBench [--dir DIR] [--warmups 2] [--runs 5]
 * </pre>
 * Running with {@code -Xmx256m} also proves the load fits a 256 MB heap (it would end in OutOfMemoryError otherwise).
 */
public final class ConfigScaleBench {
    private ConfigScaleBench() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = null;
        int warmups = 2;
        int runs = 5;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--dir" -> dir = Path.of(args[++i]);
                case "--warmups" -> warmups = Integer.parseInt(args[++i]);
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                default -> {
                    System.err.println("usage: ConfigScaleBench [--dir DIR] [--warmups N] [--runs N]; unexpected '" + args[i] + "'");
                    System.exit(2);
                }
            }
        }
        if (dir != null) {
            bench(dir, "given", warmups, runs);
            return;
        }
        Path block = Files.createTempDirectory("ascc-bigconf-block-");
        BigConfig.TARGET.write(block);
        System.out.println("generated " + BigConfig.TARGET + " in " + block + " (block style, like the shipped conf/)");
        System.out.println("files: " + describeFiles(block));
        Path dense = null;
        try {
            ConfigLoader.load(block, Map.of());
            bench(block, "block", warmups, runs);
        } catch (ConfigException e) {
            System.out.println("RESULT config-load style=block FAILED: " + e.getMessage().replace('\n', ' '));
            BigConfig shape = BigConfig.TARGET.asDense();
            dense = Files.createTempDirectory("ascc-bigconf-dense-");
            shape.write(dense);
            System.out.println("generated " + shape + " in " + dense + " (one flow-style line per company)");
            bench(dense, "dense", warmups, runs);
        } finally {
            Dirs.deleteTree(block);
            if (dense != null) {
                Dirs.deleteTree(dense);
            }
        }
    }

    private static void bench(Path dir, String style, int warmups, int runs) throws Exception {
        System.out.println("files: " + describeFiles(dir));
        Map<String, String> env = Map.of();

        long cold = -1;
        for (int i = 0; i < warmups; i++) {
            long t = System.nanoTime();
            CenterConfig c = load(dir, env);
            if (i == 0) {
                cold = System.nanoTime() - t;
            }
            System.out.printf("warm-up %d: %.0f ms (%d companies, %d desks, %d agents)%n", i + 1, (System.nanoTime() - t) / 1e6,
                c.companies().size(), c.desks().size(), c.agents().size());
        }
        long[] nanos = new long[runs];
        for (int i = 0; i < runs; i++) {
            long t = System.nanoTime();
            load(dir, env);
            nanos[i] = System.nanoTime() - t;
            System.out.printf("run %d: %.0f ms%n", i + 1, nanos[i] / 1e6);
        }
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);

        MemoryMXBean mem = ManagementFactory.getMemoryMXBean();
        long before = usedAfterGc(mem);
        CenterConfig kept = load(dir, env);
        long after = usedAfterGc(mem);
        long retained = after - before;
        long maxHeap = Runtime.getRuntime().maxMemory();

        System.out.printf("RESULT config-load style=%s companies=%d desks=%d agents=%d first(cold JVM)=%.0f ms best=%.0f ms"
                + " median=%.0f ms worst=%.0f ms (target < 3000 ms) retained-heap=%.1f MB"
                + " (used after load %.1f MB, max heap %.0f MB; target < 256 MB)%n",
            style, kept.companies().size(), kept.desks().size(), kept.agents().size(), cold / 1e6, sorted[0] / 1e6,
            sorted[sorted.length / 2] / 1e6, sorted[sorted.length - 1] / 1e6, retained / 1048576.0, after / 1048576.0, maxHeap / 1048576.0);
        // keep the config reachable until after the measurement
        if (kept.companies().isEmpty()) {
            throw new IllegalStateException("loaded config of " + dir + " has no companies");
        }
    }

    private static CenterConfig load(Path dir, Map<String, String> env) throws ConfigException {
        try {
            return ConfigLoader.load(dir, env);
        } catch (ConfigException e) {
            System.err.println("config " + dir + " is invalid: " + e.getMessage());
            throw e;
        }
    }

    private static long usedAfterGc(MemoryMXBean mem) throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return mem.getHeapMemoryUsage().getUsed();
    }

    private static String describeFiles(Path dir) throws IOException {
        StringBuilder sb = new StringBuilder();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.sorted().toList()) {
                sb.append(sb.isEmpty() ? "" : ", ").append(f.getFileName()).append(' ').append(Files.size(f) / 1024).append(" KB");
            }
        }
        return sb.toString();
    }
}
