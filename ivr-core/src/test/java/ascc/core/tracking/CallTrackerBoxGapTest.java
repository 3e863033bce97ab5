package ascc.core.tracking;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * With several Asterisk boxes each box's AMI gap is its own: only that box's calls (linkedids prefixed with its id, its
 * {@code systemname}) take their end from the CDR; the other boxes' calls are heard live throughout.
 */
class CallTrackerBoxGapTest {
    /** The gap test's tracker, fake CDR table and calls (its fields, not its tests). */
    private final CallTrackerGapTest gap = new CallTrackerGapTest();
    private final CallTracker tracker = gap.tracker;
    private final List<TrackedCall> written = gap.written;

    @Test
    void boxBsGapSendsOnlyBoxBsCallsToTheCdrAndBoxAsCallsAreClosedAtTheirHangUp() {
        gap.answeredCall("a-1.1");
        gap.answeredCall("b-1.1");
        tracker.deafFromNow("b"); // box b's link lost: its calls up now crossed its gap
        tracker.routed(gap.routed("b-1.2")); // routed on box b while its link is away
        tracker.routed(gap.routed("a-1.2")); // box a heard live
        gap.clock.advance(Duration.ofSeconds(5));
        for (String id : List.of("a-1.1", "b-1.1", "b-1.2", "a-1.2")) {
            tracker.hungUp(id, id, gap.clock.instant());
        }
        assertEquals(List.of("a-1.1", "a-1.2"), written.stream().map(TrackedCall::linkedId).toList(), "box a's closed at once");
        assertEquals(2, tracker.settling(), "box b's wait for their CDR");

        tracker.heardAgain("b");
        tracker.routed(gap.routed("b-1.3"));
        gap.clock.advance(Duration.ofSeconds(5));
        tracker.hungUp("b-1.3", "b-1.3", gap.clock.instant());
        assertEquals("b-1.3", written.getLast().linkedId(), "box b heard live again after its resync");
    }

    @Test
    void theOneBoxLinkLosesEveryCallAsBefore() {
        gap.answeredCall("c1");
        tracker.deafFromNow(null);
        gap.clock.advance(Duration.ofSeconds(5));
        tracker.hungUp("c1", "c1", gap.clock.instant());
        assertEquals(0, written.size());
        assertEquals(1, tracker.settling());
    }
}
