package ascc.routing.overflow;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/**
 * The last {@code window} handle times (talk time of answered calls) per queue, for the estimated-wait trigger.
 * Thread-safe.
 */
public final class RecentHandleTimes {
    private final int window;
    private final Map<String, Deque<Long>> byQueue = new HashMap<>();

    public RecentHandleTimes(int window) {
        if (window < 1) {
            throw new IllegalArgumentException("window must be >= 1, got " + window);
        }
        this.window = window;
    }

    /** A call of {@code queue} ended after {@code talkSeconds} of talk; negative values are ignored. */
    public synchronized void add(String queue, long talkSeconds) {
        if (talkSeconds < 0) {
            return;
        }
        Deque<Long> d = byQueue.computeIfAbsent(queue, q -> new ArrayDeque<>());
        d.addLast(talkSeconds);
        while (d.size() > window) {
            d.removeFirst();
        }
    }

    /** Mean of the recent handle times of {@code queue}, null when none is known. */
    public synchronized Duration average(String queue) {
        Deque<Long> d = byQueue.get(queue);
        if (d == null || d.isEmpty()) {
            return null;
        }
        long sum = 0;
        for (long s : d) {
            sum += s;
        }
        return Duration.ofMillis(Math.round(sum * 1000.0 / d.size()));
    }
}
