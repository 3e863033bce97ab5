package ascc.bench;

import ascc.routing.config.CenterConfig;
import ascc.routing.config.Company;
import ascc.core.config.yaml.ConfigLoader;
import ascc.testsupport.agi.AgiLoadDriver;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * FastAGI engine-side load: starts {@link AgiBenchServer} (FastAgiServer + the real InboundFlow) in a child JVM and
 * drives it with test-support's {@link AgiLoadDriver} from this JVM, speaking the protocol as Asterisk does: command
 * replies at once, and {@code --play-ms} (1000) of the caller's time before answering a prompt (STREAM FILE, GET DATA,
 * Read), which is kept out of the engine latency.
 *
 * <ol>
 *   <li>warm-up: 5,000 calls at 500/s (10 s) (reported, not judged);</li>
 *   <li>rate: {@code --rate} new calls per second (200) for {@code --seconds} (30); engine latency per command (reply
 *       written to the next command read) p50/p99/p99.9, engine time per session (target: per-command p99 &lt; 5 ms);</li>
 *   <li>hold: {@code --hold} sessions (10,000) opened at {@code --hold-rate} per second (2,000), each holding back its
 *       reply to the first command until all are open; then the server is asked how many sessions it has active and
 *       the sessions are released. Reports refused connects (target 0).</li>
 * </ol>
 * Each JVM holds one socket per session, so the file-descriptor limit must exceed {@code --hold} plus a few hundred
 * (benchmarks/run.sh raises {@code ulimit -n}). The config is the generated 13,600-company one unless {@code --conf DIR}.
 */
public final class AgiLoadBench {
    private AgiLoadBench() {
    }

    public static void main(String[] args) throws Exception {
        Path conf = null;
        double rate = 200;
        int seconds = 30;
        int hold = 10_000;
        double holdRate = 2_000;
        long playMillis = 1000;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--conf" -> conf = Path.of(args[++i]);
                case "--rate" -> rate = Double.parseDouble(args[++i]);
                case "--seconds" -> seconds = Integer.parseInt(args[++i]);
                case "--hold" -> hold = Integer.parseInt(args[++i]);
                case "--hold-rate" -> holdRate = Double.parseDouble(args[++i]);
                case "--play-ms" -> playMillis = Long.parseLong(args[++i]);
                default -> {
                    System.err.println("usage: AgiLoadBench [--conf DIR] [--rate 200] [--seconds 30] [--hold 10000] [--hold-rate 2000]"
                        + " [--play-ms 1000];"
                        + " unexpected '" + args[i] + "'");
                    System.exit(2);
                }
            }
        }
        Path work = Files.createTempDirectory("ascc-agibench-");
        if (conf == null) {
            conf = work.resolve("conf");
            BigConfig.TARGET.asDense().write(conf);
            System.out.println("generated " + BigConfig.TARGET.asDense() + " in " + conf);
        }
        CenterConfig config = ConfigLoader.load(conf, System.getenv());
        List<String> dialed = dialedNumbers(config);
        List<String> codes = config.companies().values().stream().map(Company::code).toList();
        long fdLimit = fdLimit();
        System.out.println("file descriptor limit of this JVM: " + fdLimit + (fdLimit < hold + 500L
            ? " (TOO LOW for --hold " + hold + ": raise ulimit -n)" : ""));

        Path serverLog = work.resolve("server.log");
        Path gcLog = work.resolve("gc.log");
        Process server = startServer(conf, serverLog, gcLog);
        try (BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
                PrintWriter in = new PrintWriter(new OutputStreamWriter(server.getOutputStream(), StandardCharsets.UTF_8), true)) {
            int port = Integer.parseInt(expect(out, "PORT "));
            System.out.println("engine JVM pid " + server.pid() + " listening on 127.0.0.1:" + port + "; its log: " + serverLog
                + " (deleted at the end unless -Dbench.keep=true)");

            Duration play = Duration.ofMillis(playMillis);
            AgiLoadDriver.Result warm = new AgiLoadDriver(config(port, 5000, 500, dialed, codes, Duration.ZERO, false)).run();
            System.out.println("warm-up (no playing time): " + warm.summary());

            int n = (int) Math.round(rate * seconds);
            System.out.printf("rate: %d calls at %.0f/s (%d s), %d ms playing per prompt; load average before: %s...%n", n, rate,
                seconds, playMillis, loadAverage());
            int gcBefore = lines(gcLog).size();
            AgiLoadDriver.Result r = new AgiLoadDriver(config(port, n, rate, dialed, codes, play, false)).run();
            System.out.println(r.summary());
            System.out.println("RESULT agi-rate engine GC during the run: " + gcPauses(lines(gcLog).subList(gcBefore, lines(gcLog).size()))
                + "; load average (1/5/15 min) after: " + loadAverage());
            System.out.println("RESULT agi-rate rate=" + (int) rate + "/s seconds=" + seconds + " play=" + playMillis + "ms sessions="
                + r.sessions() + " completed=" + r.completed() + " refused=" + r.refused() + " failed=" + r.failed() + " fallbacks="
                + r.fallbacks());
            System.out.println("RESULT agi-rate engine per command: " + r.perCommand().text() + " (target p99 < 5 ms)");
            System.out.println("RESULT agi-rate engine per session: " + r.sessionEngine().text());
            System.out.println("RESULT agi-rate session wall time with playing: " + r.sessionWall().text());

            System.out.printf("hold: opening %d sessions at %.0f/s and holding them...%n", hold, holdRate);
            String[] active = new String[1];
            AgiLoadDriver.Result h = new AgiLoadDriver(config(port, hold, holdRate, dialed, codes, Duration.ZERO, true)).run(() -> {
                in.println("active");
                try {
                    active[0] = expect(out, "ACTIVE ");
                } catch (IOException e) {
                    throw new IllegalStateException("engine JVM did not answer 'active' (pid " + server.pid() + ")", e);
                }
            });
            System.out.println("RESULT agi-hold sessions=" + hold + " held-at-once=" + h.heldAtOnce() + " server-active=" + active[0]
                + " refused=" + h.refused() + " failed=" + h.failed() + " all-open-after=" + h.allHeldAfter().toMillis() + " ms"
                + " completed-after-release=" + h.completed() + " fallbacks=" + h.fallbacks() + " (target refused = 0)");
            in.println("routed");
            System.out.println("engine routed " + expect(out, "ROUTED ") + " calls in total");
            in.println("quit");
        } finally {
            if (!server.waitFor(60, TimeUnit.SECONDS)) {
                System.err.println("engine JVM pid " + server.pid() + " did not stop within 60 s; killing it");
                server.destroyForcibly();
            }
            Dirs.deleteTree(work);
        }
    }

    private static AgiLoadDriver.Config config(int port, int sessions, double rate, List<String> dialed, List<String> codes,
            Duration play, boolean hold) {
        return new AgiLoadDriver.Config("127.0.0.1", port, "inbound", sessions, rate, dialed, codes, "1", play, Duration.ofSeconds(2),
            Duration.ofSeconds(60), hold, Duration.ofSeconds(120));
    }

    /** Every company number, shuffled, plus the shared number(s) for one call in ten. */
    private static List<String> dialedNumbers(CenterConfig config) {
        List<String> own = new ArrayList<>();
        config.companies().values().forEach(c -> own.addAll(c.numbers()));
        Collections.shuffle(own, new Random(7));
        List<String> shared = List.copyOf(config.engine().sharedNumbers());
        List<String> out = new ArrayList<>(own.size() + own.size() / 9 + 1);
        for (int i = 0; i < own.size(); i++) {
            if (!shared.isEmpty() && i % 9 == 0) {
                out.add(shared.get(i % shared.size()));
            }
            out.add(own.get(i));
        }
        return out.isEmpty() ? shared : out;
    }

    private static final Pattern GC_PAUSE = Pattern.compile(" Pause .* ([0-9.]+)ms$");

    /** Count, total and longest of the stop-the-world pauses in these {@code -Xlog:gc} lines. */
    static String gcPauses(List<String> lines) {
        int count = 0;
        double total = 0;
        double max = 0;
        for (String line : lines) {
            Matcher m = GC_PAUSE.matcher(line);
            if (m.find()) {
                double ms = Double.parseDouble(m.group(1));
                count++;
                total += ms;
                max = Math.max(max, ms);
            }
        }
        return String.format("%d pauses, %.1f ms in total, longest %.1f ms", count, total, max);
    }

    private static List<String> lines(Path file) throws IOException {
        return Files.exists(file) ? Files.readAllLines(file, StandardCharsets.UTF_8) : List.of();
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return "unknown (" + e.getMessage() + ")";
        }
    }

    private static Process startServer(Path conf, Path log, Path gcLog) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = List.of(java, "-Xmx1g", "-Xlog:gc:file=" + gcLog, "-Dorg.slf4j.simpleLogger.logFile=" + log,
            "-Dorg.slf4j.simpleLogger.showDateTime=true", "-cp", System.getProperty("java.class.path"),
            AgiBenchServer.class.getName(), conf.toString());
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT);
        return pb.start();
    }

    private static String expect(BufferedReader out, String prefix) throws IOException {
        String line;
        while ((line = out.readLine()) != null) {
            if (line.startsWith(prefix)) {
                return line.substring(prefix.length()).trim();
            }
            System.out.println("engine: " + line);
        }
        throw new IOException("engine JVM ended before printing '" + prefix + "...'");
    }

    private static long fdLimit() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.UnixOperatingSystemMXBean unix) {
            return unix.getMaxFileDescriptorCount();
        }
        return -1;
    }
}
