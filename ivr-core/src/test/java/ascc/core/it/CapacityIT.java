package ascc.core.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ascc.core.Engine;
import ascc.testsupport.sipp.Sipp;
import ascc.testsupport.time.Await;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Issue 17's capacity comparison, the measuring half of {@code benchmarks/capacity.sh} (which builds the floor's
 * classpath and the static dialplan, then runs this class alone; it is skipped unless {@code cap.setups} is set, so
 * it costs nothing in {@code test-all}). For each setup, one after the other on the same sandbox Asterisk with the
 * same SIPp scenario ({@code sipp/overload-call.xml}: a customer who calls a company's own number and hangs up in its
 * menu after {@code cap.hold} ms): a warm-up, then a ramp of new calls/s, {@code cap.step} seconds each.
 * <ul>
 *   <li>{@code engine}: the engine (its inbound flow over FastAGI), as {@link OverloadIT} starts it;</li>
 *   <li>{@code floor}: no engine; the bare FastAGI responder ({@code cap.floorCommand}, benchmarks' AgiFloorServer on
 *       the engine's AGI port) sends the same command lines;</li>
 *   <li>{@code static}: no FastAGI; the inbound context's {@code AGI(...)} line is replaced by the dialplan
 *       applications in {@code cap.staticDialplan} (the same commands as Answer(), Read(), MSet()).</li>
 *   <li>{@code engine2x2}, {@code floor2x2}: two boxes and two engine nodes (or a bare responder per node) in network
 *       namespaces, half of each step's calls to each box ({@link CapacityTwoBoxes}).</li>
 * </ul>
 * Limits from {@code capacity} of the IT {@code engine.yaml} through the environment ({@code cap.maxCalls},
 * {@code cap.maxSessions}), high enough that they refuse nothing: this measures what the box serves. One line per
 * step in {@code cap.out} with {@code /proc/loadavg} and the channels left; the script picks the capacities.
 */
class CapacityIT {
    private static final String OWN_NUMBER = "0700000001";
    private static final String SETUPS = System.getProperty("cap.setups", "");
    private static final String RAMP = System.getProperty("cap.ramp", "100,150,200,250,300");
    private static final int STEP_SECONDS = Integer.getInteger("cap.step", 10);
    private static final int HOLD_MS = Integer.getInteger("cap.hold", 200);
    private static final int MAX_CALLS = Integer.getInteger("cap.maxCalls", 1000);
    private static final int MAX_SESSIONS = Integer.getInteger("cap.maxSessions", 1000);
    /** Warm-up before the ramp, {@code rate:calls}: long enough that a JVM's JIT has compiled the hot paths (steady state). */
    private static final String WARM_UP = System.getProperty("cap.warmup", "100:3000");
    private static final Pattern CHANNELS = Pattern.compile("(\\d+) active channels?");
    private static final Pattern INBOUND_AGI = Pattern.compile("(?m)^ same => n,AGI\\(agi://[^)]*/inbound,[^)]*\\)$");
    private int sipPort = 5400;

    @Test
    void eachSetupIsRampedWithTheSameCallsOnTheSameAsterisk() throws Exception {
        Assumptions.assumeFalse(SETUPS.isBlank(), "run by benchmarks/capacity.sh (cap.setups)");
        Assumptions.assumeTrue(Sipp.isInstalled(), "sipp (sip-tester) is not installed");
        for (String setup : SETUPS.split(",")) {
            switch (setup.trim()) {
                case "engine" -> engine();
                case "floor" -> floor();
                case "static" -> staticDialplan();
                case "engine2x2", "floor2x2" -> twoBoxes(setup.trim());
                default -> throw new IllegalArgumentException("cap.setups: unknown setup '" + setup
                    + "' (engine, floor, static, engine2x2, floor2x2)");
            }
        }
    }

    private void engine() throws Exception {
        RealStack.loadAsteriskWith(limitsEnv());
        try (Engine engine = RealStack.startEngine(limitsEnv())) {
            // the engine runs in this JVM: its CPU is the process's less this (the test's) thread, which runs SIPp and reads
            // its files; the other test-side threads (surefire's) are idle
            com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
            java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
            long[] cpu0 = new long[2];
            List<Map<String, Long>> threads0 = new java.util.ArrayList<>();
            long[] warmCalls = new long[1];
            long calls = ramp("engine", (name, rate, n) -> OverloadRun.run(name, OWN_NUMBER, rate, n, HOLD_MS, sipPort++),
                CapacityIT::awaitNoChannels, warm -> { // measured over the ramp, after the warm-up (JIT compilation mostly done)
                    warmCalls[0] = warm;
                    cpu0[0] = os.getProcessCpuTime();
                    cpu0[1] = threads.getCurrentThreadCpuTime();
                    threads0.add(ThreadCpu.snapshot());
                });
            Map<String, Long> threads1 = ThreadCpu.snapshot();
            long engineCpu = os.getProcessCpuTime() - cpu0[0] - (threads.getCurrentThreadCpuTime() - cpu0[1]);
            long rampCalls = calls - warmCalls[0];
            note("engine: Java CPU %.0f ms for the ramp's %d calls = %.3f ms a call (the JVM's CPU less the test thread's)",
                engineCpu / 1e6, rampCalls, engineCpu / 1e6 / Math.max(1, rampCalls));
            note("engine: CPU by thread over the ramp (JIT and GC included; the test thread is 'main'): %s",
                ThreadCpu.top(threads0.get(0), threads1, 14));
            java.util.regex.Matcher m = Pattern.compile("(?m)^ascc_agi_sessions_total(?:\\{[^}]*})? ([0-9.eE+]+)$")
                .matcher(RealStack.get(engine.httpPort(), "/metrics", "it-admin-token").body());
            note("engine: %s FastAGI sessions served", m.find() ? m.group(1) : "unknown");
        }
    }

    private void floor() throws Exception {
        String command = System.getProperty("cap.floorCommand", "");
        assertTrue(!command.isBlank(), "cap.floorCommand: the bare FastAGI responder's command line");
        RealStack.loadAsteriskWith(limitsEnv());
        Process floor = new ProcessBuilder(command.split(" ")).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(floor.getInputStream(), StandardCharsets.UTF_8));
            String first = out.readLine();
            assertTrue(first != null && first.startsWith("PORT "), "the floor server did not start: " + first);
            ramp("floor");
            floor.getOutputStream().write("sessions\nrouted\n".getBytes(StandardCharsets.US_ASCII));
            floor.getOutputStream().flush();
            String sessions = out.readLine();
            note("floor: %s FastAGI connections served, %s (whole script sent: callers hang up in the first menu)", sessions,
                out.readLine());
            long n = sessions == null ? 0 : Long.parseLong(sessions.replaceAll("\\D", ""));
            assertTrue(n > 0, "the floor served no FastAGI session: Asterisk did not reach it on the engine's AGI port");
        } finally {
            floor.destroy();
            floor.waitFor();
        }
    }

    private void staticDialplan() throws Exception {
        Path file = Path.of(System.getProperty("cap.staticDialplan", ""));
        List<String> apps = Files.readAllLines(file).stream().filter(l -> !l.isBlank()).toList();
        assertTrue(!apps.isEmpty(), "cap.staticDialplan: no dialplan applications in " + file);
        String replacement = apps.stream().map(a -> " same => n," + a).collect(Collectors.joining("\n"));
        UnaryOperator<String> noAgi = conf -> {
            Matcher m = INBOUND_AGI.matcher(conf);
            assertTrue(m.find(), "the rendered inbound context has no AGI(.../inbound) line");
            return m.replaceFirst(Matcher.quoteReplacement(replacement));
        };
        RealStack.loadAsteriskWith(limitsEnv(), noAgi);
        ramp("static");
    }

    /** Two boxes and two engine nodes (or two floors) in network namespaces: {@link CapacityTwoBoxes}. */
    private void twoBoxes(String setup) throws Exception {
        try (CapacityTwoBoxes two = CapacityTwoBoxes.up(setup, limitsEnv(), System.getProperty("cap.floorCommand", ""))) {
            note("%s: boxes %s and %s, %s; half of each step's calls to each box", setup, CapacityTwoBoxes.BOX_A,
                CapacityTwoBoxes.BOX_B, setup.equals("engine2x2") ? "engine nodes " + CapacityTwoBoxes.NODE_1 + " and "
                    + CapacityTwoBoxes.NODE_2 + " (each box tries its own first)" : "a bare FastAGI responder per node address");
            long[] cpu0 = two.processCpuMillis();
            long calls = ramp(setup, (name, rate, n) -> two.step(name, OWN_NUMBER, rate, n, HOLD_MS, sipPort++), two::awaitNoChannels);
            long[] cpu1 = two.processCpuMillis();
            note("%s: %s; CPU of node 1 %d ms, node 2 %d ms for %d calls (warm-up and ramp) = %.3f ms a call", setup, two.served(),
                cpu1[0] - cpu0[0], cpu1[1] - cpu0[1], calls, (cpu1[0] - cpu0[0] + cpu1[1] - cpu0[1]) / (double) Math.max(1, calls));
        }
    }

    /** One step of a ramp: {@code calls} calls at {@code rate} new calls/s. */
    @FunctionalInterface
    private interface Step {
        OverloadRun run(String name, double rate, int calls);
    }

    private long ramp(String setup) {
        return ramp(setup, (name, rate, calls) -> OverloadRun.run(name, OWN_NUMBER, rate, calls, HOLD_MS, sipPort++),
            CapacityIT::awaitNoChannels);
    }

    private long ramp(String setup, Step step, java.util.function.LongSupplier channelsLeft) {
        return ramp(setup, step, channelsLeft, warm -> { });
    }

    /** Warm-up and ramp; the calls offered in all ({@code warmedUp} gets the warm-up's, before the ramp starts). */
    private long ramp(String setup, Step step, java.util.function.LongSupplier channelsLeft, java.util.function.LongConsumer warmedUp) {
        note("%s: %s, max-calls %d, agi-max-sessions %d, callers hang up after %d ms, %d s a step; load before: %s", setup,
            Instant.now(), MAX_CALLS, MAX_SESSIONS, HOLD_MS, STEP_SECONDS, loadAverage());
        String[] warmUp = WARM_UP.split(":");
        OverloadRun warm = step.run("warm-up", Double.parseDouble(warmUp[0]), Integer.parseInt(warmUp[1].trim()));
        note("%s %s | load %s | channels left %d", setup, warm.line(), loadAverage(), channelsLeft.getAsLong());
        long offered = warm.offered();
        warmedUp.accept(offered);
        for (String rate : RAMP.split(",")) {
            double r = Double.parseDouble(rate.trim());
            OverloadRun s = step.run("ramp", r, (int) Math.round(r * STEP_SECONDS));
            offered += s.offered();
            note("%s %s | load %s | channels left %d", setup, s.line(), loadAverage(), channelsLeft.getAsLong());
        }
        return offered;
    }

    private static Map<String, String> limitsEnv() {
        return Map.of("ASCC_MAX_CALLS", Integer.toString(MAX_CALLS), "ASCC_AGI_MAX_SESSIONS", Integer.toString(MAX_SESSIONS));
    }

    private static long awaitNoChannels() {
        try {
            Await.until(() -> channelsNow() == 0, Duration.ofSeconds(30), () -> "Asterisk channels back to 0");
        } catch (AssertionError e) {
            // reported with the count
        }
        return channelsNow();
    }

    private static long channelsNow() {
        try {
            Matcher m = CHANNELS.matcher(RealStack.asteriskCli("core show channels count"));
            return m.find() ? Long.parseLong(m.group(1)) : -1;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted asking Asterisk for its channels", e);
        }
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).strip();
        } catch (IOException e) {
            return "unknown (" + e.getMessage() + ")";
        }
    }

    private void note(String format, Object... args) {
        String line = String.format(Locale.ROOT, format, args);
        System.out.println("CAPACITY " + line);
        // appended at once, so benchmarks/capacity.sh's output file shows the progress
        String out = System.getProperty("cap.out", "");
        if (out.isBlank()) {
            return;
        }
        try {
            Path file = Path.of(out);
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, line + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to " + out, e);
        }
    }
}
