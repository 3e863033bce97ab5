package ascc.core.tracking;

import ascc.routing.calls.CallOutcome;
import ascc.testsupport.time.ManualClock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Times after an AMI gap come from Asterisk's CDRs (a fake CDR table here), never from the moment of the reconnect. */
class CallTrackerGapTest {
    static final Instant T0 = Instant.parse("2026-11-23T01:15:00Z");
    final ManualClock clock = new ManualClock(T0);
    final List<TrackedCall> written = new ArrayList<>();
    final FakeCdrs cdrs = new FakeCdrs();
    final CallTracker tracker = new CallTracker(written::add, clock, cdrs, Duration.ofSeconds(60));

    /** asterisk_call as CDR ingest fills it; it can be told to fail like a database outage. */
    static final class FakeCdrs implements CallEnds {
        final Map<String, CallEnd> rows = new HashMap<>();
        boolean down;
        int asked;

        @Override
        public Map<String, CallEnd> ends(Collection<String> linkedIds) throws SQLException {
            asked++;
            if (down) {
                throw new SQLTransientConnectionException("database away (fake)");
            }
            Map<String, CallEnd> out = new HashMap<>();
            for (String id : linkedIds) {
                if (rows.containsKey(id)) {
                    out.put(id, rows.get(id));
                }
            }
            return out;
        }
    }

    TrackedCall routed(String linkedId) {
        return new TrackedCall(linkedId, linkedId, "0215880001", "01012345678", "hanbit", "home-appliances", null, "appliance",
                "desk-appliance", null, clock.instant(), null, null, null, null, "number -> hanbit");
    }

    /** A call routed, queued 1 s later and answered 4 s after that, as the engine heard it. */
    void answeredCall(String id) {
        tracker.routed(routed(id));
        clock.advance(Duration.ofSeconds(1));
        tracker.queueJoined(id, id, "desk-appliance", "01012345678", "0215880001", "PJSIP/trunk-00000001");
        clock.advance(Duration.ofSeconds(4));
        tracker.agentConnected(id, "1001");
    }

    @Test
    void aCallThatEndedDuringAnAmiGapTakesItsEndAndTalkTimeFromTheCdrNotTheReconnect() {
        answeredCall("c1");
        Instant answered = clock.instant();
        clock.advance(Duration.ofSeconds(10));
        Instant lost = clock.instant(); // AMI cut here; the caller hangs up 20 s later, AMI is back 5 min later
        clock.advance(Duration.ofMinutes(5));
        Instant asOf = clock.instant();

        assertEquals(1, tracker.endMissing(Set.of(), asOf, lost));
        assertEquals(0, written.size(), "waits for the CDR, not closed at the reconnect");
        assertEquals(0, tracker.size(), "no longer an active call");
        assertEquals(1, tracker.settling());

        cdrs.rows.put("c1", new CallEnd(answered.plusSeconds(30), true, 29_000)); // CDR file read after the reconnect
        clock.advance(Duration.ofSeconds(1));
        assertEquals(0, tracker.settle(), "seen once: confirmed at the next settle (its legs may still be merging)");
        clock.advance(Duration.ofSeconds(1));
        assertEquals(1, tracker.settle());

        TrackedCall c = written.get(0);
        assertEquals(answered.plusSeconds(30), c.endedAt());
        assertEquals(30_000, c.talkMillis(), "the answer the engine heard, to the CDR's end");
        assertEquals(CallOutcome.ANSWERED, c.outcome());
        assertEquals("1001", c.agentId());
        assertEquals(0, tracker.settling());
    }

    @Test
    void withoutACdrInTimeTheCallClosesWhenTheLinkWasLostSoTheGapAddsNoTalkTime() {
        answeredCall("c1");
        clock.advance(Duration.ofSeconds(10));
        Instant lost = clock.instant();
        clock.advance(Duration.ofMinutes(5));
        tracker.endMissing(Set.of(), clock.instant(), lost);

        clock.advance(Duration.ofSeconds(59));
        assertEquals(0, tracker.settle(), "still waiting for the CDR");
        clock.advance(Duration.ofSeconds(1));
        assertEquals(1, tracker.settle());

        TrackedCall c = written.get(0);
        assertEquals(lost, c.endedAt());
        assertEquals(10_000, c.talkMillis(), "only the talk the engine heard, not the 5 min gap");
    }

    @Test
    void aCallUpAcrossTheGapTakesItsAnswerFromTheCdrWhenItHangsUp() {
        tracker.routed(routed("c2"));
        clock.advance(Duration.ofSeconds(1));
        tracker.queueJoined("c2", "c2", "desk-appliance", "01012345678", "0215880001", "PJSIP/trunk-00000002");
        Instant lost = clock.instant(); // the agent answers while AMI is away: AgentConnect is lost
        clock.advance(Duration.ofSeconds(30));
        assertEquals(0, tracker.endMissing(Set.of("c2"), clock.instant(), lost), "still up");
        clock.advance(Duration.ofSeconds(40));
        Instant hangup = clock.instant();
        tracker.hungUp("c2", "c2", hangup);
        assertEquals(0, written.size(), "waits for the CDR: the answer happened in the gap");

        cdrs.rows.put("c2", new CallEnd(hangup, true, 55_000));
        tracker.settle();
        tracker.settle();
        TrackedCall c = written.get(0);
        assertEquals(CallOutcome.ANSWERED, c.outcome(), "answered, though the engine never heard AgentConnect");
        assertEquals(55_000, c.talkMillis());
        assertEquals(hangup, c.endedAt());
    }

    @Test
    void aCallAnsweredInASilentGapWhoseHangUpIsHeardBeforeTheResyncTakesItsAnswerAndAgentFromTheCdr() {
        tracker.routed(routed("c6"));
        clock.advance(Duration.ofSeconds(1));
        tracker.queueJoined("c6", "c6", "desk-appliance", "01012345678", "0215880001", "PJSIP/trunk-00000006");
        Instant queued = clock.instant();
        clock.advance(Duration.ofSeconds(2));
        tracker.deafFromNow(); // the ping finds the link silent; agent 2201 answered inside the silence
        clock.advance(Duration.ofSeconds(6));
        Instant hangup = clock.instant();
        tracker.hungUp("c6", "c6", hangup); // heard live just after the reconnect, before the channel list came back
        assertEquals(0, written.size(), "waits for the CDR: its answer may be in the gap");
        assertEquals(0, tracker.endMissing(Set.of(), clock.instant(), queued.plusSeconds(2)));
        tracker.heardAgain();

        cdrs.rows.put("c6", new CallEnd(hangup, true, 9_000, "2201")); // billsec counts from the IVR's answer (9 s: all of it)
        tracker.settle();
        tracker.settle();
        TrackedCall c = written.get(0);
        assertEquals(CallOutcome.ANSWERED, c.outcome());
        assertEquals("2201", c.agentId(), "the agent from the CDR's dstchannel");
        assertEquals(queued, c.answeredAt(), "never before the queue join, though billsec reaches back into the IVR");
        assertTrue(c.talkMillis() > 0 && c.talkMillis() <= 9_000, "talk within billsec: " + c.talkMillis());
    }

    @Test
    void aCallRoutedWhileTheEngineIsDeafSettlesFromTheCdrAndOneRoutedAfterIsHeardLive() {
        tracker.deafFromNow();
        tracker.routed(routed("d1"));
        clock.advance(Duration.ofSeconds(5));
        tracker.hungUp("d1", "d1", clock.instant());
        assertEquals(0, written.size(), "routed while deaf: settled from the CDR");
        tracker.heardAgain();
        tracker.routed(routed("d2"));
        clock.advance(Duration.ofSeconds(5));
        tracker.hungUp("d2", "d2", clock.instant());
        assertEquals(1, written.size(), "heard live again: closed at its hang-up");
        assertEquals("d2", written.get(0).linkedId());
    }

    @Test
    void aCdrStillBeingMergedIsNotTakenUntilTwoReadsAgree() {
        answeredCall("c5");
        Instant answered = clock.instant();
        Instant lost = answered.plusSeconds(5);
        clock.advance(Duration.ofMinutes(1));
        cdrs.rows.put("c5", new CallEnd(answered.minusSeconds(5), false, 0)); // the IVR part of the caller leg merged first
        tracker.endMissing(Set.of(), clock.instant(), lost);
        cdrs.rows.put("c5", new CallEnd(answered.plusSeconds(20), true, 20_000)); // then the bridged part
        tracker.settle();
        assertEquals(0, written.size());
        tracker.settle();
        assertEquals(20_000, written.get(0).talkMillis());
        assertEquals(answered.plusSeconds(20), written.get(0).endedAt());
    }

    @Test
    void aCallRoutedAfterTheChannelListWasTakenIsLeftAlone() {
        Instant asOf = clock.instant();
        clock.advance(Duration.ofMillis(200));
        tracker.routed(routed("new")); // its channel was created after CoreShowChannels answered
        assertEquals(0, tracker.endMissing(Set.of(), asOf, asOf));
        assertEquals(1, tracker.size());
    }

    @Test
    void aDatabaseOutageWhileSettlingIsAskedAgainAndStillEndsWithTheCdr() {
        answeredCall("c3");
        Instant lost = clock.instant();
        clock.advance(Duration.ofMinutes(1));
        cdrs.down = true;
        tracker.endMissing(Set.of(), clock.instant(), lost);
        assertEquals(0, written.size());
        cdrs.down = false;
        cdrs.rows.put("c3", new CallEnd(lost.plusSeconds(7), true, 7_000));
        clock.advance(Duration.ofSeconds(1));
        tracker.settle();
        tracker.settle();
        assertEquals(7_000, written.get(0).talkMillis());
        assertTrue(cdrs.asked >= 2);
    }

    @Test
    void anUnansweredCallEndedInTheGapStaysAnAbandonWithTheCdrEnd() {
        tracker.routed(routed("c4"));
        clock.advance(Duration.ofSeconds(1));
        tracker.queueJoined("c4", "c4", "desk-appliance", "01012345678", "0215880001", "PJSIP/trunk-00000004");
        Instant lost = clock.instant();
        clock.advance(Duration.ofMinutes(2));
        cdrs.rows.put("c4", new CallEnd(lost.plusSeconds(12), false, 0));
        tracker.endMissing(Set.of(), clock.instant(), lost);
        tracker.settle();
        TrackedCall c = written.get(0);
        assertEquals(CallOutcome.ABANDONED_QUEUE, c.outcome());
        assertEquals(12_000, c.waitMillis());
        assertEquals(0, c.talkMillis());
    }

    @Test
    void theSweeperAlsoAsksAsteriskBeforeClosingAStaleCall() {
        answeredCall("old");
        Instant answered = clock.instant();
        cdrs.rows.put("old", new CallEnd(answered.plusSeconds(90), true, 90_000));
        clock.advance(Duration.ofHours(5));
        assertEquals(1, tracker.sweep(Duration.ofHours(4)));
        tracker.settle();
        assertEquals(90_000, written.get(0).talkMillis());
    }

    @Test
    void aBoxsResyncEndsOnlyThatBoxsMissingCallsNotTheOtherBoxsCalls() {
        answeredCall("a-1767225600.1"); // on box a (Asterisk's systemname prefixes its linkedids)
        answeredCall("b-1767225600.1"); // on box b
        Instant lost = clock.instant(); // box b's link drops; its call ends meanwhile
        clock.advance(Duration.ofSeconds(30));

        // box b's channel list is empty: only box b's call can be missing from it
        assertEquals(1, tracker.endMissing(Set.of(), clock.instant(), lost, id -> id.startsWith("b-")));
        assertEquals(java.util.List.of("a-1767225600.1"), tracker.activeLinkedIds(), "box a's call is still followed");
        assertEquals(1, tracker.settling(), "box b's call waits for its CDR");
    }
}
