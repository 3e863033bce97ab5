package ascc.routing.cdr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class CdrLegTest {
    private static final Instant START = Instant.ofEpochSecond(1795312381L);

    static CdrLeg leg(String uniqueId, String dstChannel, String disposition, Instant answer, long billSeconds) {
        return new CdrLeg("1795312381.0", uniqueId, "PJSIP/trunk-1", dstChannel, "01055500301", "0700000001", disposition, START,
                answer, START.plusSeconds(70), billSeconds);
    }

    @Test
    void theCallerLegTellsTheNumbersAndTheDispositionOfTheCall() {
        CdrLeg caller = leg("1795312381.0", "", "NO ANSWER", null, 0);
        assertTrue(caller.isCallerLeg());
        assertEquals("0700000001", caller.dialedNumber());
        assertEquals("01055500301", caller.callerNumber());
        assertEquals("NO ANSWER", caller.callerDisposition());
        CdrLeg agent = leg("1795312381.3", "PJSIP/2101-1", "ANSWERED", START.plusSeconds(10), 60);
        assertFalse(agent.isCallerLeg());
        assertNull(agent.dialedNumber());
        assertNull(agent.callerNumber());
        assertNull(agent.callerDisposition());
    }

    @Test
    void onlyALegAnsweredAcrossABridgeCountsAsAnsweredWithItsTalkTime() {
        CdrLeg agent = leg("1795312381.3", "PJSIP/2101-1", "ANSWERED", START.plusSeconds(10), 60);
        assertTrue(agent.answeredByAgent());
        assertEquals(START.plusSeconds(10), agent.agentAnswer());
        assertEquals(60_000, agent.agentTalkMs());
        assertEquals("2101", agent.agentId(), "the endpoint of dstchannel");
        CdrLeg dialplan = leg("1795312381.0", "", "ANSWERED", START, 70);
        assertFalse(dialplan.answeredByAgent(), "Answer() in the dialplan: no party B");
        assertNull(dialplan.agentAnswer());
        assertEquals(0, dialplan.agentTalkMs());
        assertNull(dialplan.agentId());
        assertFalse(leg("1795312381.4", "PJSIP/2102-1", "NO ANSWER", null, 0).answeredByAgent());
    }

    @Test
    void aLegNeedsItsIdsAndStart() {
        assertThrows(IllegalArgumentException.class, () -> new CdrLeg("", "1.1", "", "", null, null, "", START, null, null, 0));
        assertThrows(NullPointerException.class, () -> new CdrLeg("1.1", "1.1", "", "", null, null, "", null, null, null, 0));
        assertEquals("", new CdrLeg("1.1", "1.1", null, null, null, null, null, START, null, null, 0).dstChannel());
    }

    @Test
    void theCallerIsMaskedWhenALegIsPrinted() {
        assertFalse(leg("1795312381.0", "", "ANSWERED", null, 0).toString().contains("01055500301"));
    }

    @Test
    void takesTheEpochFromAUniqueIdWithASystemName() {
        assertEquals(Instant.ofEpochSecond(1795312381L), CdrLeg.epochOf("pbx1-1795312381.12").orElseThrow());
        assertTrue(CdrLeg.epochOf("not-an-id").isEmpty());
        assertTrue(CdrLeg.epochOf("it.2").isEmpty());
    }
}
