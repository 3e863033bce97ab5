package ascc.core.http;

import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A token bucket per key (a bearer token's digest, or a client address): each key may make {@code burst} requests at
 * once and {@code perSecond} in the long run. Thread-safe and non-blocking (a bucket is locked only for its arithmetic),
 * so the event loop may call it. At most {@code maxKeys} buckets are kept: when full, buckets that have refilled
 * completely (idle keys) are dropped; if none has, new keys share one overflow bucket, so a flood of made-up tokens
 * neither grows memory nor escapes the limit.
 */
public final class RateLimiter {
    static final String OVERFLOW = "~overflow";
    private final Clock clock;
    private final double perMilli;
    private final int burst;
    private final int maxKeys;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    public RateLimiter(Clock clock, int perSecond, int burst, int maxKeys) {
        this(clock, perSecond, 1000, burst, maxKeys);
    }

    /** {@code perMinute} requests a minute in the long run (a public form's limit per client address). */
    public static RateLimiter perMinute(Clock clock, int perMinute, int burst, int maxKeys) {
        return new RateLimiter(clock, perMinute, 60_000, burst, maxKeys);
    }

    private RateLimiter(Clock clock, int count, long perMillis, int burst, int maxKeys) {
        this.clock = Objects.requireNonNull(clock, "clock");
        if (count < 1 || burst < 1 || maxKeys < 1) {
            throw new IllegalArgumentException("rate limit must be positive (rate=" + count + " per " + perMillis + " ms, burst=" + burst
                    + ", maxKeys=" + maxKeys + ")");
        }
        this.perMilli = count / (double) perMillis;
        this.burst = burst;
        this.maxKeys = maxKeys;
    }

    /**
     * Takes one request from {@code key}'s bucket.
     *
     * @return 0 when allowed, else the whole seconds (at least 1) after which one request will be allowed again
     */
    public long acquire(String key) {
        long now = clock.millis();
        Bucket b = buckets.get(key);
        if (b == null) {
            if (buckets.size() >= maxKeys) {
                buckets.values().removeIf(x -> x.fullAt(now));
            }
            b = buckets.size() >= maxKeys ? buckets.computeIfAbsent(OVERFLOW, k -> new Bucket(burst, now))
                    : buckets.computeIfAbsent(key, k -> new Bucket(burst, now));
        }
        return b.take(now);
    }

    /** Buckets kept now (for tests and the docs' claim of bounded memory). */
    int keys() {
        return buckets.size();
    }

    private final class Bucket {
        private double tokens;
        private long at;

        Bucket(double tokens, long at) {
            this.tokens = tokens;
            this.at = at;
        }

        synchronized long take(long now) {
            refill(now);
            if (tokens >= 1) {
                tokens -= 1;
                return 0;
            }
            return Math.max(1, (long) Math.ceil((1 - tokens) / perMilli / 1000.0));
        }

        synchronized boolean fullAt(long now) {
            refill(now);
            return tokens >= burst;
        }

        private void refill(long now) {
            if (now > at) {
                tokens = Math.min(burst, tokens + (now - at) * perMilli);
                at = now;
            }
        }
    }
}
