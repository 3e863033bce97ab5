package ascc.routing.callbacks;

/**
 * What happens to a callback; {@link CallbackStatus#next} says where each takes it. The events are common to the three
 * callback lifecycles (a lifecycle that has no such step refuses the event).
 */
public enum CallbackEvent {
    /** Its due time came (the desk opened): PENDING to DUE. */
    DUE_TIME("DUE"),
    /** A place holder joins the desk's queue for it: from DUE, or again from QUEUED (after a restart) or RETRY. */
    PLACE("QUEUED"),
    /** An agent took the place holder; the customer is being called: QUEUED to CALLING. */
    AGENT_TOOK("CALLING"),
    /** The customer answered and was connected: CALLING to DONE. */
    ANSWERED("DONE"),
    /** The attempt failed and another one is allowed: to RETRY. */
    ATTEMPT_FAILED("RETRY"),
    /** The attempt failed and none is left, or the callback expired: to FAILED. */
    GAVE_UP("FAILED"),
    /** Someone marked the follow-up task solved: to SOLVED. */
    SOLVED("SOLVED");

    private final String target;

    CallbackEvent(String target) {
        this.target = target;
    }

    /** The name of the status this event leads to. */
    String target() {
        return target;
    }
}
