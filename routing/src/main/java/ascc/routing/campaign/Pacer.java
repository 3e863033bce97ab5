package ascc.routing.campaign;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Decides whether one campaign may start a call now: a token bucket for calls per second (capacity one call, so starts
 * are spread evenly, never bursted), the campaign's concurrency cap and the global trunk channel limit. Time comes from
 * the injected clock. A started call holds a {@link Permit} until it ends; releasing it frees the campaign slot and the
 * trunk channel. Thread-safe.
 */
public final class Pacer {
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private final Pacing pacing;
    private final TrunkChannels trunk;
    private final Clock clock;
    private final long nanosPerCall;
    /** The instant from which one token is available (the bucket holds at most one). */
    private Instant nextToken;
    private int active;

    public Pacer(Pacing pacing, TrunkChannels trunk, Clock clock) {
        this.pacing = Objects.requireNonNull(pacing, "pacing");
        this.trunk = Objects.requireNonNull(trunk, "trunk");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.nanosPerCall = Math.max(1L, Math.round(NANOS_PER_SECOND / pacing.callsPerSecond()));
        this.nextToken = clock.instant();
    }

    /** The pacing this pacer applies. */
    public Pacing pacing() {
        return pacing;
    }

    /** Starts a call if rate, campaign cap and trunk allow; otherwise says what to wait for. */
    public synchronized Admission tryStart() {
        Instant now = clock.instant();
        if (active >= pacing.maxConcurrent()) {
            return new Full("campaign at its cap of " + pacing.maxConcurrent() + " concurrent calls");
        }
        if (now.isBefore(nextToken)) {
            return new Wait(nextToken);
        }
        if (!trunk.tryAcquire()) {
            return new Full("all " + trunk.limit() + " trunk channels for campaigns in use");
        }
        // The next slot follows this one, so a caller that wakes a little late (timer, dialer thread) loses no rate;
        // a token unused for a whole interval or more does not accumulate: then the next slot is one interval after now.
        Instant base = now.minusNanos(nanosPerCall).isBefore(nextToken) ? nextToken : now;
        nextToken = base.plusNanos(nanosPerCall);
        active++;
        return new Started(new Permit(this));
    }

    /** Calls of this campaign up now. */
    public synchronized int active() {
        return active;
    }

    /** The interval between two starts. */
    public Duration interval() {
        return Duration.ofNanos(nanosPerCall);
    }

    private synchronized void end() {
        active--;
        trunk.release();
    }

    /** Outcome of {@link #tryStart()}. */
    public sealed interface Admission permits Started, Wait, Full {
    }

    /** A call may be placed now; release the permit when it ends. */
    public record Started(Permit permit) implements Admission {
    }

    /** Too early for the rate: try again at {@code until}. */
    public record Wait(Instant until) implements Admission {
    }

    /** A cap is reached: try again after a call ends. */
    public record Full(String reason) implements Admission {
    }

    /** One started call's slot; {@link #release()} is idempotent, so a duplicate hang-up event frees nothing twice. */
    public static final class Permit {
        private final Pacer pacer;
        private boolean released;

        private Permit(Pacer pacer) {
            this.pacer = pacer;
        }

        public void release() {
            synchronized (this) {
                if (released) {
                    return;
                }
                released = true;
            }
            pacer.end();
        }
    }
}
