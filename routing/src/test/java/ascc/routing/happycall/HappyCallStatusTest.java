package ascc.routing.happycall;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class HappyCallStatusTest {

    @Test
    void storedValuesStayTheOnesInTheDatabase() {
        assertEquals(List.of("scheduled", "queued", "answered", "completed", "partial", "refused", "no-answer", "failed"),
                EnumSet.allOf(HappyCallStatus.class).stream().map(HappyCallStatus::id).toList());
        for (HappyCallStatus s : HappyCallStatus.values()) {
            assertEquals(s, HappyCallStatus.ofId(s.id()));
        }
        assertThrows(IllegalArgumentException.class, () -> HappyCallStatus.ofId("SCHEDULED"));
    }

    @Test
    void aHappyCallIsDialedOnlyOnceClaimed() {
        assertTrue(HappyCallStatus.SCHEDULED.canMoveTo(HappyCallStatus.QUEUED));
        assertTrue(HappyCallStatus.QUEUED.canMoveTo(HappyCallStatus.SCHEDULED), "not placed: dialed later");
        assertFalse(HappyCallStatus.SCHEDULED.canMoveTo(HappyCallStatus.NO_ANSWER), "no result without a placed call");
        assertFalse(HappyCallStatus.SCHEDULED.canMoveTo(HappyCallStatus.FAILED));
        assertFalse(HappyCallStatus.QUEUED.canMoveTo(HappyCallStatus.QUEUED), "claimed once");
    }

    @Test
    void questionsDecideTheEndOfAnAnsweredHappyCall() {
        assertTrue(HappyCallStatus.SCHEDULED.canMoveTo(HappyCallStatus.ANSWERED));
        assertTrue(HappyCallStatus.QUEUED.canMoveTo(HappyCallStatus.ANSWERED));
        assertEquals(EnumSet.of(HappyCallStatus.COMPLETED, HappyCallStatus.PARTIAL, HappyCallStatus.REFUSED),
                EnumSet.copyOf(EnumSet.allOf(HappyCallStatus.class).stream().filter(HappyCallStatus.ANSWERED::canMoveTo).toList()));
        assertFalse(HappyCallStatus.ANSWERED.canMoveTo(HappyCallStatus.SCHEDULED), "an answered happy-call is never dialed again");
        assertFalse(HappyCallStatus.QUEUED.canMoveTo(HappyCallStatus.REFUSED), "refused needs an answered call");
    }

    @Test
    void finalStatusesEndTheLifecycle() {
        EnumSet<HappyCallStatus> terminal = EnumSet.of(HappyCallStatus.COMPLETED, HappyCallStatus.PARTIAL, HappyCallStatus.REFUSED,
                HappyCallStatus.NO_ANSWER, HappyCallStatus.FAILED);
        for (HappyCallStatus s : HappyCallStatus.values()) {
            assertEquals(terminal.contains(s), s.terminal(), s.name());
            for (HappyCallStatus next : HappyCallStatus.values()) {
                if (s.terminal()) {
                    assertFalse(s.canMoveTo(next), s + " -> " + next);
                }
            }
        }
    }
}
