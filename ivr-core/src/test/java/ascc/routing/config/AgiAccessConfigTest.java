package ascc.routing.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** engine.yaml agi.allowed-peers and agi.secret, and the networks they are checked against. */
class AgiAccessConfigTest {
    @TempDir
    Path dir;

    private ConfigFixture engineWithAgi(String agiLine) {
        return ConfigFixture.in(dir).write("engine.yaml", ConfigFixture.ENGINE.replace("""
                agi: {secret: fixture-agi-secret-0123,
                  bind: 127.0.0.1,
                  port: 4573}
                """, agiLine + "\n\n\n"));
    }

    @Test
    void peersDefaultToLoopbackAndTheSecretIsReadMasked() throws Exception {
        AgiAccess a = ConfigFixture.in(dir).load().engine().agiAccess();
        assertEquals(List.of(IpNetwork.parse("127.0.0.0/8"), IpNetwork.parse("::1")), a.allowedPeers());
        assertTrue(a.authenticates(ConfigFixture.AGI_SECRET));
        assertFalse(a.toString().contains(ConfigFixture.AGI_SECRET), a.toString());
    }

    @Test
    void badPeersAndAMisshapenSecretAreReportedWithoutEchoingTheSecret() {
        engineWithAgi("agi: {bind: 127.0.0.1, port: 4573, allowed-peers: [10.0.0.256, \"10.0.0.0/33\", example.org],"
                + " secret: \"has,comma$and-more-than-16\"}").assertProblems(
                "engine.yaml:1: agi.allowed-peers[0]: invalid network '10.0.0.256' (allowed: " + IpNetwork.ALLOWED + ")",
                "engine.yaml:1: agi.allowed-peers[1]: prefix /33 of '10.0.0.0/33' is longer than 32 (allowed: " + IpNetwork.ALLOWED
                        + ")",
                "engine.yaml:1: agi.allowed-peers[2]: invalid network 'example.org' (allowed: " + IpNetwork.ALLOWED + ")",
                "engine.yaml:1: agi.secret: invalid AGI secret (26 characters) (allowed: " + AgiAccess.SECRET_ALLOWED + ")");
    }

    @Test
    void anEmptyPeerListAndAMissingSecretAreReported() {
        engineWithAgi("agi: {bind: 127.0.0.1, port: 4573, allowed-peers: []}").assertProblems(
                "engine.yaml:1: agi.allowed-peers: expected at least one address or network (allowed: " + IpNetwork.ALLOWED
                        + "; default: [127.0.0.0/8, ::1])",
                "engine.yaml:1: agi.secret: missing required key 'secret' (" + AgiAccess.SECRET_ALLOWED + ", e.g. ${ASCC_AGI_SECRET})");
    }

    @Test
    void theSampleSecretIsRefusedOnceANonLoopbackPeerIsAllowed() throws Exception {
        engineWithAgi("agi: {bind: 127.0.0.1, port: 4573, allowed-peers: [10.0.0.7], secret: " + AgiAccess.SAMPLE_SECRET + "}")
                .assertProblems("engine.yaml:1: agi.secret: the sample AGI secret of the shipped engine.yaml is refused when"
                        + " agi.allowed-peers allows a non-loopback peer (allowed: set ASCC_AGI_SECRET to a secret of your own, "
                        + AgiAccess.SECRET_ALLOWED + ")");
        AgiAccess loopback = engineWithAgi("agi: {bind: 127.0.0.1, port: 4573, secret: " + AgiAccess.SAMPLE_SECRET + "}").load()
                .engine().agiAccess();
        assertTrue(loopback.loopbackOnly());
    }

    @Test
    void networksMatchTheirAddressesOnlyIpv4MappedAsIpv4() throws Exception {
        IpNetwork lan = IpNetwork.parse("192.0.2.0/24");
        assertTrue(lan.contains(InetAddress.getByName("192.0.2.200")));
        assertFalse(lan.contains(InetAddress.getByName("192.0.3.1")));
        assertTrue(lan.contains(InetAddress.getByName("::ffff:192.0.2.9")));
        assertTrue(IpNetwork.parse("10.1.2.3").contains(InetAddress.getByName("10.1.2.3")));
        assertFalse(IpNetwork.parse("10.1.2.3").contains(InetAddress.getByName("10.1.2.4")));
        assertTrue(IpNetwork.parse("2001:db8::/32").contains(InetAddress.getByName("2001:db8:ffff::1")));
        assertFalse(IpNetwork.parse("2001:db8::/32").contains(InetAddress.getByName("192.0.2.1")));
        assertTrue(IpNetwork.parse("0.0.0.0/0").contains(InetAddress.getByName("203.0.113.5")));
        assertTrue(IpNetwork.parse("127.0.0.0/8").loopbackOnly());
        assertFalse(IpNetwork.parse("0.0.0.0/0").loopbackOnly());
        assertTrue(IpNetwork.parse("::1").loopbackOnly());
        for (String bad : List.of("", "1.2.3", "01.2.3.4", "1.2.3.4/", "1.2.3.4/x", "localhost", "::g", "1.2.3.4/-1")) {
            assertThrows(IllegalArgumentException.class, () -> IpNetwork.parse(bad), bad);
        }
    }
}
