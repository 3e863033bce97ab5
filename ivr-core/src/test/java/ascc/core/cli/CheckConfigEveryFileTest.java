package ascc.core.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ascc.core.config.Conf;
import ascc.core.config.ShippedConf;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code ivr check-config} reads every file of conf/ through the config registry: an unknown key anywhere is refused. */
class CheckConfigEveryFileTest {
    @TempDir
    Path dir;
    @TempDir
    Path sandbox;
    private Map<String, String> env;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeEach
    void copyShipped() throws IOException {
        env = ShippedConf.copy(dir, sandbox);
    }

    private int checkConfig() {
        out.reset();
        err.reset();
        Main main = new Main(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                env);
        return main.execute(List.of("check-config", dir.toString()));
    }

    private String output() {
        return out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8);
    }

    static Stream<String> files() {
        return Conf.FILES.stream();
    }

    /**
     * Per file, a line to insert a nested unknown key after and the key path it gets; files without nested mappings of fixed
     * keys (agent-states.yaml's reasons are codes) have none.
     */
    static Stream<Arguments> nested() {
        return Stream.of(
                Arguments.of("engine.yaml", "agi:", "  ", "agi"),
                Arguments.of("companies.yaml", "  - id: hanbit", "    ", "companies[0]"),
                Arguments.of("desks.yaml", "  - id: appliance", "    ", "desks[0]"),
                Arguments.of("agents.yaml", "  - id: \"1001\"", "    ", "agents[0]"),
                Arguments.of("hours.yaml", "after-hours:", "  ", "after-hours"),
                Arguments.of("holidays.yaml", "  - {date: 2026-01-01, name: \"New Year's Day\"}", null, "holidays[0]"),
                Arguments.of("overflow.yaml", "callback:", "  ", "callback"),
                Arguments.of("staffing.yaml", "  - name: appliance morning peak", "    ", "schedules[0]"),
                Arguments.of("recordings.yaml", "prompts:", "  ", "prompts"),
                Arguments.of("campaigns.yaml", "dial:", "  ", "dial"),
                Arguments.of("billing.yaml", "survey:", "  ", "survey"),
                Arguments.of("web.yaml", "session:", "  ", "session"));
    }

    @Test
    void theShippedConfigIsValid() {
        assertEquals(0, checkConfig(), output());
        assertTrue(output().contains(" is valid: "), output());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("files")
    void anUnknownTopLevelKeyAppendedToAnyFileIsRefusedWithFileLineAndKey(String file) throws IOException {
        Path p = dir.resolve(file);
        String text = Files.readString(p);
        text = text.endsWith("\n") ? text : text + "\n";
        int line = (int) text.lines().count() + 1;
        Files.writeString(p, text + "bogus-key: 1\n");

        assertEquals(1, checkConfig(), output());
        assertTrue(output().contains(file + ":" + line + ": bogus-key: unknown key 'bogus-key'"), output());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("nested")
    void anUnknownNestedKeyIsRefusedWithFileLineAndKeyPath(String file, String after, String indent, String path) throws IOException {
        Path p = dir.resolve(file);
        List<String> lines = new ArrayList<>(Files.readAllLines(p));
        int at = lines.indexOf(after);
        assertTrue(at >= 0, file + " should hold the line " + after);
        int line;
        if (indent == null) { // a flow mapping: the key goes inside the braces
            lines.set(at, after.replace("}", ", bogus-nested: 1}"));
            line = at + 1;
        } else {
            lines.add(at + 1, indent + "bogus-nested: 1");
            line = at + 2;
        }
        Files.write(p, lines);

        assertEquals(1, checkConfig(), output());
        assertTrue(output().contains(file + ":" + line + ": " + path + ".bogus-nested: unknown key 'bogus-nested'"), output());
    }

    @Test
    void aBadBillingAmountIsRefusedByCheckConfig() throws IOException {
        Path p = dir.resolve("billing.yaml");
        List<String> lines = Files.readAllLines(p);
        int at = lines.indexOf("base-fee-per-year: 600_000");
        assertTrue(at >= 0, lines.toString());
        lines.set(at, "base-fee-per-year: 600,000 won");
        Files.write(p, lines);

        assertEquals(1, checkConfig(), output());
        assertTrue(output().contains("billing.yaml:" + (at + 1) + ": base-fee-per-year: invalid amount '600,000 won'"), output());
    }

    @Test
    void problemsOfEveryFileAreReportedTogether() throws IOException {
        Files.writeString(dir.resolve("agent-states.yaml"), "auto-login: maybe\n");
        Files.writeString(dir.resolve("billing.yaml"), Files.readString(dir.resolve("billing.yaml"))
                .replace("base-fee-per-year: 600_000", "base-fee-per-year: lots"));
        Files.writeString(dir.resolve("recordings.yaml"), Files.readString(dir.resolve("recordings.yaml"))
                .replace("retention-days: 90", "retention-days: forever"));

        assertEquals(1, checkConfig(), output());
        assertTrue(output().contains("agent-states.yaml:1: auto-login: invalid auto-login 'maybe'"), output());
        assertTrue(output().contains("billing.yaml:") && output().contains("base-fee-per-year: invalid amount 'lots'"), output());
        assertTrue(output().contains("recordings.yaml:") && output().contains("retention-days"), output());
    }

    /** engine.yaml with the ami section replaced by {@code boxes} (two boxes), the rest as shipped. */
    private void twoBoxes(String extraLineInSecondBox) throws IOException {
        Path p = dir.resolve("engine.yaml");
        String text = Files.readString(p);
        int from = text.indexOf("\nami:\n") + 1;
        int to = text.indexOf("\n\n", from) + 1;
        Files.writeString(p, text.substring(0, from) + """
                boxes:
                  - {id: seoul-1, ami-host: 127.0.0.1, ami-port: 5038, ami-username: ascc, ami-secret: "${ASCC_AMI_SECRET:-box-secret-1}",
                     sip-address: 127.0.0.1, trunk-capacity: 100}
                  - id: busan-1
                    ami-host: 127.0.0.2
                    ami-port: 5038
                    ami-username: ascc
                    ami-secret: box-secret-2
                    sip-address: 127.0.0.2
                """ + extraLineInSecondBox + """
                    trunk-capacity: 50
                """ + text.substring(to));
    }

    @Test
    void twoBoxesAreValidAndPrintedWithTheirSecretsMasked() throws IOException {
        twoBoxes("");
        assertEquals(0, checkConfig(), output());
        assertTrue(output().contains("box busan-1: AMI ascc@127.0.0.2:5038, secret ****, SIP 127.0.0.2, trunk capacity 50"),
                output());
        assertTrue(!output().contains("box-secret-2"), output());
    }

    @Test
    void anUnknownKeyInABoxIsRefusedWithFileLineKeyAndTheAllowedKeys() throws IOException {
        twoBoxes("    sip-port: 5070\n");
        List<String> lines = Files.readAllLines(dir.resolve("engine.yaml"));
        int line = lines.indexOf("    sip-port: 5070") + 1;
        assertEquals(1, checkConfig(), output());
        assertTrue(output().contains("engine.yaml:" + line + ": boxes[1].sip-port: unknown key 'sip-port' (allowed: id, ami-host,"
                + " ami-port, ami-username, ami-secret, sip-address, trunk-capacity, config-dir, cdr-file)"), output());
    }
}
