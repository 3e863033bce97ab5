package ascc.core.cluster;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Where the trunk slots of every engine node are counted ({@link SqlTrunkSlotStore}: table {@code trunk_slot}); expiries
 * by the store's (the database's) clock.
 */
public interface TrunkSlotStore {
    /**
     * One box a call may be originated through.
     *
     * @param box the box id (engine.yaml {@code boxes}, {@code default} for the {@code ami} shorthand)
     * @param capacity its {@code trunk-capacity}
     * @param up its AMI link is connected now (a box that is down gets no call)
     */
    record Box(String box, int capacity, boolean up) {
    }

    /**
     * Claims one slot for {@code callKey} atomically against every node's live claims: the global {@code limit} and the
     * chosen box's capacity both hold afterwards. The box is the one of {@code boxes} that is up with the most free
     * capacity (ties: the first). A key held already keeps its box (idempotent).
     *
     * @return the box the slot is on
     * @throws NoTrunkSlot when no slot is free
     */
    String claim(String callKey, String node, String kind, int limit, List<Box> boxes, Duration ttl) throws TrunkSlotFailure;

    /** Gives back {@code callKey}'s slot, whichever node holds it; true if there was one (idempotent). */
    boolean release(String callKey) throws TrunkSlotFailure;

    /** Renames a held slot (a call whose key is known only after the claim); false if {@code from} is not held. */
    boolean rekey(String from, String to) throws TrunkSlotFailure;

    /**
     * Moves the expiry of {@code node}'s slots among {@code keys} to now + {@code ttl}.
     *
     * @return the keys of {@code keys} still held by {@code node} (the others were given back, by any node, or expired)
     */
    Set<String> renew(String node, Collection<String> keys, Duration ttl) throws TrunkSlotFailure;

    /** Live (unexpired) slots of every node, by box. */
    Map<String, Integer> held() throws TrunkSlotFailure;
}
