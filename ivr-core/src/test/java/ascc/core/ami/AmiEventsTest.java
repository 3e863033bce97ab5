package ascc.core.ami;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class AmiEventsTest {
    private static final Instant T = Instant.parse("2025-03-01T09:00:00Z");

    private static AmiEvent event(String... kv) {
        return AmiEvent.of(AmiMessage.of(kv), T);
    }

    @Test
    void typesQueueCallerJoinAndMasksTheCallerInToString() {
        AmiEvent e = event("Event", "QueueCallerJoin", "Channel", "PJSIP/trunk-0001", "CallerIDNum", "0101234578",
            "Uniqueid", "1700.1", "Linkedid", "1700.1", "Queue", "desk-a", "Position", "2", "Count", "3");
        AmiEvents.QueueCallerJoin j = (AmiEvents.QueueCallerJoin) AmiEvents.typed(e).orElseThrow();
        assertEquals(new AmiEvents.QueueCallerJoin("desk-a", "1700.1", "1700.1", "PJSIP/trunk-0001", "0101234578", 2, 3, T), j);
        assertTrue(j.toString().contains("010*****78"), j.toString());
        assertFalse(j.toString().contains("0101234578"), j.toString());
        assertFalse(e.toString().contains("0101234578"), e.toString());
    }

    @Test
    void typesAgentAndQueueEvents() {
        assertEquals(new AmiEvents.AgentConnect("desk-a", "1.1", "PJSIP/agent-7", "Agent 7", "PJSIP/agent-7-0002", 12, 3, T),
            AmiEvents.typed(event("Event", "AgentConnect", "Queue", "desk-a", "Uniqueid", "1.1", "Interface", "PJSIP/agent-7",
                "MemberName", "Agent 7", "DestChannel", "PJSIP/agent-7-0002", "HoldTime", "12", "RingTime", "3")).orElseThrow());
        assertEquals(new AmiEvents.AgentComplete("desk-a", "1.1", "PJSIP/agent-7", "Agent 7", 12, 95, "caller", T),
            AmiEvents.typed(event("Event", "AgentComplete", "Queue", "desk-a", "Uniqueid", "1.1", "Interface", "PJSIP/agent-7",
                "MemberName", "Agent 7", "HoldTime", "12", "TalkTime", "95", "Reason", "caller")).orElseThrow());
        assertEquals(new AmiEvents.QueueCallerAbandon("desk-a", "1.2", 1, 4, 40, T),
            AmiEvents.typed(event("Event", "QueueCallerAbandon", "Queue", "desk-a", "Uniqueid", "1.2", "Position", "1",
                "OriginalPosition", "4", "HoldTime", "40")).orElseThrow());
        assertEquals(new AmiEvents.QueueMemberStatus("desk-a", "PJSIP/agent-7", "Agent 7", 2, true, false, T),
            AmiEvents.typed(event("Event", "QueueMemberStatus", "Queue", "desk-a", "Interface", "PJSIP/agent-7",
                "MemberName", "Agent 7", "Status", "2", "Paused", "1", "InCall", "0")).orElseThrow());
    }

    @Test
    void typesHangupFullyBootedAndOriginateResponseWithMissingNumbersAsMinusOne() {
        assertEquals(new AmiEvents.Hangup("PJSIP/x-1", "1.3", "1.3", 16, "Normal Clearing", T),
            AmiEvents.typed(event("Event", "Hangup", "Channel", "PJSIP/x-1", "Uniqueid", "1.3", "Linkedid", "1.3",
                "Cause", "16", "Cause-txt", "Normal Clearing")).orElseThrow());
        assertEquals(new AmiEvents.FullyBooted("Fully Booted", T),
            AmiEvents.typed(event("Event", "FullyBooted", "Status", "Fully Booted")).orElseThrow());
        AmiEvents.OriginateResponse o = (AmiEvents.OriginateResponse) AmiEvents.typed(event("Event", "OriginateResponse",
            "ActionID", "a-1", "Response", "Failure", "Channel", "Local/1@x", "Reason", "x")).orElseThrow();
        assertFalse(o.success());
        assertEquals(-1, o.reason());
        assertTrue(AmiEvents.typed(event("Event", "Newexten")).isEmpty());
    }

    @Test
    void genericEventKeepsRepeatedKeysAndGivesFirstValuesInOrder() {
        AmiEvent e = event("Event", "Newchannel", "ChanVariable", "A=1", "ChanVariable", "B=2", "Exten", "100");
        assertEquals(List.of("A=1", "B=2"), e.getAll("ChanVariable"));
        assertEquals(List.of("Event", "ChanVariable", "Exten"), List.copyOf(e.fields().keySet()));
        assertEquals(100, e.getInt("exten", -1));
        assertEquals(-1, e.getInt("missing", -1));
        assertTrue(e.is("newchannel"));
        assertEquals(T, e.received());
    }
}
