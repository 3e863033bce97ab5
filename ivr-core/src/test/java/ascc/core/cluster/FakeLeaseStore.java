package ascc.core.cluster;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/** Leases in memory with the "database's" clock {@code clock}; {@link #failing} makes every call fail as given. */
final class FakeLeaseStore implements LeaseStore {
    record Row(String owner, long token, Instant expires) {
    }

    private final Clock clock;
    final Map<String, Row> rows = new HashMap<>();
    /** Per node: the failure its calls get (the node cut off from the database). */
    final Map<String, LeaseFailure> failing = new HashMap<>();

    FakeLeaseStore(Clock clock) {
        this.clock = clock;
    }

    @Override
    public synchronized long hold(String name, String owner, long token, Duration ttl) throws LeaseFailure {
        LeaseFailure f = failing.get(owner);
        if (f != null) {
            throw f;
        }
        Instant now = clock.instant();
        Row r = rows.get(name);
        if (r != null && r.owner().equals(owner) && r.token() == token && r.expires().isAfter(now)) {
            rows.put(name, new Row(owner, token, now.plus(ttl)));
            return token;
        }
        if (r == null || !r.expires().isAfter(now)) {
            long next = r == null ? 1 : r.token() + 1;
            rows.put(name, new Row(owner, next, now.plus(ttl)));
            return next;
        }
        return 0;
    }

    @Override
    public synchronized void release(String name, String owner, long token) {
        Row r = rows.get(name);
        if (r != null && r.owner().equals(owner) && r.token() == token) {
            rows.put(name, new Row(owner, token, clock.instant()));
        }
    }
}
