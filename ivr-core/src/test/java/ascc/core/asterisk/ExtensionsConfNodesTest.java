package ascc.core.asterisk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ascc.routing.config.AgiAccess;
import ascc.routing.config.ClusterSettings;
import ascc.routing.config.EngineSettings;
import ascc.routing.config.Secret;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;

/** engine.yaml {@code agi.nodes}: every AGI call of the dialplan tries the nodes in order, then the fallback as before. */
class ExtensionsConfNodesTest {
    private static final String KEY = "agi-S3cret-0123456789";

    private static EngineSettings engine(List<String> nodes) {
        return new EngineSettings("0.0.0.0", 4591, "127.0.0.1", 5038, "ascc", Secret.of("ami-S3cret"), "", "ascc", Secret.of("pw"),
                "var/ascc", "127.0.0.1", 8491, Secret.of("admin-token"), ZoneId.of("Asia/Seoul"), List.of(), "general",
                "127.0.0.1", 5060, List.of("127.0.0.1"), "127.0.0.1").withAgiAccess(AgiAccess.loopback(Secret.of(KEY)))
                .withCluster(ClusterSettings.DEFAULTS.withAgiNodes(nodes));
    }

    @Test
    void theInboundCallTriesEachNodeThatDoesNotAnswerThenGoesOnToTheActionsAndTheFallback() {
        String ext = ExtensionsConf.render(engine(List.of("127.0.0.1:4591", "127.0.0.1:4592")));
        String inbound = ext.substring(ext.indexOf("[ascc-inbound]"), ext.indexOf("(fallback)"));
        assertEquals("""
                [ascc-inbound]
                exten => _X.,1,NoOp(ASCC inbound ${EXTEN})
                 same => n,Set(CC_ACTION=)
                 same => n,AGI(agi://127.0.0.1:4591/inbound,agi-S3cret-0123456789)
                 same => n,GotoIf($["${AGISTATUS}" != "FAILURE"]?agi-done)
                 same => n,AGI(agi://127.0.0.1:4592/inbound,agi-S3cret-0123456789)
                 same => n(agi-done),NoOp(ASCC inbound: AGISTATUS=${AGISTATUS})
                 same => n,GotoIf($["${CC_ACTION}" = "queue"]?queue)
                """, inbound.substring(0, inbound.indexOf("?queue)") + "?queue)\n".length()));
        assertTrue(ext.contains(" same => n(fallback),NoOp(ASCC fallback queue: AGISTATUS=${AGISTATUS}"), ext);
    }

    @Test
    void theCallbackKeyAndTheFeatureCodesTryTheNodesToo() {
        String ext = ExtensionsConf.render(engine(List.of("10.0.0.5:4573", "10.0.0.6:4573", "10.0.0.7:4573")));
        for (String script : List.of("wait-callback", "agent-feature")) {
            for (String host : List.of("10.0.0.5", "10.0.0.6", "10.0.0.7")) {
                assertTrue(ext.contains("AGI(agi://" + host + ":4573/" + script + "," + KEY + ")"), script + " on " + host + ":\n" + ext);
            }
            assertTrue(ext.contains(" same => n(agi-done),NoOp(ASCC " + script + ": AGISTATUS=${AGISTATUS})"), ext);
        }
        assertEquals(6, ext.split("\\?agi-done\\)", -1).length - 1, "two GotoIfs for three nodes, in each of the three calls");
    }

    @Test
    void withoutNodesTheDialplanIsTheSingleEnginesOne() {
        String ext = ExtensionsConf.render(engine(List.of()));
        assertTrue(ext.contains(" same => n,AGI(agi://127.0.0.1:4591/inbound," + KEY + ")\n same => n,GotoIf($[\"${CC_ACTION}\""), ext);
        assertFalse(ext.contains("agi-done"), ext);
    }
}
