package ascc.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ascc.routing.config.Category;
import ascc.routing.config.Company;
import ascc.routing.config.Priorities;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class QueuePriorityTest {
    private static final Instant NOW = Instant.parse("2026-11-23T01:15:00Z");
    private static final Priorities RULES = new Priorities(7, 1, 5, 10);
    private static final Company ACME = new Company("acme", "Acme", "101", List.of(), List.of(Category.PCS),
            List.of("01011112222", "+821033334444"));
    private final RecentCallers recent = new RecentCallers();

    private QueuePriority.Result decide(String caller, InquiryType type) {
        return QueuePriority.decide(RULES, Optional.of(ACME), caller, Optional.of(type), recent, NOW);
    }

    @Test
    void unknownCallerIsNormal() {
        assertEquals(new QueuePriority.Result(0, ""), decide("01099998888", InquiryType.FAULT));
    }

    @Test
    void vipNumberIsRaisedInEitherNumberForm() {
        assertEquals(new QueuePriority.Result(10, "VIP caller of acme"), decide("01011112222", InquiryType.HOWTO));
        assertEquals(10, decide("01033334444", InquiryType.HOWTO).level(), "+82 10... in the list equals 010...");
        assertEquals(10, decide("+821011112222", InquiryType.HOWTO).level());
    }

    @Test
    void repeatFaultWithinTheWindowBeatsARepeatCaller() {
        recent.record("01055556666", NOW.minus(Duration.ofDays(6)), "fault");
        assertEquals(new QueuePriority.Result(5, "repeat fault report within 7 days (last call 2026-11-17T01:15:00Z)"),
                decide("01055556666", InquiryType.FAULT));
        assertEquals(1, decide("01055556666", InquiryType.PURCHASE).level(), "other inquiry: a repeat caller");
    }

    @Test
    void callOutsideTheWindowOrRepeatOffIsNormal() {
        recent.record("01055556666", NOW.minus(Duration.ofDays(8)), "fault");
        assertEquals(0, decide("01055556666", InquiryType.FAULT).level());
        recent.record("01077778888", NOW.minus(Duration.ofDays(1)), "fault");
        assertEquals(0, QueuePriority.decide(new Priorities(0, 1, 5, 10), Optional.of(ACME), "01077778888",
                Optional.of(InquiryType.FAULT), recent, NOW).level());
    }

    @Test
    void recentCallersKeepsTheLatestCallAndPrunesOldOnes() {
        recent.record("010-5555-6666", NOW.minus(Duration.ofDays(1)), "fault");
        recent.record("01055556666", NOW.minus(Duration.ofDays(3)), "howto");
        recent.record("01011110000", NOW.minus(Duration.ofDays(30)), null);
        assertEquals(Optional.of(new RecentCallers.LastCall(NOW.minus(Duration.ofDays(1)), "fault")),
                recent.since("01055556666", NOW.minus(Duration.ofDays(7))));
        assertEquals(1, recent.prune(NOW.minus(Duration.ofDays(7))));
        assertEquals(1, recent.size());
    }
}
