package ascc.core.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ascc.routing.config.ClusterSettings;
import ascc.testsupport.time.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LeasesTest {
    private static final ClusterSettings SETTINGS = ClusterSettings.DEFAULTS; // ttl 6 s, renew every 2 s, margin 1 s
    private final ManualClock clock = new ManualClock(Instant.parse("2026-12-06T01:00:00Z"));
    private final FakeLeaseStore store = new FakeLeaseStore(clock);

    private Leases node(String id, List<String> events) {
        Leases l = new Leases(store, id, SETTINGS, () -> clock.millis() * 1_000_000L);
        l.want("overflow", new Leases.Listener() {
            @Override
            public void gained(Fence fence) {
                events.add(id + " gained " + fence.token());
            }

            @Override
            public void lost(String name) {
                events.add(id + " lost");
            }
        });
        return l;
    }

    @Test
    void aHolderThatCannotRenewStopsActingBeforeAnotherNodeCanTakeItsLease() {
        List<String> events = new ArrayList<>();
        Leases a = node("a", events);
        Leases b = node("b", events);
        a.renewNow();
        b.renewNow();
        assertTrue(a.holds("overflow"));
        assertFalse(b.holds("overflow"));
        store.failing.put("a", new LeaseFailure(LeaseFailure.Kind.RETRIABLE, "database away", null));
        long aStopped = -1;
        long bStarted = -1;
        // both nodes run their rounds every 2 s, b's 0.7 s after a's; look at every 100 ms for 12 s
        for (int ms = 100; ms <= 12_000; ms += 100) {
            clock.advance(Duration.ofMillis(100));
            if (ms % 2000 == 0) {
                a.renewNow();
            }
            if (ms % 2000 == 700) {
                b.renewNow();
            }
            assertFalse(a.holds("overflow") && b.holds("overflow"), "both act at " + ms + " ms");
            if (aStopped < 0 && !a.holds("overflow")) {
                aStopped = ms;
            }
            if (bStarted < 0 && b.holds("overflow")) {
                bStarted = ms;
            }
        }
        assertEquals(5000, aStopped, "a stops at its last renewal + ttl - margin");
        assertTrue(bStarted >= 6000 && bStarted <= 10_000, "b takes over after the lease expired, within 10 s: " + bStarted);
        assertEquals(List.of("a gained 1", "b gained 2"), events);
        assertEquals(2, b.fence("overflow").orElseThrow().token());
        assertTrue(a.fence("overflow").isEmpty());
    }

    @Test
    void aGainedLeaseIsResyncedBeforeTheNodeActsOnIt() {
        Leases[] self = new Leases[1];
        List<Boolean> heldDuringResync = new ArrayList<>();
        self[0] = new Leases(store, "a", SETTINGS, () -> clock.millis() * 1_000_000L);
        self[0].want("staffing", fence -> heldDuringResync.add(self[0].holds("staffing")));
        self[0].renewNow();
        assertEquals(List.of(false), heldDuringResync);
        assertTrue(self[0].holds("staffing"));
        self[0].renewNow(); // a renewal with the same token resyncs nothing
        assertEquals(1, heldDuringResync.size());
    }

    @Test
    void aFailedResyncLeavesTheLeaseUnusedUntilItSucceeds() {
        int[] calls = {0};
        Leases a = new Leases(store, "a", SETTINGS, () -> clock.millis() * 1_000_000L);
        a.want("cdr:default", fence -> {
            if (++calls[0] == 1) {
                throw new IllegalStateException("QueueStatus timed out");
            }
        });
        a.renewNow();
        assertFalse(a.holds("cdr:default"));
        clock.advance(Duration.ofSeconds(2));
        a.renewNow();
        assertTrue(a.holds("cdr:default"));
        assertEquals(2, calls[0]);
    }

    @Test
    void aCleanStopHandsTheLeaseOverAtTheOtherNodesNextRound() {
        List<String> events = new ArrayList<>();
        Leases a = node("a", events);
        Leases b = node("b", events);
        a.renewNow();
        b.renewNow();
        a.close();
        assertFalse(a.holds("overflow"));
        b.renewNow();
        assertTrue(b.holds("overflow"));
        assertEquals(List.of("a gained 1", "b gained 2"), events);
    }

    @Test
    void aHolderWhoseLeaseWasTakenHearsItLost() {
        List<String> events = new ArrayList<>();
        Leases a = node("a", events);
        Leases b = node("b", events);
        a.renewNow();
        clock.advance(Duration.ofSeconds(7)); // a paused past its lease's expiry
        b.renewNow();
        assertFalse(a.holds("overflow"), "a's local deadline passed");
        a.renewNow();
        assertEquals(List.of("a gained 1", "b gained 2", "a lost"), events);
    }
}
