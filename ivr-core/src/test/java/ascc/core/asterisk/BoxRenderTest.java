package ascc.core.asterisk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ascc.routing.config.CenterConfig;
import ascc.routing.config.ConfigFixture;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ivr asterisk-config --box ID}: each box's own files from engine.yaml {@code boxes}. */
class BoxRenderTest {
    private static final String AMI = """
            ami:
              host: 127.0.0.1
              port: 5038
              username: ascc
              secret: ami-secret-1
            """;
    private static final String BOXES = """
            boxes:
              - {id: a, ami-host: 10.77.0.10, ami-port: 5038, ami-username: ascc, ami-secret: box-secret-a,
                 sip-address: 10.77.0.10, trunk-capacity: 20}
              - {id: b, ami-host: 10.77.0.11, ami-port: 5039, ami-username: ascc, ami-secret: box-secret-b,
                 sip-address: 10.77.0.11, trunk-capacity: 20}
            """;

    @TempDir
    Path dir;

    private CenterConfig boxes() throws Exception {
        return ConfigFixture.in(dir).write("engine.yaml", ConfigFixture.ENGINE.replace(AMI, BOXES)
                .replace("agi: {secret: fixture-agi-secret-0123,", "agi: {secret: fixture-agi-secret-0123, url-host: 10.77.0.1,"))
                .load();
    }

    @Test
    void eachBoxGetsItsAmiAddressSecretSipAddressAndSystemNameAndPermitsTheEngine() throws Exception {
        Map<String, String> b = AsteriskConfigRenderer.forBox(boxes(), "b").files();
        assertTrue(b.get("manager.conf").contains("port=5039\nbindaddr=10.77.0.11\n"), b.get("manager.conf"));
        assertTrue(b.get("manager.conf").contains("secret=box-secret-b\n"), b.get("manager.conf"));
        assertTrue(b.get("manager.conf").contains("permit=10.77.0.11/255.255.255.255\npermit=10.77.0.1/255.255.255.255\n"),
                b.get("manager.conf"));
        assertTrue(b.get("pjsip.conf").contains("bind=10.77.0.11:5060"), b.get("pjsip.conf"));
        assertTrue(b.get("asterisk.conf").contains("systemname=b\n"), b.get("asterisk.conf"));
        assertFalse(AsteriskConfigRenderer.forBox(boxes(), "b").renderMasked().get("manager.conf").contains("box-secret-b"));

        Map<String, String> a = new AsteriskConfigRenderer(boxes()).files(); // without --box: the first box
        assertEquals(AsteriskConfigRenderer.forBox(boxes(), "a").files(), a);
        assertTrue(a.get("asterisk.conf").contains("systemname=a\n"), a.get("asterisk.conf"));
    }

    @Test
    void everyEngineNodeOfAgiNodesIsPermittedOnEveryBox() throws Exception {
        CenterConfig c = ConfigFixture.in(dir).write("engine.yaml", ConfigFixture.ENGINE.replace(AMI, BOXES)
                .replace("agi: {secret: fixture-agi-secret-0123,", "agi: {secret: fixture-agi-secret-0123, url-host: 10.77.0.1,"
                        + " nodes: [10.77.0.22:4591, 10.77.0.21:4591, 10.77.0.1:4592],")).load();
        String manager = AsteriskConfigRenderer.forBox(c, "a").files().get("manager.conf");
        assertTrue(manager.contains("permit=10.77.0.10/255.255.255.255\npermit=10.77.0.1/255.255.255.255\n"
                + "permit=10.77.0.22/255.255.255.255\npermit=10.77.0.21/255.255.255.255\nread="), manager);
    }

    @Test
    void oneBoxRendersNoSystemNameAndPermitsOnlyTheAmiHost() throws Exception {
        Map<String, String> one = new AsteriskConfigRenderer(ConfigFixture.in(dir).load()).files();
        assertFalse(one.get("asterisk.conf").contains("systemname"), one.get("asterisk.conf"));
        assertEquals(1, one.get("manager.conf").split("permit=", -1).length - 1, one.get("manager.conf"));
    }

    @Test
    void anUnknownBoxIsRefusedNamingTheBoxes() throws Exception {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> AsteriskConfigRenderer.forBox(boxes(), "c"));
        assertEquals("no box 'c' in engine.yaml (boxes: [a, b])", e.getMessage());
    }
}
