package ascc.routing.callbacks;

import java.util.EnumSet;
import java.util.Set;

/**
 * The lifecycle of an after-hours callback: stored PENDING, DUE at the desk's next opening, then dialed like an overflow
 * callback (a place holder in the desk's queue, the agent first, then the customer) until DONE or FAILED.
 * <pre>
 * PENDING -&gt; DUE -&gt; QUEUED -&gt; CALLING -&gt; DONE
 *                    QUEUED, CALLING -&gt; RETRY -&gt; QUEUED
 *                    QUEUED, CALLING, RETRY -&gt; FAILED
 * </pre>
 * QUEUED -&gt; QUEUED is placing it again after a restart; RETRY -&gt; RETRY a late second failure of the same attempt.
 */
public enum AfterHoursCallbackStatus implements CallbackStatus {
    /** Stored, waiting for the desk to open. */
    PENDING,
    /** The desk is open: to be dialed. */
    DUE,
    /** Its place holder waits in the desk's queue. */
    QUEUED,
    /** An agent took it; the customer is being called. */
    CALLING,
    /** The last attempt failed; the next one is waiting for its delay. */
    RETRY,
    /** The customer answered and was connected. */
    DONE,
    /** No attempt reached the customer, or it expired. */
    FAILED;

    @Override
    public CallbackKind kind() {
        return CallbackKind.AFTER_HOURS;
    }

    @Override
    public boolean canMoveTo(CallbackStatus next) {
        return next instanceof AfterHoursCallbackStatus n && allowed().contains(n);
    }

    private Set<AfterHoursCallbackStatus> allowed() {
        return switch (this) {
            case PENDING -> EnumSet.of(DUE);
            case DUE -> EnumSet.of(QUEUED);
            case QUEUED -> EnumSet.of(QUEUED, CALLING, RETRY, FAILED);
            case CALLING -> EnumSet.of(DONE, RETRY, FAILED);
            case RETRY -> EnumSet.of(QUEUED, RETRY, FAILED);
            case DONE, FAILED -> EnumSet.noneOf(AfterHoursCallbackStatus.class);
        };
    }
}
