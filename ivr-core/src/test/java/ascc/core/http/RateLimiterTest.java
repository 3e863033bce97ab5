package ascc.core.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ascc.testsupport.time.ManualClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RateLimiterTest {
    private final ManualClock clock = new ManualClock(Instant.parse("2026-03-01T00:00:00Z"));

    @Test
    void aTokenMayBurstThenGetsTheRateAndAWaitHint() {
        RateLimiter l = new RateLimiter(clock, 2, 5, 100);
        for (int i = 0; i < 5; i++) {
            assertEquals(0, l.acquire("t"), "burst request " + i);
        }
        assertEquals(1, l.acquire("t"), "over the burst: retry after 1 s");
        clock.advance(Duration.ofMillis(500));
        assertEquals(0, l.acquire("t"), "half a second refills one token at 2/s");
        assertTrue(l.acquire("t") > 0);
        clock.advance(Duration.ofSeconds(60));
        for (int i = 0; i < 5; i++) {
            assertEquals(0, l.acquire("t"), "refilled to the burst, not beyond: " + i);
        }
        assertTrue(l.acquire("t") > 0);
    }

    @Test
    void tokensDoNotShareABucket() {
        RateLimiter l = new RateLimiter(clock, 1, 1, 100);
        assertEquals(0, l.acquire("a"));
        assertTrue(l.acquire("a") > 0);
        assertEquals(0, l.acquire("b"), "b is not slowed by a");
    }

    @Test
    void aFloodOfMadeUpTokensKeepsMemoryBoundedAndIsLimitedTogether() {
        RateLimiter l = new RateLimiter(clock, 1, 3, 10);
        int allowed = 0;
        for (int i = 0; i < 10_000; i++) {
            if (l.acquire("made-up-" + i) == 0) {
                allowed++;
            }
        }
        assertTrue(l.keys() <= 11, "buckets kept: " + l.keys());
        assertEquals(10 + 3, allowed, "10 buckets, then the shared overflow bucket's burst");
        clock.advance(Duration.ofSeconds(10));
        assertEquals(0, l.acquire("a-real-token"), "idle full buckets are dropped for new keys");
    }

    @Test
    void retryAfterIsTheWholeSecondsUntilTheNextToken() {
        RateLimiter l = new RateLimiter(clock, 1, 1, 10);
        assertEquals(0, l.acquire("t"));
        assertEquals(1, l.acquire("t"));
        RateLimiter slow = new RateLimiter(clock, 1, 1, 10);
        assertEquals(0, slow.acquire("t"));
        clock.advance(Duration.ofMillis(100));
        assertEquals(1, slow.acquire("t"), "0.9 s rounds up to 1");
    }
}
