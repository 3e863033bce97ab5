package ascc.core.tracking;

import ascc.routing.asterisk.Queues;
import ascc.routing.calls.CallOutcome;
import ascc.testsupport.time.ManualClock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CallTrackerTest {
    final ManualClock clock = new ManualClock(Instant.parse("2026-11-23T01:15:00Z"));
    final List<TrackedCall> written = new ArrayList<>();
    final CallTracker tracker = new CallTracker(written::add, clock);

    TrackedCall routedCall(String linkedId) {
        return new TrackedCall(linkedId, linkedId, "0215880001", "01012345678", "hanbit", "home-appliances", null, "appliance",
                "desk-appliance", null, clock.instant(), null, null, null, null, "number -> hanbit");
    }

    @Test
    void answeredCallIsRecordedWithAgentWaitAndTalkWhenCustomerHangsUp() {
        tracker.routed(routedCall("c1"));
        clock.advance(Duration.ofSeconds(1));
        tracker.queueJoined("c1", "c1", "desk-appliance", "01012345678", "0215880001");
        clock.advance(Duration.ofSeconds(4));
        tracker.agentConnected("c1", "1001");
        clock.advance(Duration.ofSeconds(30));
        tracker.hungUp("c1", "c1.agentleg");
        assertEquals(0, written.size(), "an agent leg hanging up does not end the call");
        tracker.hungUp("c1", "c1");

        assertEquals(1, written.size());
        TrackedCall c = written.get(0);
        assertEquals(CallOutcome.ANSWERED, c.outcome());
        assertEquals("1001", c.agentId());
        assertEquals(4_000, c.waitMillis());
        assertEquals(30_000, c.talkMillis());
        assertEquals(0, tracker.size());
    }

    @Test
    void hangUpWhileQueuedIsAbandonedInQueueAndBeforeQueueIsAbandonedInIvr() {
        tracker.routed(routedCall("q"));
        tracker.queueJoined("q", "q", "desk-appliance", "010", "0215880001");
        clock.advance(Duration.ofSeconds(12));
        tracker.hungUp("q", "q");
        tracker.routed(routedCall("i"));
        tracker.hungUp("i", "i");

        assertEquals(CallOutcome.ABANDONED_QUEUE, written.get(0).outcome());
        assertEquals(12_000, written.get(0).waitMillis());
        assertEquals(CallOutcome.ABANDONED_IVR, written.get(1).outcome());
    }

    @Test
    void callSeenOnlyInFallbackQueueIsRecordedAsFallbackEvenWhenAnswered() {
        tracker.queueJoined("f", "f", Queues.FALLBACK, "01099998888", "0215880001");
        tracker.hungUp("f", "f");
        assertEquals(CallOutcome.FALLBACK, written.get(0).outcome());
        assertNull(written.get(0).companyId());
    }

    @Test
    void secondHangUpOfTheSameCallWritesNothingMore() {
        tracker.routed(routedCall("d"));
        tracker.hungUp("d", "d");
        tracker.hungUp("d", "d");
        assertEquals(1, written.size());
    }

    @Test
    void hangUpInTheMenusIsRecordedAsAbandonedInIvrWithTheStep() {
        tracker.abandonedInIvr("m", "m", "0700000000", "01012345678", "company-code", clock.instant());
        assertEquals(CallOutcome.ABANDONED_IVR, written.get(0).outcome());
        assertEquals("caller hung up in the IVR at step company-code", written.get(0).rule());
        tracker.routed(routedCall("r"));
        tracker.abandonedInIvr("r", "r", "0700000001", "010", "handoff", clock.instant());
        assertEquals(1, written.size(), "a routed call is ended by its hang-up event, not twice");
    }

    @Test
    void hangUpAfterTheCompanyWasKnownIsCountedForThatCompany() {
        tracker.abandonedInIvr("k", "k", "0215880001", "010", "inquiry", "hanbit", clock.instant());
        assertEquals("hanbit", written.get(0).companyId());
        assertEquals(CallOutcome.ABANDONED_IVR, written.get(0).outcome());
    }

    @Test
    void sweepEndsOnlyCallsOlderThanTheLimit() {
        tracker.routed(routedCall("old"));
        clock.advance(Duration.ofHours(5));
        tracker.routed(routedCall("new"));
        assertEquals(1, tracker.sweep(Duration.ofHours(4)));
        assertEquals("old", written.get(0).linkedId());
        assertEquals(1, tracker.size());
    }

    @Test
    void resyncEndsCallsAsteriskNoLongerHas() {
        tracker.routed(routedCall("a"));
        tracker.routed(routedCall("b"));
        assertEquals(1, tracker.endMissing(Set.of("a")));
        assertEquals("b", written.get(0).linkedId());
    }

    @Test
    void aCallbackPlaceHolderAndTheLegItDialsGetNoCallRecordSoTheCustomersCallCountsOnce() {
        tracker.routed(routedCall("1700000000.10"));
        tracker.queueJoined("1700000000.10", "1700000000.10", "desk-appliance", "01012345678", "0215880001",
                "PJSIP/customer-trunk-00000001");
        tracker.plan("1700000000.10", CallOutcome.CALLBACK_REQUESTED);
        tracker.hungUp("1700000000.10", "1700000000.10");
        // the attempt: place holder Local/<callback id>@ascc-callback-wait joins the queue, an agent takes it, it dials out
        String holder = "Local/1700000000.10@ascc-callback-wait-00000002;2";
        tracker.queueJoined("1700000005.20", "1700000005.21", "desk-appliance", "01012345678", "1700000000.10", holder);
        tracker.agentConnected("1700000005.20", "1001");
        clock.advance(Duration.ofSeconds(40));
        tracker.hungUp("1700000005.20", "1700000005.22");
        tracker.hungUp("1700000005.20", "1700000005.21");
        tracker.hungUp("1700000005.20", "1700000005.20");

        assertEquals(1, written.size(), "only the customer's own call: " + written);
        assertEquals(CallOutcome.CALLBACK_REQUESTED, written.get(0).outcome());
        assertEquals(0, tracker.size(), "nothing left in memory for the callback legs");
        assertTrue(CallTracker.isCallbackLeg(holder));
        assertFalse(CallTracker.isCallbackLeg("Local/1001@ascc-agents-00000003;1"));
        assertFalse(CallTracker.isCallbackLeg(null));
    }

    @Test
    void aCallerTransferredToAPartnerCenterIsRecordedAsSuchNotAsAnAbandon() {
        tracker.routed(routedCall("p"));
        tracker.queueJoined("p", "p", "desk-appliance", "01012345678", "0215880001");
        clock.advance(Duration.ofSeconds(20));
        tracker.plan("p", CallOutcome.OVERFLOW_PARTNER);
        clock.advance(Duration.ofSeconds(60));
        tracker.hungUp("p", "p");
        assertEquals(CallOutcome.OVERFLOW_PARTNER, written.get(0).outcome());
    }
}
