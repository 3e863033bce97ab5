package ascc.routing.waiting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class WaitModelTest {
    private static WaitModel.Desk desk(int staffed, int free, Integer recentSeconds, int wrapUp) {
        return new WaitModel.Desk(staffed, free, recentSeconds == null ? null : Duration.ofSeconds(recentSeconds),
                Duration.ofSeconds(wrapUp), Duration.ofSeconds(180));
    }

    @Test
    void aCallerWithAFreeAgentWaitsNothing() {
        assertEquals(Optional.of(Duration.ZERO), WaitModel.estimate(desk(3, 2, 120, 0), 2));
    }

    @Test
    void theNextCallerWaitsHalfAHandleTimeOverTheStaffedAgents() {
        // 2 agents busy, calls of 4 min: an agent frees every 2 min, the first one after 1 min on average
        assertEquals(Optional.of(Duration.ofSeconds(60)), WaitModel.estimate(desk(2, 0, 240, 0), 1));
        assertEquals(Optional.of(Duration.ofSeconds(300)), WaitModel.estimate(desk(2, 0, 240, 0), 3));
    }

    @Test
    void wrapUpCountsInTheHandleTimeAndTheDefaultStandsInWithoutRecentCalls() {
        assertEquals(Optional.of(Duration.ofSeconds(90)), WaitModel.estimate(desk(1, 0, null, 0), 1)); // 180 s default / 2
        assertEquals(Optional.of(Duration.ofSeconds(100)), WaitModel.estimate(desk(1, 0, 180, 20), 1));
    }

    @Test
    void nobodyStaffedMeansNoEstimate() {
        assertEquals(Optional.empty(), WaitModel.estimate(desk(0, 0, 120, 0), 1));
    }

    @Test
    void badInputIsRefusedWithItsValues() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> desk(1, 2, 10, 0));
        assertTrue(e.getMessage().contains("staffed=1, free=2"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> WaitModel.estimate(desk(1, 0, 10, 0), 0));
    }

    @Test
    void minutesAreRoundedUpAndAtLeastOne() {
        assertEquals(1, WaitModel.minutesToSay(Duration.ofSeconds(5)));
        assertEquals(2, WaitModel.minutesToSay(Duration.ofSeconds(61)));
        assertEquals(999, WaitModel.minutesToSay(Duration.ofDays(30)));
    }

    @Test
    void announcementSaysPositionThenEstimate() {
        assertEquals(List.of("queue-youarenext"), WaitAnnouncement.files(1, Optional.of(Duration.ZERO)));
        assertEquals(List.of("queue-thereare", "digits/3", "queue-callswaiting", "queue-holdtime", "digits/5", "queue-minutes"),
                WaitAnnouncement.files(3, Optional.of(Duration.ofSeconds(290))));
        assertEquals(List.of("queue-thereare", "digits/2", "queue-callswaiting", "queue-holdtime", "digits/1", "queue-minute"),
                WaitAnnouncement.files(2, Optional.of(Duration.ofSeconds(30))));
        assertEquals(List.of("queue-thereare", "digits/40", "digits/2", "queue-callswaiting"),
                WaitAnnouncement.files(42, Optional.empty()));
        assertEquals(List.of("digits/1", "digits/hundred", "digits/5"), WaitAnnouncement.number(105));
        assertEquals(List.of("digits/2", "digits/hundred"), WaitAnnouncement.number(200));
        assertEquals(List.of("digits/9", "digits/hundred", "digits/90", "digits/9"), WaitAnnouncement.number(5000));
    }

    @Property(tries = 500, seed = "20261206")
    void theEstimateGrowsWithThePositionAndShrinksWithMoreAgents(@ForAll @IntRange(min = 1, max = 50) int staffed,
            @ForAll @IntRange(min = 0, max = 50) int freeRaw, @ForAll @IntRange(min = 0, max = 3600) int handle,
            @ForAll @IntRange(min = 1, max = 500) int position) {
        int free = Math.min(freeRaw, staffed);
        WaitModel.Desk d = desk(staffed, free, handle, 0);
        Duration here = WaitModel.estimate(d, position).orElseThrow();
        Duration behind = WaitModel.estimate(d, position + 1).orElseThrow();
        assertTrue(behind.compareTo(here) >= 0, () -> "position " + position + ": " + here + ", next: " + behind);
        Duration moreAgents = WaitModel.estimate(desk(staffed + 1, free, handle, 0), position).orElseThrow();
        assertTrue(moreAgents.compareTo(here) <= 0, () -> "one more agent made it longer: " + moreAgents + " > " + here);
        assertTrue(!here.isNegative() && here.toSeconds() <= (long) position * handle, () -> "out of bounds: " + here);
    }

    @Property(tries = 500, seed = "20261206")
    void everyNumberIsSaidWithExistingDigitFiles(@ForAll @IntRange(min = 0, max = 2000) int n) {
        for (String f : WaitAnnouncement.number(n)) {
            String d = f.substring("digits/".length());
            assertTrue(d.equals("hundred") || Integer.parseInt(d) <= 20 || Integer.parseInt(d) % 10 == 0 && Integer.parseInt(d) < 100,
                    () -> n + " -> " + f);
        }
    }
}
