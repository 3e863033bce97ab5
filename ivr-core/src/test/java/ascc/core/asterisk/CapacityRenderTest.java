package ascc.core.asterisk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ascc.routing.config.Capacity;
import ascc.routing.config.ConfigException;
import ascc.routing.config.ConfigFixture;
import ascc.routing.config.EngineSettings;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** asterisk.conf and rtp.conf from engine.yaml capacity: calls beyond the limit are refused before RTP ports run out. */
class CapacityRenderTest {
    @TempDir
    Path dir;

    @Test
    void asteriskConfCarriesMaxCallsAndNoMaxLoadWhenOff() {
        Map<String, String> options = options(AsteriskConf.asterisk(new Capacity(150, 0, 200, 20000)), "options");
        assertEquals("150", options.get("maxcalls"));
        assertNull(options.get("maxload"), "0 = off: not rendered");
        assertNull(options.get("runuser"));
    }

    @Test
    void asteriskConfCarriesMaxLoadWhenSet() {
        assertEquals("7.50", options(AsteriskConf.asterisk(new Capacity(150, 7.5, 200, 20000)), "options").get("maxload"));
    }

    @Test
    void theRtpRangeHoldsFourPortsForEveryAllowedCallPlusSpares() {
        for (int calls : List.of(1, 20, 400, 10_000)) {
            Capacity c = new Capacity(calls, 0, 10, 20000);
            Map<String, String> general = options(AsteriskConf.rtp(c), "general");
            int start = Integer.parseInt(general.get("rtpstart"));
            int end = Integer.parseInt(general.get("rtpend"));
            assertEquals(20000, start);
            // Asterisk takes an even RTP port and the next odd one for RTCP, for the caller's and the agent's leg
            int ports = end - start + 1;
            assertEquals(Capacity.RTP_PORTS_PER_CALL * calls + Capacity.RTP_SPARE_PORTS, ports, "calls " + calls);
        }
    }

    @Test
    void rtpConfReloadsItsModuleAndAsteriskConfWaitsForARestart() {
        assertEquals("module reload res_rtp_asterisk.so", AsteriskFiles.reloadCommand(AsteriskConfigRenderer.RTP_CONF));
        assertNull(AsteriskFiles.reloadCommand(AsteriskConfigRenderer.ASTERISK_CONF), "no reload re-reads maxcalls");
    }

    @Test
    void withoutNewCallsPerSecondThereIsNoAdmissionFront() throws ConfigException {
        String cfg = SipAdmissionConf.render(settings(new Capacity(150, 0, 200, 20000)));
        assertFalse(cfg.startsWith(SipAdmissionConf.MARKER), cfg);
        assertTrue(cfg.contains("no SIP admission front"), cfg);
        assertNull(AsteriskFiles.reloadCommand(AsteriskConfigRenderer.SIP_ADMISSION_CFG), "Kamailio reads it at its start");
    }

    @Test
    void theAdmissionFrontRefusesNewInvitesBeyondTheRateAndRelaysTheCallsItLetsThroughStatefully() throws ConfigException {
        String cfg = SipAdmissionConf.render(settings(new Capacity(150, 0, 200, 20000, 180, 5080)));
        assertTrue(cfg.startsWith(SipAdmissionConf.MARKER + "\n"), cfg);
        assertTrue(cfg.contains("listen=udp:127.0.0.1:5080\n"), cfg);
        assertTrue(cfg.contains("if ($rm == \"INVITE\" && $tt == $null) {\n"), "only a new INVITE (no to-tag) is counted: " + cfg);
        assertTrue(cfg.contains("        if (!pl_check(\"new-calls\", \"TAILDROP\", 180)) {\n"
                + "            pl_drop(\"1\");\n"), "and refused beyond the rate: " + cfg);
        assertTrue(cfg.indexOf("if (t_check_trans()) {\n            exit;") < cfg.indexOf("pl_check("),
            "a retransmitted INVITE of a call let through is answered by its transaction, never counted again: " + cfg);
        assertTrue(cfg.contains("if (!t_relay_to_udp(\"127.0.0.1\", \"5060\")) {\n"),
            "a call let through is relayed statefully (100 Trying at once): " + cfg);
        assertTrue(cfg.contains("modparam(\"tm\", \"remap_503_500\", 0)\n"), "Asterisk's 503 reaches the caller as a 503: " + cfg);
        assertTrue(cfg.contains("modparam(\"pipelimit\", \"timer_interval\", 1)\n"), "the limit is per second: " + cfg);
        assertTrue(cfg.contains("    forward(\"127.0.0.1\", 5060);\n"), cfg);
    }

    @Test
    void theAdmissionFrontRefusesNewInvitesBeyondTheCallsAsteriskHasNotAnsweredYet() throws ConfigException {
        String cfg = SipAdmissionConf.render(settings(new Capacity(150, 0, 200, 20000, 180, 5080, 12)));
        assertTrue(cfg.contains("loadmodule \"dialog.so\"\n"), cfg);
        assertTrue(cfg.contains("if (get_profile_size(\"setup\", \"$var(setup)\") && $var(setup) >= 12) {\n"
                + "            pl_drop(\"1\");\n"), "a new INVITE beyond 12 unanswered calls is refused: " + cfg);
        assertTrue(cfg.indexOf("pl_check(") < cfg.indexOf("get_profile_size("), "after the rate: " + cfg);
        assertTrue(cfg.indexOf("set_dlg_profile(\"setup\");") < cfg.indexOf("t_relay_to_udp("),
            "a call let through is counted before it is relayed: " + cfg);
        assertTrue(cfg.contains("onreply_route[SETUP] {\n    if ($rs =~ \"^2\") {\n        unset_dlg_profile(\"setup\");"),
            "and no longer once answered: " + cfg);
        assertTrue(cfg.contains("modparam(\"dialog\", \"noack_timeout\", 5)\n"), "an answered call is forgotten soon: " + cfg);

        String unbounded = SipAdmissionConf.render(settings(new Capacity(150, 0, 200, 20000, 180, 5080, 0)));
        assertFalse(unbounded.contains("dialog"), "max-calls-in-setup 0: no bound, no dialog module: " + unbounded);
    }

    @Test
    void theBoundOnCallsInSetupDefaultsToAQuarterSecondAtTheFrontsRate() throws ConfigException {
        assertEquals(45, Capacity.defaultCallsInSetup(180));
        assertEquals(4, Capacity.defaultCallsInSetup(5), "at least 4");
        assertEquals(0, Capacity.defaultCallsInSetup(0), "no front, no bound");
        EngineSettings unset = ConfigFixture.in(dir).write("engine.yaml", ConfigFixture.ENGINE
            + "capacity:\n  new-calls-per-second: 200\n").load().engine();
        assertEquals(50, unset.capacity().maxCallsInSetup());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new Capacity(1, 0, 1, 20000, 10, 5080, -1)).getMessage()
            .contains("maxCallsInSetup"));
    }

    @Test
    void theAdmissionFrontNeedsAPortOtherThanAsterisks() throws ConfigException {
        EngineSettings onAsterisksPort = settings(new Capacity(150, 0, 200, 20000, 180, 5060));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SipAdmissionConf.render(onAsterisksPort));
        assertTrue(e.getMessage().contains("capacity.admission-port 5060 is Asterisk's own SIP port"), e.getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new Capacity(1, 0, 1, 20000, -1, 5080)).getMessage()
            .contains("newCallsPerSecond"));
    }

    /** The fixture's engine.yaml (Asterisk SIP at 127.0.0.1:5060) with {@code capacity} as written by its keys. */
    private EngineSettings settings(Capacity c) throws ConfigException {
        return ConfigFixture.in(dir).write("engine.yaml", ConfigFixture.ENGINE + "capacity:\n  max-calls: " + c.maxCalls()
            + "\n  agi-max-sessions: " + c.agiMaxSessions() + "\n  new-calls-per-second: " + c.newCallsPerSecond()
            + "\n  admission-port: " + c.admissionPort() + "\n  max-calls-in-setup: " + c.maxCallsInSetup() + "\n").load().engine();
    }

    private static Map<String, String> options(String text, String section) {
        List<ConfReader.Section> sections = ConfReader.named(ConfReader.read(text), section);
        assertEquals(1, sections.size(), text);
        Map<String, String> out = new HashMap<>();
        sections.get(0).entries().forEach(e -> out.put(e.key(), e.value()));
        return out;
    }
}
