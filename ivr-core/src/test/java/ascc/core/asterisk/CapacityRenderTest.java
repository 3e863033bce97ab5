package ascc.core.asterisk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import ascc.routing.config.Capacity;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** asterisk.conf and rtp.conf from engine.yaml capacity: calls beyond the limit are refused before RTP ports run out. */
class CapacityRenderTest {

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

    private static Map<String, String> options(String text, String section) {
        List<ConfReader.Section> sections = ConfReader.named(ConfReader.read(text), section);
        assertEquals(1, sections.size(), text);
        Map<String, String> out = new HashMap<>();
        sections.get(0).entries().forEach(e -> out.put(e.key(), e.value()));
        return out;
    }
}
