package ascc.routing.callbacks;

import java.util.EnumSet;
import java.util.Set;

/**
 * The lifecycle of an overflow callback (the caller keeps the place): it starts QUEUED, its place holder waiting in the
 * queue at the caller's place.
 * <pre>
 * QUEUED -&gt; CALLING -&gt; DONE
 * QUEUED, CALLING -&gt; RETRY -&gt; QUEUED
 * QUEUED, CALLING, RETRY -&gt; FAILED
 * </pre>
 * QUEUED -&gt; QUEUED is placing it again after a restart; RETRY -&gt; RETRY a late second failure of the same attempt.
 */
public enum OverflowCallbackStatus implements CallbackStatus {
    /** Its place holder waits in the queue. */
    QUEUED,
    /** An agent took it; the customer is being called. */
    CALLING,
    /** The last attempt failed; the next one is waiting for its delay. */
    RETRY,
    /** The customer answered and was connected. */
    DONE,
    /** No attempt reached the customer, or it expired. */
    FAILED;

    /** The status a new overflow callback is stored with. */
    public static final OverflowCallbackStatus INITIAL = QUEUED;

    @Override
    public CallbackKind kind() {
        return CallbackKind.OVERFLOW;
    }

    @Override
    public boolean canMoveTo(CallbackStatus next) {
        return next instanceof OverflowCallbackStatus n && allowed().contains(n);
    }

    private Set<OverflowCallbackStatus> allowed() {
        return switch (this) {
            case QUEUED -> EnumSet.of(QUEUED, CALLING, RETRY, FAILED);
            case CALLING -> EnumSet.of(DONE, RETRY, FAILED);
            case RETRY -> EnumSet.of(QUEUED, RETRY, FAILED);
            case DONE, FAILED -> EnumSet.noneOf(OverflowCallbackStatus.class);
        };
    }
}
