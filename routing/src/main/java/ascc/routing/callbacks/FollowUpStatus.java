package ascc.routing.callbacks;

import java.util.EnumSet;
import java.util.Set;

/**
 * The lifecycle of a follow-up task opened by a low happy-call score: due at the desk's next opening like an after-hours
 * callback and called back the same way, it stays open until someone marks it SOLVED, which is allowed while nobody is
 * calling (PENDING, DUE) or once the call-back is over (DONE, FAILED).
 * <pre>
 * PENDING -&gt; DUE -&gt; QUEUED -&gt; CALLING -&gt; DONE
 *                    QUEUED, CALLING -&gt; RETRY -&gt; QUEUED
 *                    QUEUED, CALLING, RETRY -&gt; FAILED
 * PENDING, DUE, DONE, FAILED -&gt; SOLVED
 * </pre>
 */
public enum FollowUpStatus implements CallbackStatus {
    /** Opened, waiting for the desk to open. */
    PENDING,
    /** The desk is open: to be called back. */
    DUE,
    /** Its place holder waits in the desk's queue. */
    QUEUED,
    /** An agent took it; the customer is being called. */
    CALLING,
    /** The last attempt failed; the next one is waiting for its delay. */
    RETRY,
    /** The customer answered and was connected. */
    DONE,
    /** No attempt reached the customer. */
    FAILED,
    /** Someone marked it solved ({@code ivr followup solve}). */
    SOLVED;

    /** The statuses a task can be marked SOLVED from. */
    public static Set<FollowUpStatus> solvableFrom() {
        EnumSet<FollowUpStatus> out = EnumSet.noneOf(FollowUpStatus.class);
        for (FollowUpStatus s : values()) {
            if (s.canMoveTo(SOLVED)) {
                out.add(s);
            }
        }
        return out;
    }

    @Override
    public CallbackKind kind() {
        return CallbackKind.FOLLOW_UP;
    }

    @Override
    public boolean canMoveTo(CallbackStatus next) {
        return next instanceof FollowUpStatus n && allowed().contains(n);
    }

    private Set<FollowUpStatus> allowed() {
        return switch (this) {
            case PENDING -> EnumSet.of(DUE, SOLVED);
            case DUE -> EnumSet.of(QUEUED, SOLVED);
            case QUEUED -> EnumSet.of(QUEUED, CALLING, RETRY, FAILED);
            case CALLING -> EnumSet.of(DONE, RETRY, FAILED);
            case RETRY -> EnumSet.of(QUEUED, RETRY, FAILED);
            case DONE, FAILED -> EnumSet.of(SOLVED);
            case SOLVED -> EnumSet.noneOf(FollowUpStatus.class);
        };
    }
}
