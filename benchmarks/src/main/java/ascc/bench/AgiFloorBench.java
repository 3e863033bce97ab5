package ascc.bench;

import ascc.routing.config.CenterConfig;
import ascc.routing.config.Company;
import ascc.core.config.yaml.ConfigLoader;
import ascc.testsupport.agi.AgiLoadDriver;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * The engine's FastAGI path measured against a floor: {@link AgiBenchServer} (FastAgiServer + the real InboundFlow)
 * and {@link AgiFloorServer} (a bare responder sending the same command lines) each run in a child JVM with the same
 * flags, driven in turn by the same {@link AgiLoadDriver} from this JVM, every prompt answered at once.
 *
 * <ol>
 *   <li>check: {@code --check} (400) calls played against both; their command lines must be identical, else it stops;</li>
 *   <li>warm-up: {@code --warmup-seconds} (20) on each, 32 callers (the JIT compilers are slow on a busy machine);</li>
 *   <li>for each scenario ({@code --concurrency} 32,1: closed loop, that many callers each starting the next call when
 *       the last one ended, for {@code --seconds} (10); {@code --rate} 200: new calls per second, open loop, for the same
 *       time), {@code --rounds} (3) rounds of floor then engine (A B A B ...), so both see the same machine load;
 *       {@code /proc/loadavg} is printed with every run.</li>
 * </ol>
 * Per run: sessions/s (completed calls over the run's wall time), session time connect to close p50/p99, engine time per
 * command p99, server CPU per session (the child JVM's user + system time over the run / sessions: less sensitive to
 * other load on the machine than sessions/s). Per scenario: medians over the rounds and the engine's as a ratio of the
 * floor's. With {@code -Dbench.before.classes=DIR} a third side, {@code before}, runs the engine with DIR first on its
 * class path (e.g. the agi classes of an earlier commit, compiled there) in the same rounds.
 */
public final class AgiFloorBench {
    private AgiFloorBench() {
    }

    /** One measured run. */
    private record Run(String side, double perSecond, long p50, long p99, long commandP99, int failed, String load, double cpuMicros) {
    }

    /** A started child JVM and its stdin/stdout. */
    private record Child(String name, Process process, BufferedReader out, PrintWriter in, int port) implements AutoCloseable {
        @Override
        public void close() throws InterruptedException {
            in.println("quit");
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                System.err.println(name + " JVM pid " + process.pid() + " did not stop within 60 s; killing it");
                process.destroyForcibly();
            }
        }
    }

    public static void main(String[] args) throws Exception {
        Path conf = null;
        int rounds = 3;
        int seconds = 10;
        int check = 400;
        int warmupSeconds = 20;
        List<Integer> concurrency = List.of(32, 1);
        double rate = 200;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--conf" -> conf = Path.of(args[++i]);
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                case "--seconds" -> seconds = Integer.parseInt(args[++i]);
                case "--check" -> check = Integer.parseInt(args[++i]);
                case "--warmup-seconds" -> warmupSeconds = Integer.parseInt(args[++i]);
                case "--concurrency" -> concurrency = Arrays.stream(args[++i].split(",")).filter(s -> !s.isBlank())
                    .map(Integer::parseInt).toList();
                case "--rate" -> rate = Double.parseDouble(args[++i]);
                default -> {
                    System.err.println("usage: AgiFloorBench [--conf DIR] [--rounds 3] [--seconds 10] [--check 400] [--warmup-seconds 20]"
                        + " [--concurrency 32,1] [--rate 200 (0: none)]; unexpected '" + args[i] + "'");
                    System.exit(2);
                }
            }
        }
        Path work = Files.createTempDirectory("ascc-agifloor-");
        if (conf == null) {
            conf = work.resolve("conf");
            BigConfig.TARGET.asDense().write(conf);
            System.out.println("generated " + BigConfig.TARGET.asDense() + " in " + conf);
        }
        CenterConfig config = ConfigLoader.load(conf, System.getenv());
        List<String> dialed = dialedNumbers(config);
        List<String> codes = config.companies().values().stream().map(Company::code).toList();
        System.out.println("nproc " + Runtime.getRuntime().availableProcessors() + "; load average " + loadAverage());
        String before = System.getProperty("bench.before.classes", "");
        try (Child floor = start("floor", AgiFloorServer.class, conf, work, "");
                Child engine = start("engine", AgiBenchServer.class, conf, work, "");
                Child old = before.isBlank() ? null : start("before", AgiBenchServer.class, conf, work, before)) {
            List<Child> sides = old == null ? List.of(floor, engine) : List.of(floor, engine, old);
            for (Child c : sides.subList(1, sides.size())) {
                checkSameCommands(floor, c, check, dialed, codes);
            }
            for (Child c : sides) {
                AgiLoadDriver.Result warm = new AgiLoadDriver(config(c.port(), warmupSeconds * 50_000, 1000, dialed, codes))
                    .runConcurrent(32, Duration.ofSeconds(warmupSeconds));
                System.out.println("warm-up " + c.name() + ": " + warm.summary().lines().findFirst().orElse(""));
            }
            List<String> table = new ArrayList<>();
            int secs = seconds;
            for (int callers : concurrency) {
                table.addAll(scenario("concurrency " + callers, rounds, sides, c -> new AgiLoadDriver(
                    config(c.port(), secs * 50_000, 1000, dialed, codes)).runConcurrent(callers, Duration.ofSeconds(secs))));
            }
            if (rate > 0) {
                int n = (int) Math.round(rate * secs);
                double r = rate;
                table.addAll(scenario(String.format("%.0f calls/s", rate), rounds, sides, c -> new AgiLoadDriver(
                    config(c.port(), n, r, dialed, codes)).run()));
            }
            System.out.println();
            System.out.println("| load | side | floor sessions/s | side sessions/s | ratio | floor p50 / p99 (ms) | side p50 / p99 (ms) "
                + "| p99 side/floor | server CPU us/session floor / side (floor/side) | load average during the runs |");
            System.out.println("|---|---|---|---|---|---|---|---|---|---|");
            table.forEach(System.out::println);
            for (Child c : sides) {
                c.in().println("routed");
                System.out.println(c.name() + " routed " + expect(c.out(), "ROUTED ", c.name()) + " calls in total");
            }
        } finally {
            Dirs.deleteTree(work);
        }
    }

    /** Runs with a driver for one side. */
    @FunctionalInterface
    private interface Load {
        AgiLoadDriver.Result run(Child side) throws InterruptedException;
    }

    /** {@code rounds} rounds of every side in turn; one table row per side after the floor (the first side). */
    private static List<String> scenario(String name, int rounds, List<Child> sides, Load load) throws InterruptedException {
        List<List<Run>> runs = new ArrayList<>();
        sides.forEach(s -> runs.add(new ArrayList<>()));
        String firstLoad = loadAverage();
        for (int round = 1; round <= rounds; round++) {
            for (int i = 0; i < sides.size(); i++) {
                Child side = sides.get(i);
                String before = loadAverage();
                long cpu = cpuNanos(side);
                AgiLoadDriver.Result r = load.run(side);
                double cpuMicros = (cpuNanos(side) - cpu) / 1000.0 / Math.max(1, r.completed());
                Run run = new Run(side.name(), r.completed() * 1e9 / Math.max(1, r.wallTime().toNanos()), r.sessionWall().p50(),
                    r.sessionWall().p99(), r.perCommand().p99(), r.sessions() - r.completed() + r.fallbacks(), before, cpuMicros);
                runs.get(i).add(run);
                System.out.printf("RESULT agi-floor %s round %d %-6s: %8.1f sessions/s, session p50 %.3f / p99 %.3f ms, per command p99"
                    + " %.3f ms, server CPU %.0f us/session, %d sessions, %d not completed; load average before: %s%n", name, round,
                    side.name(), run.perSecond(), run.p50() / 1000.0, run.p99() / 1000.0, run.commandP99() / 1000.0, run.cpuMicros(),
                    r.sessions(), run.failed(), before);
            }
            Run f = runs.get(0).getLast();
            for (int i = 1; i < sides.size(); i++) {
                Run e = runs.get(i).getLast();
                System.out.printf("RESULT agi-floor %s round %d ratio %s/floor: sessions/s %.2f, p99 %.2f, CPU per session %.2f%n", name,
                    round, e.side(), e.perSecond() / f.perSecond(), (double) e.p99() / Math.max(1, f.p99()), e.cpuMicros() / f.cpuMicros());
            }
        }
        List<String> rows = new ArrayList<>();
        String lastLoad = loadAverage();
        List<Run> floors = runs.get(0);
        double fs = median(floors.stream().mapToDouble(Run::perSecond).toArray());
        double f50 = median(floors.stream().mapToDouble(Run::p50).toArray()) / 1000;
        double f99 = median(floors.stream().mapToDouble(Run::p99).toArray()) / 1000;
        double fc = median(floors.stream().mapToDouble(Run::cpuMicros).toArray());
        for (int i = 1; i < sides.size(); i++) {
            List<Run> side = runs.get(i);
            double es = median(side.stream().mapToDouble(Run::perSecond).toArray());
            double e50 = median(side.stream().mapToDouble(Run::p50).toArray()) / 1000;
            double e99 = median(side.stream().mapToDouble(Run::p99).toArray()) / 1000;
            double ec = median(side.stream().mapToDouble(Run::cpuMicros).toArray());
            String row = String.format("| %s | %s | %.0f | %.0f | **%.2fx** | %.3f / %.3f | %.3f / %.3f | %.2f | %.0f / %.0f (%.2fx)"
                + " | %s ... %s |", name, sides.get(i).name(), fs, es, es / fs, f50, f99, e50, e99, e99 / f99, fc, ec, fc / ec, firstLoad,
                lastLoad);
            System.out.println("RESULT agi-floor median of " + rounds + " rounds: " + row);
            rows.add(row);
        }
        return rows;
    }

    /** Plays {@code n} calls on both and stops when any call's command lines differ. */
    private static void checkSameCommands(Child floor, Child engine, int n, List<String> dialed, List<String> codes)
            throws InterruptedException {
        AgiLoadDriver f = new AgiLoadDriver(config(floor.port(), n, 1000, dialed, codes), true);
        AgiLoadDriver e = new AgiLoadDriver(config(engine.port(), n, 1000, dialed, codes), true);
        AgiLoadDriver.Result fr = f.runConcurrent(4, Duration.ofSeconds(60));
        AgiLoadDriver.Result er = e.runConcurrent(4, Duration.ofSeconds(60));
        if (fr.completed() != n || er.completed() != n || fr.fallbacks() + er.fallbacks() > 0) {
            throw new IllegalStateException("check: floor " + fr.summary() + "; engine " + er.summary());
        }
        int commands = 0;
        int shared = 0;
        for (int i = 0; i < n; i++) {
            if (!f.transcript(i).equals(e.transcript(i))) {
                throw new IllegalStateException("call " + i + " (dialed " + dialed.get(i % dialed.size()) + "): the floor sent "
                    + f.transcript(i) + " but the engine " + e.transcript(i));
            }
            commands += e.transcript(i).size();
            shared += e.transcript(i).stream().anyMatch(c -> c.startsWith("GET DATA ")) ? 1 : 0;
        }
        System.out.printf("RESULT agi-floor check: %d calls (%d with a company code), %d commands (%.2f a call): floor and engine"
            + " sent identical command lines%n", n, shared, commands, commands / (double) n);
    }

    private static AgiLoadDriver.Config config(int port, int sessions, double rate, List<String> dialed, List<String> codes) {
        return new AgiLoadDriver.Config("127.0.0.1", port, "inbound", sessions, rate, dialed, codes, "1", Duration.ZERO,
            Duration.ofSeconds(2), Duration.ofSeconds(60), false, Duration.ofSeconds(120));
    }

    /** CPU time the side's JVM has used so far (user + system), from the OS. */
    private static long cpuNanos(Child side) {
        return side.process().info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
    }

    private static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    /** Every company number, shuffled, plus the shared number(s) for one call in ten (as {@link AgiLoadBench}). */
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

    private static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException e) {
            return "unknown";
        }
    }

    /** A child JVM running {@code main}; {@code firstOnClasspath} (may be empty) goes before this JVM's class path. */
    private static Child start(String name, Class<?> main, Path conf, Path work, String firstOnClasspath) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = new ArrayList<>(List.of(java, "-Xmx1g"));
        String extra = System.getProperty("bench." + name + ".jvmArgs", "");
        if (!extra.isBlank()) {
            cmd.addAll(List.of(extra.trim().split("\\s+")));
        }
        cmd.addAll(List.of("-Xlog:gc:file=" + work.resolve(name + "-gc.log"),
            "-Dorg.slf4j.simpleLogger.logFile=" + work.resolve(name + ".log"), "-Dorg.slf4j.simpleLogger.showDateTime=true",
            "-cp", (firstOnClasspath.isBlank() ? "" : firstOnClasspath + File.pathSeparator) + System.getProperty("java.class.path"),
            main.getName(), conf.toString()));
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        PrintWriter in = new PrintWriter(new OutputStreamWriter(p.getOutputStream(), StandardCharsets.UTF_8), true);
        int port = Integer.parseInt(expect(out, "PORT ", name));
        System.out.println(name + " JVM pid " + p.pid() + " (" + main.getSimpleName() + ") on 127.0.0.1:" + port);
        return new Child(name, p, out, in, port);
    }

    private static String expect(BufferedReader out, String prefix, String name) throws IOException {
        String line;
        while ((line = out.readLine()) != null) {
            if (line.startsWith(prefix)) {
                return line.substring(prefix.length()).trim();
            }
            System.out.println(name + ": " + line);
        }
        throw new IOException(name + " JVM ended before printing '" + prefix + "...'");
    }
}
