package ascc.routing.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** engine.yaml {@code boxes}: several Asterisk boxes instead of the one-box {@code ami} section. */
class BoxesConfigTest {
    private static final String AMI = """
            ami:
              host: 127.0.0.1
              port: 5038
              username: ascc
              secret: ami-secret-1
            """;
    /** Two boxes; lines 4..17 of the file. */
    private static final String TWO_BOXES = """
            boxes:
              - id: seoul-1
                ami-host: 10.77.0.10
                ami-port: 5038
                ami-username: ascc
                ami-secret: ${BOX1_SECRET:-box-secret-1}
                sip-address: 10.77.0.10
                trunk-capacity: 120
              - id: busan-1
                ami-host: 10.77.0.11
                ami-port: 5038
                ami-username: ascc
                ami-secret: box-secret-2
                sip-address: 10.77.0.11
                trunk-capacity: 60
            """;

    @TempDir
    Path dir;

    private ConfigFixture engine(String boxes) {
        return ConfigFixture.in(dir).write("engine.yaml", ConfigFixture.ENGINE.replace(AMI, boxes));
    }

    @Test
    void theAmiSectionIsOneBoxNamedDefaultWithTheSipBindAndMaxCalls() throws ConfigException {
        EngineSettings e = ConfigFixture.in(dir).load().engine();
        assertEquals(List.of(new AsteriskBox("default", "127.0.0.1", 5038, "ascc", Secret.of("ami-secret-1"), "127.0.0.1", 400)),
                e.boxes());
        assertFalse(e.severalBoxes());
    }

    @Test
    void severalBoxesAreReadInFileOrderAndTheFirstIsTheAmiSettings() throws ConfigException {
        EngineSettings e = engine(TWO_BOXES).env("BOX1_SECRET", "from-the-env").load().engine();
        assertEquals(List.of("seoul-1", "busan-1"), e.boxes().stream().map(AsteriskBox::id).toList());
        assertEquals(new AsteriskBox("busan-1", "10.77.0.11", 5038, "ascc", Secret.of("box-secret-2"), "10.77.0.11", 60),
                e.box("busan-1").orElseThrow());
        assertEquals("from-the-env", e.boxes().getFirst().amiSecret().reveal());
        assertEquals("10.77.0.10", e.amiHost());
        assertTrue(e.severalBoxes());
    }

    @Test
    void eachBoxMayNameTheDirectoryOfItsRenderedFilesAndItsCdrFileAndTheFirstInheritsTheAsteriskOnes() throws ConfigException {
        String own = TWO_BOXES.replace("    trunk-capacity: 60\n", "    trunk-capacity: 60\n    config-dir: /srv/busan-1/asterisk\n"
                + "    cdr-file: /srv/busan-1/cdr.csv\n");
        CenterConfig c = ConfigFixture.in(dir).write("engine.yaml", ConfigFixture.ENGINE.replace(AMI, own)
                .replace("asterisk:\n", "asterisk:\n  config-dir: /etc/asterisk\n  cdr-file: /var/log/asterisk/cdr.csv\n")).load();
        EngineSettings e = c.engine();
        AsteriskBox busan = e.box("busan-1").orElseThrow();
        assertEquals("/srv/busan-1/asterisk", busan.configDir());
        assertEquals("/srv/busan-1/cdr.csv", busan.cdrFile());
        AsteriskBox seoul = e.boxes().getFirst();
        assertEquals("/etc/asterisk", seoul.configDir(), "the first box: asterisk.config-dir, as with one box");
        assertEquals("/var/log/asterisk/cdr.csv", seoul.cdrFile());
        assertTrue(ConfigPrinter.print(c).contains("config in /srv/busan-1/asterisk, CDR file /srv/busan-1/cdr.csv"),
                ConfigPrinter.print(c));

        EngineSettings none = engine(TWO_BOXES).load().engine();
        assertEquals("", none.box("busan-1").orElseThrow().configDir(), "not managed unless named");
        assertEquals("", none.box("busan-1").orElseThrow().cdrFile());
    }

    @Test
    void twoBoxesCannotShareAConfigDirectoryOrACdrFile() {
        String shared = TWO_BOXES.replace("    trunk-capacity: 120\n", "    trunk-capacity: 120\n    config-dir: /srv/ast\n"
                + "    cdr-file: /srv/cdr.csv\n").replace("    trunk-capacity: 60\n", "    trunk-capacity: 60\n"
                + "    config-dir: /srv/ast\n    cdr-file: /srv/cdr.csv\n");
        ConfigException ex = org.junit.jupiter.api.Assertions.assertThrows(ConfigException.class, () -> engine(shared).load());
        String problems = ex.problems().toString();
        assertTrue(problems.contains("duplicate config directory '/srv/ast'"), problems);
        assertTrue(problems.contains("duplicate CDR file '/srv/cdr.csv'"), problems);
    }

    @Test
    void aBoxPrintsWithItsSecretMasked() throws ConfigException {
        CenterConfig c = engine(TWO_BOXES).load();
        String printed = c.engine().boxes().toString() + ConfigPrinter.print(c) + c.engine();
        assertFalse(printed.contains("box-secret-1") || printed.contains("box-secret-2"), printed);
        assertTrue(ConfigPrinter.print(c).contains("box busan-1: AMI ascc@10.77.0.11:5038, secret ****, SIP 10.77.0.11,"
                + " trunk capacity 60"), ConfigPrinter.print(c));
    }

    @Test
    void forBoxPutsThatBoxFirstWithItsAmiAndSipAddress() throws ConfigException {
        EngineSettings e = engine(TWO_BOXES).load().engine();
        EngineSettings b = e.forBox(e.box("busan-1").orElseThrow());
        assertEquals("10.77.0.11", b.amiHost());
        assertEquals("10.77.0.11", b.sipBind());
        assertEquals("box-secret-2", b.amiSecret().reveal());
        assertEquals(List.of("busan-1", "seoul-1"), b.boxes().stream().map(AsteriskBox::id).toList());
    }

    @Test
    void duplicateIdsAmiAddressesAndSipAddressesAreProblemsNamingTheFirst() {
        engine(TWO_BOXES.replace("id: busan-1", "id: seoul-1").replace("ami-host: 10.77.0.11", "ami-host: 10.77.0.10")
                .replace("sip-address: 10.77.0.11", "sip-address: 10.77.0.10")).assertProblems(
                "engine.yaml:12: boxes[1].id: duplicate box id 'seoul-1' (already at boxes[0].id (line 5); allowed: a box id no"
                        + " other box has)",
                "engine.yaml:13: boxes[1].ami-host: duplicate AMI address '10.77.0.10:5038' (already at boxes[0].ami-host (line 6);"
                        + " allowed: a AMI address no other box has)",
                "engine.yaml:17: boxes[1].sip-address: duplicate SIP address '10.77.0.10' (already at boxes[0].sip-address"
                        + " (line 10); allowed: a SIP address no other box has)");
    }

    @Test
    void aZeroTrunkCapacityABadIdAndAnUnknownKeyAreProblemsWithLineAndAllowed() {
        engine(TWO_BOXES.replace("trunk-capacity: 60", "trunk-capacity: 0").replace("id: seoul-1", "id: \"seoul 1\"")
                .replace("    sip-address: 10.77.0.10\n", "    sip-address: 10.77.0.10\n    sip-port: 5070\n")).assertProblems(
                "engine.yaml:5: boxes[0].id: invalid box id 'seoul 1' (allowed: " + AsteriskBox.ID_ALLOWED + ")",
                "engine.yaml:11: boxes[0].sip-port: unknown key 'sip-port' (allowed: id, ami-host, ami-port, ami-username,"
                        + " ami-secret, sip-address, trunk-capacity, config-dir, cdr-file)",
                "engine.yaml:19: boxes[1].trunk-capacity: invalid trunk capacity '0' (allowed: a whole number 1..100000)");
    }

    @Test
    void aMissingKeyAndAShortSecretAreProblems() {
        engine(TWO_BOXES.replace("    ami-secret: box-secret-2\n", "")
                .replace("ami-secret: ${BOX1_SECRET:-box-secret-1}", "ami-secret: short")).assertProblems(
                "engine.yaml:9: boxes[0].ami-secret: secret is too short (allowed: at least 8 characters without spaces, ';' or '\"')",
                "engine.yaml:12: boxes[1].ami-secret: missing required key 'ami-secret' (at least 8 characters without spaces, ';'"
                        + " or '\"')");
    }

    @Test
    void bothAmiAndBoxesIsAProblem() {
        ConfigFixture.in(dir).write("engine.yaml", ConfigFixture.ENGINE + TWO_BOXES).assertProblems(
                "engine.yaml:4: ami: both 'ami' and 'boxes' (allowed: 'ami' for one Asterisk box, or 'boxes' for several, not both)");
    }

    @Test
    void neitherAmiNorBoxesIsTheMissingAmiProblem() {
        engine("").assertProblems("engine.yaml:1: ami: missing required key 'ami' (a mapping with keys: host, port, username,"
                + " secret)");
    }

    @Test
    void anEmptyBoxesListIsAProblem() {
        engine("boxes: []\n").assertProblems("engine.yaml:4: boxes: expected at least one box (allowed: a list of Asterisk boxes,"
                + " each a mapping with keys: id, ami-host, ami-port, ami-username, ami-secret, sip-address, trunk-capacity, config-dir,"
                + " cdr-file; or the one-box 'ami' section instead)");
    }
}
