package ascc.core.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ascc.core.Engine;
import ascc.routing.config.Capacity;
import ascc.testsupport.sipp.Sipp;
import ascc.testsupport.time.Await;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Fault (e), overload, through the real Asterisk and the engine: SIPp callers who hang up in the menus, offered far
 * above what the configured limits take. With {@code capacity.new-calls-per-second} set the callers go through the SIP
 * admission front (Kamailio, rendered {@code sip-admission.cfg}), which answers new calls beyond that rate 503 before
 * Asterisk sees them; Asterisk refuses calls beyond {@code capacity.max-calls} at once (503), the engine gives sessions
 * beyond {@code capacity.agi-max-sessions} the fallback at once, accepted calls are answered with their normal latency,
 * no channel is left behind, and full service is back right after.
 *
 * <p>Quick by default (front 20 new calls/s, limits 20 calls / 10 sessions, 60 calls/s for 10 s, ~40 s with two
 * Asterisk restarts). The long version ({@code benchmarks/overload.sh}) sets system properties: {@code ovl.perSecond}
 * (0 = no front, straight to Asterisk), {@code ovl.maxCalls}, {@code ovl.maxSessions},
 * {@code ovl.rate}, {@code ovl.seconds}, {@code ovl.hold} (ms a caller stays), {@code ovl.ramp} (comma-separated rates
 * run {@code ovl.stepSeconds} each before the overload, to find the capacity), {@code ovl.rampOnly} (stop after the
 * ramp), {@code ovl.out} (summary file).
 */
class OverloadIT {
    private static final String OWN_NUMBER = "0700000001";
    private static final int MAX_CALLS = Integer.getInteger("ovl.maxCalls", 20);
    private static final int MAX_SESSIONS = Integer.getInteger("ovl.maxSessions", 10);
    private static final int PER_SECOND = Integer.getInteger("ovl.perSecond", 20);
    /** The front's bound on calls in set-up (capacity.max-calls-in-setup); default as engine.yaml's when the key is unset. */
    private static final int IN_SETUP = Integer.getInteger("ovl.inSetup", Capacity.defaultCallsInSetup(PER_SECOND));
    /** The admission front's port (IT engine.yaml capacity.admission-port) when there is one, else Asterisk's. */
    private static final int SIP_PORT = PER_SECOND > 0 ? 5080 : 5060;
    private static final Pattern CALL_LIMIT = Pattern.compile("Maximum call limit of \\d+ calls exceeded");
    private static final double RATE = Double.parseDouble(System.getProperty("ovl.rate", "60"));
    private static final int SECONDS = Integer.getInteger("ovl.seconds", 10);
    private static final int HOLD_MS = Integer.getInteger("ovl.hold", 1000);
    private static final String RAMP = System.getProperty("ovl.ramp", "");
    private static final int STEP_SECONDS = Integer.getInteger("ovl.stepSeconds", 10);
    private static final boolean RAMP_ONLY = Boolean.getBoolean("ovl.rampOnly");
    private static final Pattern CHANNELS = Pattern.compile("(\\d+) active channels?");
    private static final Pattern SHED = Pattern.compile("(?m)^ascc_agi_sessions_shed_total(?:\\{[^}]*})? ([0-9.eE+]+)$");
    private static final Pattern SESSIONS = Pattern.compile("(?m)^ascc_agi_sessions_total(?:\\{[^}]*})? ([0-9.eE+]+)$");
    private final List<String> report = new ArrayList<>();

    @BeforeAll
    static void limits() throws Exception {
        Assumptions.assumeTrue(Sipp.isInstalled(), "sipp (sip-tester) is not installed");
        RealStack.loadAsteriskWith(limitsEnv());
    }

    private static Map<String, String> limitsEnv() {
        return Map.of("ASCC_MAX_CALLS", Integer.toString(MAX_CALLS), "ASCC_AGI_MAX_SESSIONS", Integer.toString(MAX_SESSIONS),
            "ASCC_NEW_CALLS_PER_SECOND", Integer.toString(PER_SECOND), "ASCC_MAX_CALLS_IN_SETUP", Integer.toString(IN_SETUP));
    }

    @Test
    void beyondCapacityNewCallsAreRefusedFastAcceptedOnesAreServedNothingIsLeftAndServiceReturns() throws Exception {
        note("overload run %s: new-calls-per-second %d (%s), max-calls-in-setup %d, max-calls %d, agi-max-sessions %d,"
            + " callers hang up after %d ms; load before: %s", Instant.now(), PER_SECOND,
            PER_SECOND > 0 ? "SIPp calls the admission front" : "no front", IN_SETUP, MAX_CALLS, MAX_SESSIONS, HOLD_MS,
            loadAverage());
        try (Engine engine = RealStack.startEngine(limitsEnv())) {
            int http = engine.httpPort();
            int port = 5300;
            OverloadRun base = OverloadRun.run("baseline", OWN_NUMBER, 5, 10, HOLD_MS, port++, SIP_PORT);
            note("%s", base.line());
            assertEquals(10, base.answered(), () -> "below the limits every call is answered: " + base.line());
            assertEquals(0, base.refused(), base::line);

            for (String step : RAMP.isBlank() ? new String[0] : RAMP.split(",")) {
                double r = Double.parseDouble(step.trim());
                OverloadRun s = OverloadRun.run("ramp", OWN_NUMBER, r, (int) Math.round(r * STEP_SECONDS), HOLD_MS, port++, SIP_PORT);
                note("%s | load %s | channels left %d", s.line(), loadAverage(), awaitNoChannels(Duration.ofSeconds(30)));
            }
            if (RAMP_ONLY) {
                return;
            }

            double shedBefore = metric(http, SHED);
            double sessionsBefore = metric(http, SESSIONS);
            long asteriskRefusedBefore = asteriskRefusals();
            OverloadRun burst = OverloadRun.run("overload", OWN_NUMBER, RATE, (int) Math.round(RATE * SECONDS), HOLD_MS, port++,
                SIP_PORT);
            long asteriskRefused = asteriskRefusals() - asteriskRefusedBefore;
            String loadAfter = loadAverage();
            long left = channelsNow();
            long releasedAt = System.currentTimeMillis();
            // channels of callers still on the call (SIPp never sent their BYE) are not left behind: not waited for
            long stillUp = burst.neverHungUp();
            long leftAfterWait = awaitChannelsAtMost(stillUp, Duration.ofSeconds(5));
            long releaseMs = System.currentTimeMillis() - releasedAt;
            double shed = metric(http, SHED) - shedBefore;
            double sessions = metric(http, SESSIONS) - sessionsBefore;
            note("%s | load after %s", burst.line(), loadAfter);
            note("engine: %.0f FastAGI sessions, %.0f of them shed to the fallback (limit %d); refused (503) %d: %d by Asterisk"
                + " (max-calls), %d by the admission front", sessions, shed, MAX_SESSIONS, burst.refused(), asteriskRefused,
                burst.refused() - asteriskRefused);
            note("channels when SIPp ended: %d; after waiting %d ms: %d (callers SIPp never hung up: %d)", left, releaseMs,
                leftAfterWait, stillUp);

            OverloadRun after = OverloadRun.run("recovery", OWN_NUMBER, 5, 10, HOLD_MS, port, SIP_PORT);
            long recoveryMs = after.firstAnswerEpochMs() - burst.endedEpochMs();
            note("%s | first call answered %d ms after the overload ended", after.line(), recoveryMs);
            note("load at the end: %s", loadAverage());
            if (stillUp > 0) {
                note("hanging up the %d call(s) SIPp never hung up: %s", stillUp,
                    RealStack.asteriskCli("channel request hangup all").strip());
            }

            assertEquals(0, burst.failed(), () -> "every call is either answered or refused cleanly: " + burst.line());
            assertEquals(burst.offered(), burst.answered() + burst.refused(), burst::line);
            assertTrue(burst.refused() > 0, () -> "beyond the limits new calls are refused: " + burst.line());
            if (PER_SECOND > 0) {
                assertTrue(burst.refused() - asteriskRefused > 0, "the admission front refused calls beyond " + PER_SECOND + "/s");
            }
            assertTrue(burst.answered() > 0, burst::line);
            // the engine sheds only when more sessions than its limit arrive at once: with a front, about rate x hold
            boolean sessionsBeyondLimit = PER_SECOND == 0 ? MAX_SESSIONS < MAX_CALLS : PER_SECOND * HOLD_MS / 1000 > MAX_SESSIONS;
            if (sessionsBeyondLimit) {
                assertTrue(shed > 0, "beyond agi-max-sessions the engine sheds to the fallback");
            }
            assertTrue(burst.refuseP99() < 1000, () -> "refused fast: " + burst.line());
            assertTrue(burst.answerP99() < base.answerP99() + 1000,
                () -> "accepted calls keep their normal answer time: " + burst.line() + " vs " + base.line());
            assertTrue(leftAfterWait <= stillUp, "no channel left behind 5 s after the overload: " + leftAfterWait
                + " channels, of which " + stillUp + " of callers who never hung up");
            assertEquals(10, after.answered(), () -> "full service again: " + after.line());
            assertEquals(0, after.refused(), after::line);
            assertTrue(recoveryMs >= 0 && recoveryMs <= 5000, "service is back within 5 s of the overload: " + recoveryMs + " ms");
        } finally {
            writeReport();
        }
    }

    private long awaitNoChannels(Duration max) throws Exception {
        return awaitChannelsAtMost(0, max);
    }

    private long awaitChannelsAtMost(long allowed, Duration max) throws Exception {
        try {
            Await.until(() -> channelsNow() <= allowed, max, () -> "Asterisk channels back to " + allowed);
        } catch (AssertionError e) {
            // reported by the caller with the count
        }
        return channelsNow();
    }

    private static long channelsNow() {
        try {
            Matcher m = CHANNELS.matcher(RealStack.asteriskCli("core show channels count"));
            return m.find() ? Long.parseLong(m.group(1)) : -1;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted asking Asterisk for its channels", e);
        }
    }

    /** "Maximum call limit" lines in Asterisk's log so far: the calls it refused itself (maxcalls). */
    private static long asteriskRefusals() {
        try {
            Path log = RealStack.ASTERISK_ROOT.resolve("var/log/asterisk/messages");
            return Files.exists(log) ? CALL_LIMIT.matcher(Files.readString(log)).results().count() : 0;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot read Asterisk's log", e);
        }
    }

    private static double metric(int http, Pattern p) throws Exception {
        Matcher m = p.matcher(RealStack.get(http, "/metrics", "it-admin-token").body());
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
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
        System.out.println("OVERLOAD " + line);
        report.add(line);
    }

    private void writeReport() throws IOException {
        String out = System.getProperty("ovl.out", "");
        if (out.isBlank()) {
            return;
        }
        Path file = Path.of(out);
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, String.join("\n", report) + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
            StandardOpenOption.APPEND);
    }
}
