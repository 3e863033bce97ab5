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
                default -> throw new IllegalArgumentException("cap.setups: unknown setup '" + setup + "' (engine, floor, static)");
            }
        }
    }

    private void engine() throws Exception {
        RealStack.loadAsteriskWith(limitsEnv());
        try (Engine engine = RealStack.startEngine(limitsEnv())) {
            ramp("engine");
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

    private void ramp(String setup) throws Exception {
        note("%s: %s, max-calls %d, agi-max-sessions %d, callers hang up after %d ms, %d s a step; load before: %s", setup,
            Instant.now(), MAX_CALLS, MAX_SESSIONS, HOLD_MS, STEP_SECONDS, loadAverage());
        OverloadRun warm = OverloadRun.run("warm-up", OWN_NUMBER, 50, 250, HOLD_MS, sipPort++);
        note("%s %s | load %s | channels left %d", setup, warm.line(), loadAverage(), awaitNoChannels());
        for (String step : RAMP.split(",")) {
            double r = Double.parseDouble(step.trim());
            OverloadRun s = OverloadRun.run("ramp", OWN_NUMBER, r, (int) Math.round(r * STEP_SECONDS), HOLD_MS, sipPort++);
            note("%s %s | load %s | channels left %d", setup, s.line(), loadAverage(), awaitNoChannels());
        }
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
