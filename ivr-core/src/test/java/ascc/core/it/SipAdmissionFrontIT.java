package ascc.core.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ascc.core.asterisk.AsteriskConfigRenderer;
import ascc.core.config.yaml.ConfigLoader;
import ascc.testsupport.sipp.Sipp;
import ascc.testsupport.time.Await;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The SIP admission front's bound on calls in set-up ({@code capacity.max-calls-in-setup}), through a real Kamailio
 * running the engine's rendered {@code sip-admission.cfg} and real SIP: SIPp callers call the front, which relays to a
 * SIPp "box" that takes {@value #ANSWER_MS} ms to answer every call (as a slowed-down Asterisk does). Offered
 * {@value #RATE} new calls/s, far below the front's rate (so the rate refuses nothing) but 16 calls in set-up at once
 * against a bound of {@value #IN_SETUP}: the front lets a new call through only while fewer than {@value #IN_SETUP} it
 * let through are unanswered, answers the rest 503 at once, and counts an answered call out, so calls come through
 * again right after. The box's own view ({@code -trace_rtt}: INVITE received to 200 sent, inside the front's count)
 * never shows more than {@value #IN_SETUP} calls in set-up at once. No Asterisk, engine or database: the front alone.
 */
class SipAdmissionFrontIT {
    private static final int IN_SETUP = 4;
    private static final int ANSWER_MS = 400;
    private static final int RATE = 40;
    private static final int CALLS = 100;
    private static final int FRONT_PORT = 5281;
    private static final int BOX_PORT = 5282;

    @Test
    void theFrontLetsThroughOnlyTheCallsTheBoxIsStillSettingUpWithinItsBoundAndRefusesTheRestAtOnce() throws Exception {
        Assumptions.assumeTrue(Sipp.isInstalled(), "sipp (sip-tester) is not installed");
        Path cfg = RealStack.ASTERISK_ROOT.resolve("tmp/ascc-front-it.cfg");
        Files.writeString(cfg, renderedFront());
        Process front = new ProcessBuilder("chroot", RealStack.ASTERISK_ROOT.toString(), "/usr/sbin/kamailio", "-DD", "-E",
            "-m", "64", "-M", "8", "-f", "/tmp/ascc-front-it.cfg")
            .redirectErrorStream(true).redirectOutput(Path.of("target/sip-admission-front-it.log").toFile()).start();
        try (Sipp.Running box = Sipp.builder()
                .scenarioXml("slow-answer", Sipp.resource("sipp/slow-answer-uas.xml").replace("ANSWER_MS", Integer.toString(ANSWER_MS)))
                .localPort(BOX_PORT).args("-trace_rtt", "-rtt_freq", "1").timeout(Duration.ofSeconds(60)).start()) {
            Await.until(() -> logHas("Listening on") || !front.isAlive(), Duration.ofSeconds(10), () -> "Kamailio started");
            assertTrue(front.isAlive(), () -> "Kamailio exited at start: " + log());

            OverloadRun burst = OverloadRun.run("burst", "0700000001", RATE, CALLS, 200, 5283, FRONT_PORT);
            assertEquals(0, burst.failed(), () -> "every call answered or refused (503): " + burst.line());
            assertEquals(CALLS, burst.answered() + burst.refused(), burst::line);
            assertTrue(burst.refused() > 0, () -> "calls beyond " + IN_SETUP + " in set-up refused: " + burst.line());
            assertTrue(burst.answered() >= IN_SETUP, () -> "calls within the bound answered: " + burst.line());
            assertTrue(OverloadRun.percentile(burst.refuseMs(), 99) < 100, () -> "refused at once: " + burst.line());

            // answered calls are counted out: one call at a time is answered every time
            OverloadRun after = OverloadRun.run("after", "0700000001", 2, 4, 200, 5284, FRONT_PORT);
            assertEquals(4, after.answered(), () -> "calls within the bound after the burst: " + after.line());

            Await.until(() -> boxRows(box.workDir()).size() >= burst.answered() + after.answered(), Duration.ofSeconds(10),
                () -> "the box wrote every answered call's set-up time");
            int most = mostAtOnce(boxRows(box.workDir()));
            System.out.printf("SipAdmissionFrontIT: bound %d, box answers in %d ms: %s; %s; most in set-up at once (box's"
                + " view): %d%n", IN_SETUP, ANSWER_MS, burst.line(), after.line(), most);
            assertTrue(most <= IN_SETUP, "the box never had more than " + IN_SETUP + " calls in set-up at once: " + most);
            assertTrue(most >= 2, "the bound, not the rate, limited the burst: " + most + " at once");
        } finally {
            front.destroy();
            front.waitFor();
        }
    }

    private static String renderedFront() throws Exception {
        Path conf = ConfCopy.of("sip-admission-front-it");
        Path engine = conf.resolve("engine.yaml");
        String yaml = Files.readString(engine)
            .replace("  sip-port: 5060\n", "  sip-port: " + BOX_PORT + "\n")
            .replace("  new-calls-per-second: ${ASCC_NEW_CALLS_PER_SECOND:-0}\n", "  new-calls-per-second: 1000\n")
            .replace("  max-calls-in-setup: ${ASCC_MAX_CALLS_IN_SETUP:-0}\n", "  max-calls-in-setup: " + IN_SETUP + "\n")
            .replace("  admission-port: 5080\n", "  admission-port: " + FRONT_PORT + "\n");
        assertTrue(yaml.contains("max-calls-in-setup: " + IN_SETUP) && yaml.contains("sip-port: " + BOX_PORT), yaml);
        Files.writeString(engine, yaml);
        return AsteriskConfigRenderer.render(ConfigLoader.load(conf, RealStack.renderEnv()))
            .get(AsteriskConfigRenderer.SIP_ADMISSION_CFG);
    }

    /** The box's rtt rows: {end ms, set-up ms} of each answered call. */
    private static List<double[]> boxRows(Path dir) {
        List<double[]> rows = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.getFileName().toString().endsWith("_rtt.csv")).toList()) {
                for (String line : Files.readAllLines(f)) {
                    String[] c = line.split(";");
                    if (c.length >= 2 && !c[0].startsWith("Date")) {
                        rows.add(new double[] {Double.parseDouble(c[0]), Double.parseDouble(c[1])});
                    }
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("the box's rtt files in " + dir + " not read", e);
        }
        return rows;
    }

    /** Most intervals [end - set-up, end] open at once; an end at the same instant as a start closes first. */
    static int mostAtOnce(List<double[]> rows) {
        List<double[]> events = new ArrayList<>();
        for (double[] r : rows) {
            events.add(new double[] {r[0] - r[1], 1});
            events.add(new double[] {r[0], -1});
        }
        events.sort(Comparator.<double[]>comparingDouble(e -> e[0]).thenComparingDouble(e -> e[1]));
        int open = 0;
        int most = 0;
        for (double[] e : events) {
            open += (int) e[1];
            most = Math.max(most, open);
        }
        return most;
    }

    private static boolean logHas(String text) {
        return log().contains(text);
    }

    private static String log() {
        try {
            Path f = Path.of("target/sip-admission-front-it.log");
            return Files.exists(f) ? Files.readString(f) : "";
        } catch (IOException e) {
            throw new IllegalStateException("Kamailio's output not read", e);
        }
    }
}
