package ascc.core.cdr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ascc.core.ami.AmiEvent;
import ascc.core.ami.AmiMessage;
import ascc.routing.cdr.CdrLeg;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** Reading CDR legs from AMI Cdr events; what a leg tells about its call is tested in routing (CdrLegTest). */
class CdrEventsTest {
    static final ZoneId UTC = ZoneOffset.UTC;

    /** A Cdr event as cdr_manager sent it in BillingReconcileStackIT (caller leg bridged with agent 2101). */
    static AmiEvent cdr(String uniqueId, String linkedId, String dstChannel, String disposition, String start, String answer, String end,
            int billSeconds) {
        return new AmiEvent("Cdr", AmiMessage.of("Event", "Cdr", "Privilege", "cdr,all", "AccountCode", "", "Source", "01055500301",
                "Destination", "0700000001", "DestinationContext", "ascc-inbound", "Channel", "PJSIP/customer-trunk-00000000",
                "DestinationChannel", dstChannel, "LastApplication", "Queue", "StartTime", start, "AnswerTime", answer, "EndTime", end,
                "Duration", "7", "BillableSeconds", Integer.toString(billSeconds), "Disposition", disposition, "AMAFlags", "DOCUMENTATION",
                "UniqueID", uniqueId, "UserField", "", "LinkedID", linkedId), Instant.parse("2026-11-22T01:53:08Z"));
    }

    @Test
    void readsTheCallerLegOfACdrEventWithTheStartFromTheLinkedId() {
        CdrLeg leg = CdrEvents.parse(cdr("1795312381.0", "1795312381.0", "PJSIP/2101-00000001", "ANSWERED", "2026-11-22 01:53:01",
                "2026-11-22 01:53:02", "2026-11-22 01:53:08", 6), UTC).orElseThrow();
        assertTrue(leg.isCallerLeg());
        assertTrue(leg.answeredByAgent());
        assertEquals(Instant.ofEpochSecond(1795312381L), leg.start(), "the linkedid's epoch, whatever the zone of StartTime");
        assertEquals(Instant.parse("2026-11-22T01:53:02Z"), leg.answer());
        assertEquals(Instant.parse("2026-11-22T01:53:08Z"), leg.end());
        assertEquals(6, leg.billSeconds());
        assertEquals("0700000001", leg.destination());
        assertTrue(leg.toString().contains("010******01"), "the caller is masked: " + leg);
    }

    @Test
    void readsAsteriskLocalTimesInTheGivenZone() {
        CdrLeg leg = CdrEvents.parse(cdr("1795312381.5", "1795312381.0", "", "NO ANSWER", "2026-11-22 10:53:01", "",
                "2026-11-22 10:53:08", 0), ZoneId.of("Asia/Seoul")).orElseThrow();
        assertEquals(Instant.parse("2026-11-22T01:53:08Z"), leg.end());
        assertNull(leg.answer());
        assertFalse(leg.isCallerLeg());
    }

    @Test
    void aLegAnsweredOnlyByTheDialplanIsNotAnsweredByAnAgent() {
        CdrLeg ivrOnly = CdrEvents.parse(cdr("1795312381.0", "1795312381.0", "", "ANSWERED", "2026-11-22 01:53:01",
                "2026-11-22 01:53:01", "2026-11-22 01:53:08", 7), UTC).orElseThrow();
        assertFalse(ivrOnly.answeredByAgent(), "Answer() in the dialplan: no party B");
        assertNull(ivrOnly.agentAnswer());
        assertEquals(0L, ivrOnly.agentTalkMs());
        CdrLeg noAnswer = CdrEvents.parse(cdr("1795312381.0", "1795312381.0", "PJSIP/2101-1", "NO ANSWER", "2026-11-22 01:53:01", "",
                "2026-11-22 01:53:08", 0), UTC).orElseThrow();
        assertFalse(noAnswer.answeredByAgent(), "an agent rung who did not answer");
    }

    @Test
    void anAgentAnsweredLegCarriesTalkTimeAndOnlyTheCallerLegCarriesNumbers() {
        CdrLeg caller = CdrEvents.parse(cdr("1795312381.0", "1795312381.0", "PJSIP/2101-1", "ANSWERED", "2026-11-22 01:53:01",
                "2026-11-22 01:53:02", "2026-11-22 01:53:08", 6), UTC).orElseThrow();
        assertEquals(Instant.parse("2026-11-22T01:53:02Z"), caller.agentAnswer());
        assertEquals(6_000L, caller.agentTalkMs());
        assertEquals("0700000001", caller.dialedNumber());
        assertEquals("01055500301", caller.callerNumber());
        assertEquals("ANSWERED", caller.callerDisposition());
        CdrLeg other = CdrEvents.parse(cdr("1795312381.7", "1795312381.0", "PJSIP/2101-1", "ANSWERED", "2026-11-22 01:53:01",
                "2026-11-22 01:53:02", "2026-11-22 01:53:08", 6), UTC).orElseThrow();
        assertNull(other.dialedNumber());
        assertNull(other.callerNumber());
        assertNull(other.callerDisposition());
    }

    @Test
    void rejectsACdrWithoutTheLinkedIdNamingTheMapping() {
        AmiEvent e = new AmiEvent("Cdr", AmiMessage.of("Event", "Cdr", "UniqueID", "1795312381.0", "StartTime", "2026-11-22 01:53:01"),
                Instant.EPOCH);
        IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> CdrEvents.parse(e, UTC));
        assertTrue(ex.getMessage().contains("linkedid => LinkedID"), ex.getMessage());
        assertTrue(ex.getMessage().contains("1795312381.0"), ex.getMessage());
    }

    @Test
    void otherEventsAreNotCdrs() {
        assertTrue(CdrEvents.parse(new AmiEvent("Hangup", AmiMessage.of("Event", "Hangup"), Instant.EPOCH), UTC).isEmpty());
    }
}
