package ascc.routing.overflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ascc.routing.config.OverflowConfig.AddAgentsOf;
import ascc.routing.config.OverflowConfig.EstimatedWaitAtLeast;
import ascc.routing.config.OverflowConfig.NoAgent;
import ascc.routing.config.OverflowConfig.OfferCallback;
import ascc.routing.config.OverflowConfig.Partner;
import ascc.routing.config.OverflowConfig.QueueLengthAtLeast;
import ascc.routing.config.OverflowConfig.Step;
import ascc.routing.config.OverflowConfig.Voicemail;
import ascc.routing.config.OverflowConfig.WaitedAtLeast;
import ascc.routing.config.OverflowConfig.Widen;
import ascc.routing.overflow.OverflowPolicy.Caller;
import ascc.routing.overflow.OverflowPolicy.Decision;
import ascc.routing.overflow.OverflowPolicy.Plan;
import ascc.routing.overflow.OverflowPolicy.QueueState;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class OverflowPolicyTest {
    private static final Instant T0 = Instant.parse("2026-11-23T01:00:00Z");

    private static Caller caller(String id, int joinedSecondsAgo, Instant now) {
        return new Caller(id, now.minusSeconds(joinedSecondsAgo), false, false);
    }

    private static QueueState queue(List<Caller> waiting) {
        return new QueueState(waiting, 2, 2, 0, null);
    }

    private static List<String> taken(Plan p) {
        List<String> out = new ArrayList<>();
        for (Decision d : p.decisions()) {
            out.add(d.callerId() + "#" + d.stepNo());
        }
        return out;
    }

    @Test
    void waitedTriggerTakesTheStepOnlyOnCallersWhoReachedIt() {
        List<Step> steps = List.of(Step.afterSecondsAddAgentsOf(30, "general"));
        Instant now = T0.plusSeconds(100);
        Plan p = OverflowPolicy.decide(steps, queue(List.of(caller("a", 31, now), caller("b", 29, now))), now, Set.of());
        assertEquals(List.of("a#1"), taken(p));
        assertEquals(Set.of(1), p.activeMembershipSteps());
        assertEquals(30, OverflowPolicy.decide(steps, queue(List.of(caller("a", 30, now))), now, Set.of()).decisions().get(0)
                .waitedSeconds());
    }

    @Test
    void aStepIsTakenOncePerCaller() {
        List<Step> steps = List.of(Step.afterSecondsAddAgentsOf(5, "general"));
        Instant now = T0.plusSeconds(10);
        QueueState q = queue(List.of(caller("a", 9, now)));
        Set<String> taken = new HashSet<>();
        Plan first = OverflowPolicy.decide(steps, q, now, taken);
        first.decisions().forEach(d -> taken.add(OverflowPolicy.takenKey(d.callerId(), d.stepNo())));
        Plan second = OverflowPolicy.decide(steps, q, now.plusSeconds(1), taken);
        assertEquals(List.of(), second.decisions());
        assertEquals(Set.of(1), second.activeMembershipSteps(), "the membership stays in force");
    }

    @Test
    void nothingActiveWhileNobodyReachedTheTrigger() {
        List<Step> steps = List.of(Step.afterSecondsAddAgentsOf(30, "general"), new Step(new WaitedAtLeast(60), new OfferCallback()));
        Plan p = OverflowPolicy.decide(steps, queue(List.of(caller("a", 29, T0))), T0, Set.of());
        assertEquals(List.of(), p.decisions());
        assertEquals(Set.of(), p.activeMembershipSteps());
        assertEquals(Set.of(), OverflowPolicy.decide(steps, queue(List.of()), T0, Set.of()).activeMembershipSteps());
    }

    @Test
    void queueLengthTriggerHoldsFromThatPositionOn() {
        List<Step> steps = List.of(new Step(new QueueLengthAtLeast(3), new OfferCallback()));
        List<Caller> four = List.of(caller("a", 40, T0), caller("b", 30, T0), caller("c", 20, T0), caller("d", 1, T0));
        assertEquals(List.of("c#1", "d#1"), taken(OverflowPolicy.decide(steps, queue(four), T0, Set.of())));
        assertEquals(List.of(), taken(OverflowPolicy.decide(steps, queue(four.subList(0, 2)), T0, Set.of())));
    }

    @Test
    void noAgentLoggedInAndNoneFreeAreDifferentTriggers() {
        List<Step> loggedIn = List.of(new Step(new NoAgent(false), new Voicemail()));
        List<Step> free = List.of(new Step(new NoAgent(true), new Partner("0215550000")));
        List<Caller> one = List.of(caller("a", 0, T0));
        QueueState allBusy = new QueueState(one, 2, 2, 0, null);
        QueueState nobody = new QueueState(one, 0, 0, 0, null);
        QueueState oneFree = new QueueState(one, 2, 2, 1, null);
        assertEquals(List.of(), taken(OverflowPolicy.decide(loggedIn, allBusy, T0, Set.of())));
        assertEquals(List.of("a#1"), taken(OverflowPolicy.decide(loggedIn, nobody, T0, Set.of())));
        assertEquals(List.of("a#1"), taken(OverflowPolicy.decide(free, allBusy, T0, Set.of())));
        assertEquals(List.of("a#1"), taken(OverflowPolicy.decide(free, nobody, T0, Set.of())));
        assertEquals(List.of(), taken(OverflowPolicy.decide(free, oneFree, T0, Set.of())));
    }

    @Test
    void estimatedWaitUsesPositionHandleTimeAndStaffedAgents() {
        // 2 staffed agents, 100 s per call: position 1 -> 50 s, 2 -> 100 s, 3 -> 150 s
        QueueState q = new QueueState(List.of(caller("a", 0, T0), caller("b", 0, T0), caller("c", 0, T0)), 3, 2, 0,
                Duration.ofSeconds(100));
        assertEquals(Duration.ofSeconds(50), OverflowPolicy.estimatedWait(q, 1));
        assertEquals(Duration.ofSeconds(150), OverflowPolicy.estimatedWait(q, 3));
        List<Step> steps = List.of(new Step(new EstimatedWaitAtLeast(100), new OfferCallback()));
        assertEquals(List.of("b#1", "c#1"), taken(OverflowPolicy.decide(steps, q, T0, Set.of())));
    }

    @Test
    void estimatedWaitIsUnknownWithoutHandleTimesAndUnboundedWithoutStaff() {
        List<Step> steps = List.of(new Step(new EstimatedWaitAtLeast(1), new OfferCallback()));
        QueueState unknown = new QueueState(List.of(caller("a", 0, T0)), 1, 1, 0, null);
        assertNull(OverflowPolicy.estimatedWait(unknown, 1));
        assertEquals(List.of(), taken(OverflowPolicy.decide(steps, unknown, T0, Set.of())));
        QueueState unstaffed = new QueueState(List.of(caller("a", 0, T0)), 1, 0, 0, Duration.ofSeconds(1));
        assertEquals(List.of("a#1"), taken(OverflowPolicy.decide(steps, unstaffed, T0, Set.of())));
    }

    @Test
    void aCallerIsMovedOnceByTheFirstMovingStepThatHolds() {
        List<Step> steps = List.of(new Step(new WaitedAtLeast(10), new OfferCallback()),
                new Step(new WaitedAtLeast(20), new Partner("0215550000")),
                new Step(new WaitedAtLeast(20), new AddAgentsOf("general")));
        Plan p = OverflowPolicy.decide(steps, queue(List.of(caller("a", 25, T0))), T0, Set.of());
        assertEquals(List.of("a#1", "a#3"), taken(p), "the partner step does not move a caller moved by the callback step");
    }

    @Test
    void aCallerWhoCameBackFromAnOfferIsNotMovedAgainButKeepsMembershipSteps() {
        List<Step> steps = List.of(new Step(new WaitedAtLeast(10), new OfferCallback()), Step.afterSecondsAddAgentsOf(10, "general"));
        Caller back = new Caller("a", T0.minusSeconds(30), false, true);
        Plan p = OverflowPolicy.decide(steps, queue(List.of(back)), T0, Set.of());
        assertEquals(List.of("a#2"), taken(p));
        assertEquals(Set.of(2), p.activeMembershipSteps());
    }

    @Test
    void placeholdersKeepMembershipInForceButAreNeverMovedOrRecorded() {
        List<Step> steps = List.of(Step.afterSecondsAddAgentsOf(10, "general"), new Step(new WaitedAtLeast(10), new OfferCallback()));
        Caller holder = new Caller("Local/cb", T0.minusSeconds(60), true, false);
        Plan p = OverflowPolicy.decide(steps, queue(List.of(holder, caller("b", 5, T0))), T0, Set.of());
        assertEquals(List.of(), p.decisions());
        assertEquals(Set.of(1), p.activeMembershipSteps());
    }

    @Test
    void waitCountsFromTheFirstEntryNotTheLatest() {
        List<Step> steps = List.of(new Step(new WaitedAtLeast(30), new Widen(1)));
        Caller rejoined = new Caller("a", T0.minusSeconds(45), false, true);
        Plan p = OverflowPolicy.decide(steps, queue(List.of(rejoined)), T0, Set.of());
        assertEquals(45, p.decisions().get(0).waitedSeconds());
    }

    @Test
    void decisionsComeInQueueOrderThenStepOrder() {
        List<Step> steps = List.of(Step.afterSecondsAddAgentsOf(5, "general"), new Step(new WaitedAtLeast(5), new Widen(1)));
        Plan p = OverflowPolicy.decide(steps, queue(List.of(caller("a", 9, T0), caller("b", 8, T0))), T0, Set.of());
        assertEquals(List.of("a#1", "a#2", "b#1", "b#2"), taken(p));
    }

    @Test
    void recentHandleTimesAverageTheLastWindow() {
        RecentHandleTimes h = new RecentHandleTimes(2);
        assertNull(h.average("q"));
        h.add("q", 10);
        h.add("q", 20);
        h.add("q", 60);
        h.add("q", -1);
        assertEquals(Duration.ofSeconds(40), h.average("q"));
        assertNull(h.average("other"));
        assertThrows(IllegalArgumentException.class, () -> new RecentHandleTimes(0));
    }

    @Test
    void negativeAgentCountsAreRejectedWithTheValues() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new QueueState(List.of(), -1, 0, 0, null));
        assertTrue(e.getMessage().contains("loggedIn=-1"), e.getMessage());
    }
}
