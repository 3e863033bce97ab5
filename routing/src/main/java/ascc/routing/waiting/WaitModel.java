package ascc.routing.waiting;

import java.time.Duration;
import java.util.Optional;

/**
 * The engine's own estimate of how long a waiting caller still waits (what callers hear while they wait), pure.
 *
 * <p>Model: the desk's staffed agents (logged in, not paused) each finish a call every {@code handle} on average, where
 * {@code handle} is the mean handle time of the desk's recent answered calls (talk time, from Asterisk's
 * {@code AgentComplete}) plus the desk's wrap-up, or the configured default while the desk has no recent call. So the
 * desk frees an agent every {@code handle / staffed}. The caller at position {@code p} is served once {@code p} agents
 * were free for them: the {@code free} agents there are now serve the first {@code free} callers at once, and every
 * further caller waits for an agent to finish. A finishing agent is, on average, half way through its call, so:
 * <pre>
 *   ahead  = max(0, p - free)                       callers who need an agent that is busy now
 *   wait   = 0                                      when ahead == 0
 *          = (ahead - 1/2) * handle / staffed       otherwise
 * </pre>
 * Unknown (empty) when nobody is staffed: nobody can promise a time then, so callers hear their position only.
 * Not Asterisk's {@code holdtime} (an average over callers already answered, blind to who is staffed now).
 */
public final class WaitModel {
    private WaitModel() {
    }

    /**
     * A desk's queue now, as the model needs it.
     *
     * @param staffed agents logged in and not paused (free, on a call or in wrap-up)
     * @param free agents free to take a call now
     * @param recentHandle mean handle time of the desk's recent calls; null when none is known
     * @param wrapUp the desk's wrap-up after each call
     * @param defaultHandle the handle time assumed while no recent call is known
     */
    public record Desk(int staffed, int free, Duration recentHandle, Duration wrapUp, Duration defaultHandle) {
        public Desk {
            if (staffed < 0 || free < 0 || free > staffed) {
                throw new IllegalArgumentException("agent counts out of range: staffed=" + staffed + ", free=" + free);
            }
            if (wrapUp == null || wrapUp.isNegative() || defaultHandle == null || defaultHandle.isNegative()
                    || (recentHandle != null && recentHandle.isNegative())) {
                throw new IllegalArgumentException("durations must be present and not negative: recentHandle=" + recentHandle
                        + ", wrapUp=" + wrapUp + ", defaultHandle=" + defaultHandle);
            }
        }

        /** Handle time per call: recent talk (or the default) plus wrap-up. */
        public Duration handle() {
            return (recentHandle != null ? recentHandle : defaultHandle).plus(wrapUp);
        }
    }

    /** The estimated wait of the caller at {@code position} (1 = next), empty when nobody is staffed. */
    public static Optional<Duration> estimate(Desk desk, int position) {
        if (position < 1) {
            throw new IllegalArgumentException("position must be >= 1, got " + position);
        }
        if (desk.staffed() == 0) {
            return Optional.empty();
        }
        long ahead = Math.max(0, (long) position - desk.free());
        if (ahead == 0) {
            return Optional.of(Duration.ZERO);
        }
        // (ahead - 1/2) * handle / staffed, in milliseconds: (2 * ahead - 1) * handleMs / (2 * staffed)
        long handleMs = desk.handle().toMillis();
        return Optional.of(Duration.ofMillis((2 * ahead - 1) * handleMs / (2L * desk.staffed())));
    }

    /** Whole minutes a caller is told: rounded up, at least 1 (a wait under a minute is "about one minute"). */
    public static int minutesToSay(Duration wait) {
        long s = Math.max(0, wait.toSeconds());
        return (int) Math.max(1, Math.min(999, (s + 59) / 60));
    }
}
