package ascc.core.overflow;

import ascc.routing.callbacks.CallbackEvent;
import ascc.routing.callbacks.CallbackStatus;

/**
 * One callback being served by {@link OverflowCallbacks}.
 *
 * @param adopted its place holder was placed by an earlier engine run (found live at {@link OverflowCallbacks#recover}): its
 *                Originate answer went to that run, so the place holder hanging up while still QUEUED is this attempt's
 *                failure
 */
record PendingCallback(Overflow.Accepted request, int attempts, CallbackStatus status, boolean adopted) {
    PendingCallback(Overflow.Accepted request, int attempts, CallbackStatus status) {
        this(request, attempts, status, false);
    }

    /** The callback after {@code event}, which its lifecycle allows in this status. */
    PendingCallback on(CallbackEvent event, int attemptsMade) {
        return new PendingCallback(request, attemptsMade, status.on(event), adopted);
    }
}
