package ascc.core.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ascc.core.ami.AmiAction;
import ascc.core.ami.AmiEvent;
import ascc.core.ami.AmiEvents;
import ascc.core.ami.AmiMessage;
import ascc.core.db.Database;
import ascc.core.db.DbSettings;
import ascc.core.metrics.Metrics;
import ascc.routing.asterisk.Channels;
import ascc.routing.config.AsteriskBox;
import ascc.routing.config.Secret;
import java.nio.file.Path;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLSyntaxErrorException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Trunk slots on H2 (MariaDB: {@code TrunkSlotsMariaDbIT}) with hand-written fake links: the limit, the spread, giving back. */
class TrunkSlotsTest {
    private static final Duration LONG = Duration.ofHours(1);
    private static final int LIMIT = 5;
    private static final Instant T = Instant.parse("2026-03-02T01:00:00Z");

    @TempDir
    Path dir;
    private Database db;
    private SqlTrunkSlotStore store;

    /** A fake set of links: which boxes are up, and where each Originate went. */
    private static final class FakeBoxes implements TrunkSlots.BoxOriginator {
        final Set<String> down = new HashSet<>();
        final Map<String, Integer> sent = new TreeMap<>();
        String answer = "Success";

        @Override
        public CompletableFuture<AmiEvents.OriginateResponse> originate(String box, AmiAction originate, Duration timeout) {
            sent.merge(box, 1, Integer::sum);
            return CompletableFuture.completedFuture(new AmiEvents.OriginateResponse("1", answer, "PJSIP/x", "u", 4, T));
        }
    }

    @BeforeEach
    void open() {
        db = Database.open(DbSettings.embedded(dir.resolve("ascc").toString(), 12));
        store = new SqlTrunkSlotStore(db.dataSource());
    }

    @AfterEach
    void close() {
        db.close();
    }

    private static AsteriskBox box(String id, int capacity) {
        return new AsteriskBox(id, "10.0.0." + id.length(), 5038, "ascc", Secret.of("secret-secret"), "10.0.1." + id.length(),
                capacity);
    }

    private TrunkSlots slots(String node, int limit, FakeBoxes boxes, Metrics metrics, AsteriskBox... list) {
        return new TrunkSlots(store, node, () -> limit, List.of(list), b -> !boxes.down.contains(b), boxes, metrics);
    }

    private static AmiEvent hangup(String channel, String uniqueId) {
        return new AmiEvent("Hangup", AmiMessage.of("Event", "Hangup", "Channel", channel, "Uniqueid", uniqueId), T);
    }

    @Test
    void sixDialsOnCapacitiesTwoAndFourGoTwoAndFourAndTheSeventhFindsNoSlot() throws Exception {
        FakeBoxes links = new FakeBoxes();
        TrunkSlots slots = slots("n1", 30, links, new Metrics(), box("seoul-1", 2), box("busan-1", 4));
        for (int i = 0; i < 6; i++) {
            slots.originate("ascc-att-" + i, TrunkSlots.CAMPAIGN, AmiAction.of("Originate"), LONG).join();
        }
        assertEquals(Map.of("busan-1", 4, "seoul-1", 2), links.sent);
        assertEquals(Map.of("busan-1", 4, "seoul-1", 2), slots.held());
        NoTrunkSlot none = assertThrows(NoTrunkSlot.class, () -> slots.claim("ascc-att-7", TrunkSlots.CAMPAIGN));
        assertEquals("no trunk slot (limit=30, held=6, box=seoul-1 free=0)", none.getMessage());
        assertEquals(TrunkSlotFailure.Kind.RETRIABLE, none.kind());
    }

    @Test
    void theBoxWithTheMostFreeCapacityIsPickedAndTiesGoToTheFirst() throws Exception {
        assertEquals("a", TrunkSlots.pick(10, Map.of(), List.of(new TrunkSlotStore.Box("a", 3, true),
                new TrunkSlotStore.Box("b", 3, true))));
        assertEquals("b", TrunkSlots.pick(10, Map.of("a", 1), List.of(new TrunkSlotStore.Box("a", 3, true),
                new TrunkSlotStore.Box("b", 3, true))));
        assertEquals("a", TrunkSlots.pick(10, Map.of("a", 1, "gone", 5), List.of(new TrunkSlotStore.Box("a", 3, true),
                new TrunkSlotStore.Box("b", 9, false))), "a box that is down gets none");
        NoTrunkSlot limit = assertThrows(NoTrunkSlot.class, () -> TrunkSlots.pick(6, Map.of("a", 1, "gone", 5),
                List.of(new TrunkSlotStore.Box("a", 3, true))));
        assertEquals("no trunk slot (limit=6, held=6, box=a free=2)", limit.getMessage(), "slots on a removed box count globally");
        NoTrunkSlot down = assertThrows(NoTrunkSlot.class, () -> TrunkSlots.pick(6, Map.of(),
                List.of(new TrunkSlotStore.Box("a", 3, false), new TrunkSlotStore.Box("b", 3, false))));
        assertEquals("no trunk slot (limit=6, held=0, no box up: a down, b down)", down.getMessage());
    }

    @Test
    void aBoxWhoseLinkIsDownGetsNoCall() throws Exception {
        FakeBoxes links = new FakeBoxes();
        links.down.add("seoul-1");
        TrunkSlots slots = slots("n1", 30, links, new Metrics(), box("seoul-1", 2), box("busan-1", 4));
        for (int i = 0; i < 4; i++) {
            slots.originate("ascc-att-" + i, TrunkSlots.CAMPAIGN, AmiAction.of("Originate"), LONG).join();
        }
        assertEquals(Map.of("busan-1", 4), links.sent);
        assertEquals("no trunk slot (limit=30, held=4, box=busan-1 free=0)",
                assertThrows(NoTrunkSlot.class, () -> slots.claim("ascc-att-9", TrunkSlots.CAMPAIGN)).getMessage());
        links.down.remove("seoul-1");
        assertEquals("seoul-1", slots.claim("ascc-att-9", TrunkSlots.CAMPAIGN), "back up: it takes calls again");
    }

    @Test
    void theGlobalLimitHoldsAcrossNodesAndAHangUpHeardByAnyNodeGivesTheSlotBack() throws Exception {
        FakeBoxes links = new FakeBoxes();
        TrunkSlots a = slots("node-a", 2, links, new Metrics(), box("default", 100));
        TrunkSlots b = slots("node-b", 2, links, new Metrics(), box("default", 100));
        a.originate(Channels.attemptChannelId("1"), TrunkSlots.CAMPAIGN, AmiAction.of("Originate"), LONG).join();
        b.originate(TrunkSlots.callbackKey("1700.5"), TrunkSlots.CALLBACK, AmiAction.of("Originate"), LONG).join();
        assertEquals("no trunk slot (limit=2, held=2, box=default free=98)",
                assertThrows(NoTrunkSlot.class, () -> a.claim(Channels.attemptChannelId("2"), TrunkSlots.CAMPAIGN)).getMessage());
        b.onEvent(hangup("PJSIP/trunk-0001", Channels.attemptChannelId("1"))); // node b hears a's call end
        b.onEvent(hangup("PJSIP/trunk-0001", Channels.attemptChannelId("1"))); // again: nothing more given back
        assertEquals(Map.of("default", 1), a.held());
        a.onEvent(hangup("Local/1700.5@ascc-callback-wait-00000001;2", "1700.9"));
        assertEquals(Map.of(), a.held());
        b.onEvent(hangup("PJSIP/phone-0002", "1700.10")); // not a call holding a slot
        assertEquals(1, b.heldHere(), "b did not hear its callback end");
        b.round();
        assertEquals(0, b.heldHere(), "b forgets at its next round the slot another node gave back");
    }

    @Test
    void aFailedOriginateGivesTheSlotBack() throws Exception {
        FakeBoxes links = new FakeBoxes();
        links.answer = "Failure";
        TrunkSlots slots = slots("n1", 1, links, new Metrics(), box("default", 10));
        assertFalse(slots.originate("cb-1.1", TrunkSlots.CALLBACK, AmiAction.of("Originate"), LONG).join().success());
        assertEquals(Map.of(), slots.held());
        assertEquals(0, slots.heldHere());
    }

    @Test
    void aDeadNodesSlotComesBackByTheDatabasesClockAndALiveOnesStays() throws Exception {
        List<TrunkSlotStore.Box> one = List.of(new TrunkSlotStore.Box("default", 10, true));
        store.claim("ascc-att-dead", "dead", TrunkSlots.CAMPAIGN, 1, one, Duration.ZERO); // expires at once
        assertEquals("default", store.claim("ascc-att-live", "live", TrunkSlots.CAMPAIGN, 1, one, LONG));
        assertThrows(NoTrunkSlot.class, () -> store.claim("ascc-att-other", "other", TrunkSlots.CAMPAIGN, 1, one, LONG));
        assertEquals(Set.of("ascc-att-live"), store.renew("live", List.of("ascc-att-live", "ascc-att-dead"), LONG));
        assertEquals(Set.of(), store.renew("other", List.of("ascc-att-live"), LONG), "only the holder renews");
        assertEquals("default", store.claim("ascc-att-live", "live", TrunkSlots.CAMPAIGN, 1, one, LONG), "a repeated claim keeps it");
    }

    @Test
    void aSlotClaimedBeforeItsCallsKeyIsRenamedSoItsHangUpGivesItBack() throws Exception {
        TrunkSlots slots = slots("n1", 5, new FakeBoxes(), new Metrics(), box("default", 10));
        slots.claim("claim-x", TrunkSlots.CAMPAIGN);
        slots.rekey("claim-x", "ascc-att-42");
        assertThrows(TrunkSlotFailure.class, () -> slots.rekey("claim-x", "ascc-att-43"));
        slots.onEvent(hangup("PJSIP/trunk-1", "ascc-att-42"));
        assertEquals(Map.of(), slots.held());
    }

    @Test
    void slotsHeldAreMeteredByBox() throws Exception {
        Metrics metrics = new Metrics();
        TrunkSlots slots = slots("n1", 30, new FakeBoxes(), metrics, box("seoul-1", 2), box("busan-1", 4));
        slots.claim("ascc-att-1", TrunkSlots.CAMPAIGN);
        slots.round();
        String text = metrics.render();
        assertTrue(text.contains("ascc_trunk_slots_held{box=\"busan-1\"} 1.0"), text);
        assertTrue(text.contains("ascc_trunk_slots_held{box=\"seoul-1\"} 0.0"), text);
        assertTrue(text.contains("ascc_trunk_slots_limit 30.0"), text);
        assertTrue(text.contains("ascc_trunk_slots_held_here 1.0"), text);
        slots.close();
        assertEquals(Map.of(), slots.held(), "a clean stop gives its slots back");
    }

    @Test
    void failuresAreClassifiedRetriableOrFatal() {
        assertEquals(TrunkSlotFailure.Kind.RETRIABLE,
                TrunkSlotFailure.of("claim", new SQLNonTransientConnectionException("gone", "08003")).kind());
        assertEquals(TrunkSlotFailure.Kind.RETRIABLE, TrunkSlotFailure.of("claim", new SQLException("lock wait", "HY000", 1205)).kind());
        assertEquals(TrunkSlotFailure.Kind.FATAL, TrunkSlotFailure.of("claim", new SQLSyntaxErrorException("no table", "42S02")).kind());
        assertEquals(TrunkSlotFailure.Kind.RETRIABLE, new NoTrunkSlot("no trunk slot").kind());
        assertTrue(TrunkSlotFailure.of("trunk slot claim", new SQLSyntaxErrorException("x", "42S02")).getMessage()
                .startsWith("trunk slot claim failed (FATAL, SQL state 42S02"));
    }

    @Test
    void eightNodesRacingNeverHoldMoreThanTheLimit() throws Exception {
        AtomicInteger up = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        AtomicInteger refusals = new AtomicInteger();
        AtomicBoolean over = new AtomicBoolean();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Integer>> nodes = new ArrayList<>();
            for (int n = 0; n < 8; n++) {
                TrunkSlots node = slots("racer-" + n, LIMIT, new FakeBoxes(), new Metrics(), box("a", 3), box("b", 3));
                int id = n;
                nodes.add(pool.submit((Callable<Integer>) () -> {
                    int got = 0;
                    java.util.ArrayDeque<String> mine = new java.util.ArrayDeque<>();
                    for (int i = 0; i < 40; i++) {
                        String key = "ascc-att-" + id + "-" + i;
                        boolean claimed = false;
                        try {
                            node.claim(key, TrunkSlots.CAMPAIGN);
                            claimed = true;
                        } catch (NoTrunkSlot full) {
                            refusals.incrementAndGet();
                        } catch (TrunkSlotFailure busy) { // H2's lock timeout under the race: not claimed, nothing held
                            assertEquals(TrunkSlotFailure.Kind.RETRIABLE, busy.kind(), busy.getMessage());
                        }
                        if (claimed) {
                            got++;
                            int now = up.incrementAndGet(); // after the claim's commit, before its release: never above the count
                            most.accumulateAndGet(now, Math::max);
                            if (now > LIMIT) {
                                over.set(true);
                            }
                            mine.addLast(key);
                        }
                        // each node keeps up to two calls up (16 wanted for a limit of 5): the oldest ends when it has two or
                        // found no slot
                        if (!mine.isEmpty() && (mine.size() >= 2 || !claimed)) {
                            up.decrementAndGet();
                            node.release(mine.removeFirst());
                        }
                    }
                    while (!mine.isEmpty()) {
                        up.decrementAndGet();
                        node.release(mine.removeFirst());
                    }
                    return got;
                }));
            }
            int claimed = 0;
            for (Future<Integer> f : nodes) {
                claimed += f.get();
            }
            assertFalse(over.get(), "more than " + LIMIT + " slots held at once (most " + most.get() + ")");
            assertTrue(claimed > 8, "claims went through (" + claimed + ")");
            assertTrue(most.get() <= LIMIT);
            assertTrue(refusals.get() > 0, "the limit was reached while they raced");
        } finally {
            pool.shutdownNow();
        }
    }
}
