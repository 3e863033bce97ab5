package ascc.core.web;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Slows password guessing per login: after {@link #MAX_FAILURES} failed logins within {@link #WINDOW} the login is
 * refused (without checking the password) until the oldest of them is {@link #WINDOW} old. Unknown logins count as well
 * (the answer does not tell them apart). Thread-safe, bounded; time from the injected clock.
 */
final class LoginThrottle {
    static final int MAX_FAILURES = 5;
    static final Duration WINDOW = Duration.ofMinutes(5);
    private static final int MAX_KEYS = 10_000;
    private final Clock clock;
    private final Map<String, Deque<Instant>> failures = new HashMap<>();

    LoginThrottle(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Seconds until {@code login} may try again; 0 when it may now. */
    synchronized long lockedForSeconds(String login) {
        Deque<Instant> f = prune(login);
        if (f == null || f.size() < MAX_FAILURES) {
            return 0;
        }
        return Math.max(1, Duration.between(clock.instant(), f.peekFirst().plus(WINDOW)).toSeconds());
    }

    synchronized void failed(String login) {
        if (failures.size() >= MAX_KEYS && !failures.containsKey(login)) {
            for (String k : java.util.List.copyOf(failures.keySet())) {
                prune(k);
            }
            if (failures.size() >= MAX_KEYS) {
                failures.clear();
            }
        }
        failures.computeIfAbsent(login, k -> new ArrayDeque<>()).addLast(clock.instant());
    }

    synchronized void succeeded(String login) {
        failures.remove(login);
    }

    private Deque<Instant> prune(String login) {
        Deque<Instant> f = failures.get(login);
        if (f == null) {
            return null;
        }
        Instant cutoff = clock.instant().minus(WINDOW);
        while (!f.isEmpty() && !f.peekFirst().isAfter(cutoff)) {
            f.pollFirst();
        }
        if (f.isEmpty()) {
            failures.remove(login);
            return null;
        }
        return f;
    }
}
