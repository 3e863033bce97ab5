package ascc.core.it;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/** The system clock shifted by an offset a test moves (to reach a schedule's times without waiting for them). */
final class AdjustableClock extends Clock {
    private final AtomicReference<Duration> offset;

    AdjustableClock(Duration offset) {
        this.offset = new AtomicReference<>(offset);
    }

    /** A clock that reads {@code at} now and runs on from there. */
    static AdjustableClock startingAt(Instant at) {
        return new AdjustableClock(Duration.between(Instant.now(), at));
    }

    void advance(Duration d) {
        offset.updateAndGet(o -> o.plus(d));
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }

    @Override
    public Instant instant() {
        return Instant.now().plus(offset.get());
    }
}
