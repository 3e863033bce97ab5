package ascc.core.cluster;

import ascc.core.ami.AmiAction;
import ascc.core.ami.AmiEvent;
import ascc.core.ami.AmiEvents;
import ascc.core.metrics.Metrics;
import ascc.routing.asterisk.Channels;
import ascc.routing.config.AsteriskBox;
import io.micrometer.core.instrument.Counter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The global trunk limit ({@code campaigns.yaml trunk-channels}) across every engine node, and the spreading of outbound
 * calls across the Asterisk boxes by free trunk capacity (docs/scale-out.md "Trunk slots"). Every dialer (campaign
 * attempts, happy-calls, overflow and after-hours callbacks) claims a slot in the database ({@link TrunkSlotStore})
 * before it originates: the slot is on the box that is up with the most free {@code trunk-capacity} (ties: the first), and
 * the call is originated through that box's link ({@link #originate}). The slot is given back when the call ends: the
 * originate failed, or a node heard its {@code Hangup} ({@link #onEvent}: every node, idempotent). A node renews the
 * expiry of the slots it holds (by the database's clock) every {@link #RENEW_EVERY} on thread {@code trunk-slots}; a dead
 * node's slots come back by themselves {@link #TTL} after its last renewal. Thread-safe.
 */
public final class TrunkSlots implements TrunkClaims, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TrunkSlots.class);
    /**
     * How long a slot stays counted without its node's renewal: 60 s; real-stack tests shorten it with the system property
     * {@code ascc.test.trunk-slot-ttl-ms} (at least 1000). No operator setting.
     */
    public static final Duration TTL = Duration.ofMillis(Math.max(1000, Long.getLong("ascc.test.trunk-slot-ttl-ms", 60_000)));
    /** How often a node renews its slots: a quarter of the ttl, so three renewals may fail before a slot lapses. */
    public static final Duration RENEW_EVERY = TTL.dividedBy(4);
    /** Kinds of calls holding slots (the {@code kind} column). */
    public static final String CAMPAIGN = "campaign";
    public static final String HAPPY_CALL = "happy-call";
    public static final String CALLBACK = "callback";
    /** Key prefix of a callback's slot: {@code cb-<callback id>}. */
    static final String CALLBACK_KEY = "cb-";

    /** Sends an Originate through one box's link ({@code AmiLinks.byBox()} in the engine, a fake in tests). */
    @FunctionalInterface
    public interface BoxOriginator {
        CompletableFuture<AmiEvents.OriginateResponse> originate(String box, AmiAction originate, Duration timeout);
    }

    private final TrunkSlotStore store;
    private final String node;
    private final IntSupplier limit;
    private final List<AsteriskBox> boxes;
    private final Predicate<String> up;
    private final BoxOriginator originator;
    /** Keys of the slots this node claimed and has not given back. */
    private final Set<String> held = ConcurrentHashMap.newKeySet();
    /** Keys whose giving back failed (database away): tried again at every round. */
    private final Set<String> toRelease = ConcurrentHashMap.newKeySet();
    /** Every node's live slots by box, as last read (a claim, a round). */
    private volatile Map<String, Integer> lastHeld = Map.of();
    private final Counter refused;
    private final ScheduledExecutorService renewer;

    /**
     * @param limit the global limit now (the running campaigns.yaml {@code trunk-channels})
     * @param boxes the boxes in engine.yaml's order, with their {@code trunk-capacity}
     * @param up whether a box's AMI link is connected now
     */
    public TrunkSlots(TrunkSlotStore store, String node, IntSupplier limit, List<AsteriskBox> boxes, Predicate<String> up,
            BoxOriginator originator, Metrics metrics) {
        this.store = Objects.requireNonNull(store, "store");
        this.node = Objects.requireNonNull(node, "node");
        this.limit = Objects.requireNonNull(limit, "limit");
        this.boxes = List.copyOf(boxes);
        this.up = Objects.requireNonNull(up, "up");
        this.originator = Objects.requireNonNull(originator, "originator");
        this.refused = metrics.counter("ascc_trunk_slot_refusals_total", "Outbound calls not placed (yet): no trunk slot free");
        metrics.gauge("ascc_trunk_slots_limit", "The global trunk limit over all nodes (campaigns.yaml trunk-channels)",
                limit::getAsInt);
        metrics.gauge("ascc_trunk_slots_held_here", "Trunk slots this node holds", held::size);
        for (AsteriskBox b : this.boxes) {
            metrics.gauge("ascc_trunk_slots_held", "Trunk slots held by every node, by box (as last read from the database)",
                    () -> lastHeld.getOrDefault(b.id(), 0), "box", b.id());
        }
        this.renewer = Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().name("trunk-slots").daemon(true)
                .unstarted(r));
    }

    /** Starts renewing this node's slots every {@link #RENEW_EVERY}. */
    public TrunkSlots start() {
        renewer.scheduleWithFixedDelay(this::round, RENEW_EVERY.toMillis(), RENEW_EVERY.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    /**
     * Picks the box of a new slot: the box that is up with the most free capacity (ties: the first in {@code boxes}),
     * provided the global {@code limit} is not reached by the slots {@code heldByBox} (every node's, every box's).
     *
     * @throws NoTrunkSlot with the state (limit, held, the best box and its free capacity) when no slot is free
     */
    public static String pick(int limit, Map<String, Integer> heldByBox, List<TrunkSlotStore.Box> boxes) throws NoTrunkSlot {
        int total = heldByBox.values().stream().mapToInt(Integer::intValue).sum();
        TrunkSlotStore.Box best = null;
        int bestFree = Integer.MIN_VALUE;
        for (TrunkSlotStore.Box b : boxes) {
            int free = b.capacity() - heldByBox.getOrDefault(b.box(), 0);
            if (b.up() && free > bestFree) {
                best = b;
                bestFree = free;
            }
        }
        if (best == null) {
            throw new NoTrunkSlot("no trunk slot (limit=" + limit + ", held=" + total + ", no box up: "
                    + String.join(", ", boxes.stream().map(b -> b.box() + " down").toList()) + ")");
        }
        if (total >= limit || bestFree <= 0) {
            throw new NoTrunkSlot("no trunk slot (limit=" + limit + ", held=" + total + ", box=" + best.box() + " free="
                    + Math.max(0, bestFree) + ")");
        }
        return best.box();
    }

    @Override
    public String claim(String callKey, String kind) throws TrunkSlotFailure {
        List<TrunkSlotStore.Box> bs = boxes.stream().map(b -> new TrunkSlotStore.Box(b.id(), b.trunkCapacity(), up.test(b.id())))
                .toList();
        try {
            String box = store.claim(callKey, node, kind, limit.getAsInt(), bs, TTL);
            held.add(callKey);
            toRelease.remove(callKey);
            return box;
        } catch (TrunkSlotFailure f) {
            refused.increment();
            throw f;
        }
    }

    @Override
    public void rekey(String from, String to) throws TrunkSlotFailure {
        if (!store.rekey(from, to)) {
            held.remove(from);
            throw new TrunkSlotFailure(TrunkSlotFailure.Kind.RETRIABLE, "trunk slot " + from + " to be renamed " + to
                    + " is not held any more (expired?)", null);
        }
        held.remove(from);
        held.add(to);
    }

    /** Gives back {@code callKey}'s slot (any node's; idempotent). If the database is away, tried again every round. */
    @Override
    public void release(String callKey) {
        held.remove(callKey);
        try {
            store.release(callKey);
            toRelease.remove(callKey);
        } catch (TrunkSlotFailure f) {
            toRelease.add(callKey);
            LOG.warn("trunk slot {} not given back ({}); tried again in {} ms, else it expires", callKey, f.getMessage(),
                    RENEW_EVERY.toMillis());
        }
    }

    /**
     * Claims a slot for {@code callKey} and sends {@code originate} through its box; the slot is given back when the
     * originate fails (not placed, no answer); else when the call's hang-up is heard ({@link #onEvent}).
     *
     * @throws TrunkSlotFailure when no slot was claimed (nothing was sent)
     */
    public CompletableFuture<AmiEvents.OriginateResponse> originate(String callKey, String kind, AmiAction originate, Duration timeout)
            throws TrunkSlotFailure {
        String box = claim(callKey, kind);
        CompletableFuture<AmiEvents.OriginateResponse> f;
        try {
            f = originator.originate(box, originate, timeout);
        } catch (RuntimeException e) {
            release(callKey);
            throw e;
        }
        return f.whenComplete((r, err) -> {
            if (err != null || r == null || !r.success()) {
                release(callKey);
            }
        });
    }

    /** The link of {@code box}: where a call claimed on it is originated. */
    public BoxOriginator originator() {
        return originator;
    }

    /** True while at least one box's AMI link is up (calls can be placed). */
    public boolean anyBoxUp() {
        return boxes.stream().anyMatch(b -> up.test(b.id()));
    }

    /** The slot key of a callback (whose place holder's hang-up gives it back). */
    public static String callbackKey(String callbackId) {
        return CALLBACK_KEY + callbackId;
    }

    /** The slot a hang-up ends, or null: a campaign or happy-call channel ({@code ascc-att-...}) or a callback's place holder. */
    static String keyOfHangup(AmiEvent e) {
        if (!e.is("Hangup")) {
            return null;
        }
        String uid = e.uniqueId();
        if (uid != null && Channels.attemptIdOf(uid) != null) {
            return uid;
        }
        String cb = Channels.callbackIdOf(e.channel());
        return cb == null ? null : callbackKey(cb);
    }

    /** The AMI events {@link #onEvent} reads. */
    public static final Set<String> AMI_EVENTS = Set.of("Hangup");

    /** Every box's events (every node subscribes): a heard hang-up of a call holding a slot gives the slot back. */
    public void onEvent(AmiEvent e) {
        String key = keyOfHangup(e);
        if (key != null) {
            release(key);
        }
    }

    /** Slots this node holds now. */
    public int heldHere() {
        return held.size();
    }

    /** Every node's live slots by box, read now. */
    public Map<String, Integer> held() throws TrunkSlotFailure {
        Map<String, Integer> h = store.held();
        lastHeld = Map.copyOf(h);
        return h;
    }

    /** One renewal round: gives back what failed to be, renews this node's slots, reads the counts for the meters. */
    void round() {
        try {
            for (String k : Set.copyOf(toRelease)) {
                store.release(k);
                toRelease.remove(k);
            }
            Set<String> mine = Set.copyOf(held);
            Set<String> still = store.renew(node, mine, TTL);
            for (String k : mine) {
                if (!still.contains(k)) {
                    held.remove(k); // given back by a node that heard its hang-up (or expired)
                }
            }
            held();
        } catch (TrunkSlotFailure f) {
            LOG.warn("trunk slots: renewal round failed ({}); next in {} ms", f.getMessage(), RENEW_EVERY.toMillis());
        } catch (RuntimeException e) {
            LOG.error("trunk slots: renewal round failed unexpectedly; next in {} ms", RENEW_EVERY.toMillis(), e);
        }
    }

    /** Stops renewing and gives back this node's slots (a clean stop; its calls still up end unseen by it). */
    @Override
    public void close() {
        renewer.shutdownNow();
        for (String k : Set.copyOf(held)) {
            release(k);
        }
    }
}
