package ascc.core.cluster;

import ascc.routing.config.ClusterSettings;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's leases: the renewer (thread {@code cluster-leases}) renews the leases it holds and tries to take the
 * others every {@link ClusterSettings#renewEvery()}. A lease counts as held only until a LOCAL deadline from a monotonic
 * clock: the start of the last successful renewal + ttl - margin. The database computed the lease's expiry after that
 * start, so a node that cannot renew (database away, long pause) stops acting before any other node can take the lease
 * over, whatever the wall clocks say. A lease gained (first, or with a new token) runs its listener's resync before the
 * node acts on it; every once-only write carries the lease's {@link Fence}.
 */
public final class Leases implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Leases.class);

    /** Told when a lease is gained (before the node acts on it: resync here) and when it is lost. */
    public interface Listener {
        /** Runs on the renewer's thread before {@link #holds} turns true; a failure leaves the lease unused until the next round. */
        void gained(Fence fence) throws Exception;

        default void lost(String name) {
        }
    }

    /** One lease as this node sees it: the token the store gave, the local deadline, whether the listener resynced. */
    private record State(long token, long deadlineNanos, boolean ready) {
        static final State NONE = new State(0, 0, false);
    }

    private final LeaseStore store;
    private final String nodeId;
    private final ClusterSettings settings;
    private final LongSupplier nanos;
    private final Map<String, List<Listener>> wanted = new ConcurrentHashMap<>();
    private final Map<String, State> states = new ConcurrentHashMap<>();
    private final Map<String, LeaseFailure.Kind> lastFailure = new ConcurrentHashMap<>();
    private ScheduledExecutorService thread;

    /**
     * @param nanos a monotonic clock ({@code System::nanoTime}; a manual one in tests)
     */
    public Leases(LeaseStore store, String nodeId, ClusterSettings settings, LongSupplier nanos) {
        this.store = store;
        this.nodeId = nodeId;
        this.settings = settings;
        this.nanos = nanos;
    }

    public String nodeId() {
        return nodeId;
    }

    /** Asks for lease {@code name} (tried from the next round on); {@code listener} hears when it is gained and lost. */
    public void want(String name, Listener listener) {
        wanted.computeIfAbsent(name, n -> new CopyOnWriteArrayList<>()).add(listener);
        states.putIfAbsent(name, State.NONE);
    }

    /** The leases asked for so far. */
    public Set<String> names() {
        return Set.copyOf(wanted.keySet());
    }

    /** Whether this node may act on lease {@code name} now (held, resynced, local deadline not passed). Any thread. */
    public boolean holds(String name) {
        State s = states.getOrDefault(name, State.NONE);
        return s.ready() && nanos.getAsLong() - s.deadlineNanos() < 0;
    }

    /** The fence for writes under lease {@code name} while this node {@link #holds} it. */
    public Optional<Fence> fence(String name) {
        State s = states.getOrDefault(name, State.NONE);
        return holds(name) ? Optional.of(new Fence(name, nodeId, s.token())) : Optional.empty();
    }

    /** One round: renews or tries to take every wanted lease (the renewer's thread; tests call it directly). */
    public void renewNow() {
        for (String name : wanted.keySet()) {
            renew(name);
        }
    }

    private void renew(String name) {
        State before = states.getOrDefault(name, State.NONE);
        long start = nanos.getAsLong();
        long token;
        try {
            token = store.hold(name, nodeId, before.token(), settings.leaseTtl());
        } catch (LeaseFailure f) {
            // the local deadline is left as it was: the lease stops counting as held before it can expire in the database
            if (lastFailure.put(name, f.kind()) != f.kind()) {
                if (f.kind() == LeaseFailure.Kind.FATAL) {
                    LOG.error("lease '{}' of node {}: {}; this node does not do this work until it succeeds", name, nodeId,
                            f.getMessage(), f);
                } else {
                    LOG.warn("lease '{}' of node {}: {}; retried every {} ms", name, nodeId, f.getMessage(),
                            settings.renewEvery().toMillis());
                }
            }
            return;
        }
        if (lastFailure.remove(name) != null) {
            LOG.info("lease '{}' of node {}: the lease store answers again", name, nodeId);
        }
        if (token == 0) {
            states.put(name, State.NONE);
            if (before.ready()) {
                LOG.warn("lease '{}' lost by node {} (token {}): another node holds it", name, nodeId, before.token());
                wanted.get(name).forEach(l -> l.lost(name));
            }
            return;
        }
        long deadline = start + settings.leaseTtl().minus(settings.margin()).toNanos();
        boolean ready = before.ready() && before.token() == token;
        if (!ready) {
            if (before.ready()) {
                wanted.get(name).forEach(l -> l.lost(name));
            }
            states.put(name, new State(token, deadline, false));
            ready = resync(name, token);
        }
        states.put(name, new State(token, deadline, ready));
    }

    private boolean resync(String name, long token) {
        Fence fence = new Fence(name, nodeId, token);
        try {
            for (Listener l : wanted.get(name)) {
                l.gained(fence);
            }
            LOG.info("lease '{}' gained by node {} (token {}); resynced, acting on it", name, nodeId, token);
            return true;
        } catch (IllegalStateException e) { // not ready yet (e.g. AMI still connecting at start): the message says why
            LOG.warn("lease '{}' gained by node {} (token {}) but its resync is not possible yet ({}); not acting on it, retried"
                    + " next round", name, nodeId, token, e.getMessage());
            return false;
        } catch (Exception e) {
            LOG.error("lease '{}' gained by node {} (token {}) but its resync failed; not acting on it, retried next round", name,
                    nodeId, token, e);
            return false;
        }
    }

    /** Starts the renewer thread {@code cluster-leases} (first round at once). */
    public void start() {
        thread = Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().name("cluster-leases").daemon(true).unstarted(r));
        thread.scheduleWithFixedDelay(() -> {
            try {
                renewNow();
            } catch (RuntimeException e) {
                LOG.error("lease round of node {} failed", nodeId, e);
            }
        }, 0, settings.renewEvery().toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Stops renewing and lets every held lease expire now, so another node takes the work over at its next round. */
    @Override
    public void close() {
        if (thread != null) {
            thread.shutdownNow();
            try {
                thread.awaitTermination(2, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        for (Map.Entry<String, State> e : states.entrySet()) {
            if (e.getValue().token() > 0) {
                states.put(e.getKey(), State.NONE);
                try {
                    store.release(e.getKey(), nodeId, e.getValue().token());
                } catch (LeaseFailure f) {
                    LOG.warn("lease '{}' not released by node {} ({}); it expires by itself", e.getKey(), nodeId, f.getMessage());
                }
            }
        }
    }
}
