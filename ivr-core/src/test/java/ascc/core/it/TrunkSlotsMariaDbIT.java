package ascc.core.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ascc.core.cluster.NoTrunkSlot;
import ascc.core.cluster.SqlTrunkSlotStore;
import ascc.core.cluster.TrunkSlotFailure;
import ascc.core.cluster.TrunkSlotStore;
import ascc.core.db.Database;
import ascc.core.db.DbSettings;
import ascc.routing.config.Secret;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The trunk slots' SQL on MariaDB (H2: {@code TrunkSlotsTest}): eight nodes racing to claim slots for a limit of 4 over two
 * boxes never hold more than 4 at once, nor more than a box's capacity on it; expiry by MariaDB's clock; renewal by the
 * holder only.
 */
class TrunkSlotsMariaDbIT {
    private static final Duration LONG = Duration.ofHours(1);
    private static final int LIMIT = 4;

    @Test
    void eightNodesRacingNeverHoldMoreThanTheLimitOnMariaDb() throws Exception {
        try (Database db = Database.open(DbSettings.mariaDb(RealStack.DB_URL, "ascc", Secret.of("ascc"), 12))) {
            try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
                s.executeUpdate("DELETE FROM trunk_slot");
            }
            SqlTrunkSlotStore store = new SqlTrunkSlotStore(db.dataSource());
            List<TrunkSlotStore.Box> boxes = List.of(new TrunkSlotStore.Box("a", 2, true), new TrunkSlotStore.Box("b", 3, true));

            store.claim("it-dead", "dead", "campaign", 1, boxes, Duration.ZERO); // expires at once by MariaDB's clock
            // b has the most free capacity (3 of 3 against 2 of 2); with the dead slot still counted the limit 1 is reached
            assertEquals("b", store.claim("it-live", "live", "campaign", 1, boxes, LONG), "the dead node's slot came back");
            assertEquals("no trunk slot (limit=1, held=1, box=a free=2)",
                    assertThrows(NoTrunkSlot.class, () -> store.claim("it-x", "x", "campaign", 1, boxes, LONG)).getMessage());
            assertEquals(Set.of("it-live"), store.renew("live", List.of("it-live"), LONG));
            assertEquals(Set.of(), store.renew("x", List.of("it-live"), LONG), "only its node renews a slot");
            assertTrue(store.release("it-live"));
            assertFalse(store.release("it-live"), "given back once");

            AtomicInteger up = new AtomicInteger();
            AtomicInteger most = new AtomicInteger();
            AtomicInteger refusals = new AtomicInteger();
            AtomicBoolean over = new AtomicBoolean();
            AtomicBoolean boxOver = new AtomicBoolean();
            ExecutorService pool = Executors.newFixedThreadPool(9);
            try {
                List<Future<Integer>> nodes = new ArrayList<>();
                for (int n = 0; n < 8; n++) {
                    String node = "racer-" + n;
                    nodes.add(pool.submit((Callable<Integer>) () -> {
                        int got = 0;
                        java.util.ArrayDeque<String> mine = new java.util.ArrayDeque<>();
                        for (int i = 0; i < 25; i++) {
                            String key = "it-" + node + "-" + i;
                            boolean claimed = false;
                            try {
                                store.claim(key, node, "campaign", LIMIT, boxes, LONG);
                                claimed = true;
                            } catch (NoTrunkSlot full) {
                                refusals.incrementAndGet();
                            } catch (TrunkSlotFailure busy) { // e.g. a lock wait timeout under the race: not claimed
                                System.out.println(node + ": " + busy.kind() + " " + busy.getMessage());
                            }
                            if (claimed) {
                                got++;
                                int now = up.incrementAndGet(); // after the claim's commit, before its release
                                most.accumulateAndGet(now, Math::max);
                                if (now > LIMIT) {
                                    over.set(true);
                                }
                                mine.addLast(key);
                            }
                            // each node keeps up to two calls up (16 wanted for a limit of 4): the oldest ends when it has
                            // two or found no slot
                            if (!mine.isEmpty() && (mine.size() >= 2 || !claimed)) {
                                up.decrementAndGet();
                                store.release(mine.removeFirst());
                            }
                        }
                        while (!mine.isEmpty()) {
                            up.decrementAndGet();
                            store.release(mine.removeFirst());
                        }
                        return got;
                    }));
                }
                // a watcher reading the table while they race: never above the limit, nor a box above its capacity
                Future<Integer> watcher = pool.submit((Callable<Integer>) () -> {
                    int reads = 0;
                    while (nodes.stream().anyMatch(f -> !f.isDone())) {
                        Map<String, Integer> held = store.held();
                        reads++;
                        if (held.values().stream().mapToInt(Integer::intValue).sum() > LIMIT || held.getOrDefault("a", 0) > 2
                                || held.getOrDefault("b", 0) > 3) {
                            boxOver.set(true);
                        }
                    }
                    return reads;
                });
                int claimed = 0;
                for (Future<Integer> f : nodes) {
                    claimed += f.get();
                }
                int reads = watcher.get();
                System.out.println("TrunkSlotsMariaDbIT: " + claimed + " claims by 8 racing nodes, at most " + most.get()
                        + " held at once (limit " + LIMIT + "), " + refusals.get() + " refused, " + reads + " reads of the table");
                assertFalse(over.get(), "more than " + LIMIT + " slots held at once (most " + most.get() + ")");
                assertFalse(boxOver.get(), "the table held more than the limit or a box's capacity");
                assertTrue(claimed > 8, "claims went through: " + claimed);
                assertTrue(refusals.get() > 0, "the limit was reached while they raced");
                assertEquals(Map.of(), store.held());
            } finally {
                pool.shutdownNow();
            }
        }
    }
}
