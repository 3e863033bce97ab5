package ascc.core.agi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ascc.routing.Phones;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Reply parsing, quoting, script names and masking, without sockets. */
class AgiProtocolTextTest {

    @Test
    void parsesResultDataAndEndpos() {
        AgiReply r = AgiReply.parse("200 result=1 (a (b) c) endpos=1234");
        assertEquals(200, r.code());
        assertEquals("1", r.result());
        assertEquals("a (b) c", r.data());
        assertEquals("endpos=1234", r.extra());
        AgiReply plain = AgiReply.parse("200 result=0 endpos=8000");
        assertNull(plain.data());
        assertEquals("endpos=8000", plain.extra());
        AgiReply timeout = AgiReply.parse("200 result= (timeout)");
        assertEquals("", timeout.result());
        assertEquals("timeout", timeout.data());
    }

    @Test
    void recognisesReplyLines() {
        assertTrue(AgiReply.looksLikeReply("200 result=1"));
        assertTrue(AgiReply.looksLikeReply("520-Invalid command syntax."));
        assertFalse(AgiReply.looksLikeReply("HANGUP"));
        assertFalse(AgiReply.looksLikeReply("2000"));
        assertFalse(AgiReply.looksLikeReply("agi_channel: x"));
    }

    @Test
    void quotesLikeAsteriskParsesBack() {
        assertEquals("\"a \\\"b\\\" \\\\c\"", AgiQuoting.quote("v", "a \"b\" \\c"));
        assertEquals("\"\"", AgiQuoting.quote("v", ""));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> AgiQuoting.quote("value of X", "a\r\nb"));
        assertTrue(e.getMessage().contains("value of X") && e.getMessage().contains("index 1"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> AgiQuoting.quote("v", null));
    }

    @Test
    void scriptNameDropsQueryStringAndSlashes() {
        assertEquals("inbound", FastAgiSession.scriptName(Map.of("network_script", "inbound?mode=night&x=1")));
        assertEquals("ivr/after-hours", FastAgiSession.scriptName(Map.of("network_script", "/ivr/after-hours")));
        assertEquals("inbound", FastAgiSession.scriptName(Map.of("request", "agi://10.0.0.5:4573/inbound?a=b")));
        assertEquals("", FastAgiSession.scriptName(Map.of("request", "agi://10.0.0.5:4573")));
        assertEquals("", FastAgiSession.scriptName(Map.of()));
    }

    @Test
    void masksCallerNumbersKeepingThreeAndTwo() {
        assertEquals("010******78", Phones.mask("01012345678"));
        assertEquals("+82********78", Phones.mask("+821012345678"));
        assertEquals("anonymous", Phones.mask("anonymous"));
        assertEquals("**34", Phones.mask("1234"));
        assertEquals("-", Phones.mask(null));
        assertEquals("SET VARIABLE \"N\" \"010******78\" 12345", Phones.maskText("SET VARIABLE \"N\" \"01012345678\" 12345"));
    }
}
