package ascc.testsupport.time;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A {@link Clock} that tests move by hand, so time-driven code (overflow after T seconds, pacing, wrap-up) is tested
 * by moving virtual time instead of sleeping. Not thread-safe beyond a volatile read: move it from the test thread.
 */
public final class ManualClock extends Clock {
    private final ZoneId zone;
    private volatile Instant now;

    public ManualClock(Instant start) {
        this(start, ZoneOffset.UTC);
    }

    public ManualClock(Instant start, ZoneId zone) {
        this.now = start;
        this.zone = zone;
    }

    /** Moves the clock forward (or back, with a negative duration). */
    public void advance(Duration d) {
        now = now.plus(d);
    }

    public void set(Instant at) {
        now = at;
    }

    @Override
    public ZoneId getZone() {
        return zone;
    }

    /** A view in another zone that still follows this clock's time. */
    @Override
    public Clock withZone(ZoneId other) {
        if (other.equals(zone)) {
            return this;
        }
        ManualClock self = this;
        return new Clock() {
            @Override
            public ZoneId getZone() {
                return other;
            }

            @Override
            public Clock withZone(ZoneId z) {
                return self.withZone(z);
            }

            @Override
            public Instant instant() {
                return self.instant();
            }
        };
    }

    @Override
    public Instant instant() {
        return now;
    }
}
