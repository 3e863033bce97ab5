package ascc.testsupport.time;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The one test clock. By default it stands still and tests move it by hand ({@link #advance}, {@link #set}), so
 * time-driven code (overflow after T seconds, pacing, wrap-up, schedules) is tested by moving virtual time instead of
 * sleeping. {@link #runningFrom} makes one that also runs on with real time from a chosen instant, for tests through
 * the real stack where Asterisk's own time passes too (a peak-hour schedule reached without waiting for the hour).
 * Thread-safe for reads; move it from one thread at a time.
 */
public final class ManualClock extends Clock {
    private final ZoneId zone;
    private final boolean running;
    /** The time this clock read at {@link #anchorNanos} (a running clock) or always (a standing one). */
    private volatile Instant base;
    private volatile long anchorNanos;

    public ManualClock(Instant start) {
        this(start, ZoneOffset.UTC);
    }

    public ManualClock(Instant start, ZoneId zone) {
        this(start, zone, false);
    }

    private ManualClock(Instant start, ZoneId zone, boolean running) {
        this.zone = zone;
        this.running = running;
        this.base = start;
        this.anchorNanos = System.nanoTime();
    }

    /** A clock that reads {@code at} now and runs on with real time from there; {@link #advance} still jumps it. */
    public static ManualClock runningFrom(Instant at) {
        return new ManualClock(at, ZoneOffset.UTC, true);
    }

    /** Moves the clock forward (or back, with a negative duration). */
    public synchronized void advance(Duration d) {
        base = base.plus(d);
    }

    /** Sets the time read now (a running clock runs on from it). */
    public synchronized void set(Instant at) {
        base = at;
        anchorNanos = System.nanoTime();
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
        return running ? base.plusNanos(System.nanoTime() - anchorNanos) : base;
    }
}
