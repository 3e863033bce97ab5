package ascc.routing.callbacks;

import java.util.Optional;

/**
 * A status of one of the callback lifecycles ({@link CallbackKind}); each lifecycle is its own enum and never moves to
 * another's statuses. The enum constant's name is what {@code callback_request.status} stores.
 */
public sealed interface CallbackStatus permits AfterHoursCallbackStatus, OverflowCallbackStatus, FollowUpStatus {
    /** The stored value. */
    String name();

    /** The lifecycle this status belongs to. */
    CallbackKind kind();

    /** Whether the lifecycle allows going from this status to {@code next} (false for another lifecycle's status). */
    boolean canMoveTo(CallbackStatus next);

    /** Whether a place holder or a call may be up for it: QUEUED, CALLING or RETRY. */
    default boolean beingDialed() {
        return queued() || calling() || waitingForRetry();
    }

    /** QUEUED: its place holder waits in the desk's queue. */
    default boolean queued() {
        return name().equals(CallbackEvent.PLACE.target());
    }

    /** CALLING: an agent took it and the customer is being called. */
    default boolean calling() {
        return name().equals(CallbackEvent.AGENT_TOOK.target());
    }

    /** RETRY: the last attempt failed and the next one waits for its delay. */
    default boolean waitingForRetry() {
        return name().equals(CallbackEvent.ATTEMPT_FAILED.target());
    }

    /** Whether nothing more happens to it. */
    default boolean terminal() {
        for (CallbackEvent e : CallbackEvent.values()) {
            if (next(e).isPresent()) {
                return false;
            }
        }
        return true;
    }

    /** Where {@code event} takes this status in its own lifecycle; empty when the lifecycle does not allow it here. */
    default Optional<CallbackStatus> next(CallbackEvent event) {
        for (Object o : ((Enum<?>) this).getDeclaringClass().getEnumConstants()) {
            CallbackStatus s = (CallbackStatus) o;
            if (s.name().equals(event.target())) {
                return canMoveTo(s) ? Optional.of(s) : Optional.empty();
            }
        }
        return Optional.empty();
    }

    /**
     * As {@link #next}, for steps the caller knows are allowed.
     *
     * @throws IllegalStateException when the lifecycle does not allow {@code event} here
     */
    default CallbackStatus on(CallbackEvent event) {
        return next(event).orElseThrow(() -> new IllegalStateException(kind() + " callback: " + event + " is not allowed in status "
                + name()));
    }
}
