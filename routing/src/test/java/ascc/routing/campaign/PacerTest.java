package ascc.routing.campaign;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ascc.testsupport.time.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import org.junit.jupiter.api.Test;

class PacerTest {
    private final ManualClock clock = new ManualClock(Instant.parse("2026-11-23T01:00:00Z"));

    @Test
    void spacesStartsByTheRateWithoutBurstAfterIdleTime() {
        Pacer p = new Pacer(new Pacing(100, 5), new TrunkChannels(100), clock);
        assertInstanceOf(Pacer.Started.class, p.tryStart());
        Pacer.Admission a = p.tryStart();
        assertEquals(new Pacer.Wait(clock.instant().plusMillis(200)), a);
        clock.advance(Duration.ofSeconds(10));
        assertInstanceOf(Pacer.Started.class, p.tryStart());
        assertInstanceOf(Pacer.Wait.class, p.tryStart(), "idle time must not accumulate a burst");
    }

    @Test
    void meetsConfiguredRateOverTwoMinutesOfVirtualTime() {
        Pacer p = new Pacer(new Pacing(1000, 5), new TrunkChannels(1000), clock);
        Instant end = clock.instant().plus(Duration.ofMinutes(2));
        int started = 0;
        while (clock.instant().isBefore(end)) {
            Pacer.Admission a = p.tryStart();
            if (a instanceof Pacer.Started s) {
                started++;
                s.permit().release();
            } else if (a instanceof Pacer.Wait w) {
                clock.set(w.until());
            }
        }
        assertEquals(600, started);
    }

    @Test
    void aDialerThatWakesLateEveryTimeStillMeetsTheRate() {
        // the campaign thread sleeps until the slot but wakes 15 ms late each time (timer and scheduling latency)
        Pacer p = new Pacer(new Pacing(1000, 5), new TrunkChannels(1000), clock);
        Instant end = clock.instant().plus(Duration.ofMinutes(2));
        int started = 0;
        while (clock.instant().isBefore(end)) {
            Pacer.Admission a = p.tryStart();
            if (a instanceof Pacer.Started s) {
                started++;
                s.permit().release();
            } else if (a instanceof Pacer.Wait w) {
                clock.set(w.until().plusMillis(15));
            }
        }
        assertTrue(started >= 599, "rate drifted: " + started + " starts in 2 min at 5/s");
    }

    @Test
    void neverExceedsCampaignCapAndFreesSlotOnRelease() {
        Pacer p = new Pacer(new Pacing(2, 100), new TrunkChannels(10), clock);
        Deque<Pacer.Permit> up = new ArrayDeque<>();
        int maxSeen = 0;
        for (int i = 0; i < 1000; i++) {
            clock.advance(Duration.ofMillis(7));
            Pacer.Admission a = p.tryStart();
            if (a instanceof Pacer.Started s) {
                up.add(s.permit());
            } else if (a instanceof Pacer.Full && i % 3 == 0) {
                up.poll().release();
            }
            maxSeen = Math.max(maxSeen, p.active());
        }
        assertEquals(2, maxSeen);
    }

    @Test
    void globalTrunkLimitIsSharedByCampaigns() {
        TrunkChannels trunk = new TrunkChannels(3);
        Pacer a = new Pacer(new Pacing(5, 100), trunk, clock);
        Pacer b = new Pacer(new Pacing(5, 100), trunk, clock);
        assertInstanceOf(Pacer.Started.class, a.tryStart());
        assertInstanceOf(Pacer.Started.class, b.tryStart());
        clock.advance(Duration.ofSeconds(1));
        Pacer.Started third = assertInstanceOf(Pacer.Started.class, a.tryStart());
        clock.advance(Duration.ofSeconds(1));
        Pacer.Full full = assertInstanceOf(Pacer.Full.class, b.tryStart());
        assertTrue(full.reason().contains("3 trunk channels"), full.reason());
        third.permit().release();
        third.permit().release();
        assertEquals(2, trunk.inUse(), "a second release of one permit frees nothing");
        assertInstanceOf(Pacer.Started.class, b.tryStart());
    }
}
