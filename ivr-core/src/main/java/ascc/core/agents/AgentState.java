package ascc.core.agents;

/** An agent's state. The history keeps {@link #LOGGED_OUT}, {@link #AVAILABLE}, {@link #ON_CALL}, {@link #PAUSED}. */
public enum AgentState {
    /** In no desk queue. */
    LOGGED_OUT,
    /** In a desk queue, not paused, not on a call. */
    AVAILABLE,
    /** Talking to a queue caller. */
    ON_CALL,
    /** After a call, within the desk's wrap-up seconds (live view only; Asterisk offers no call then). */
    WRAP_UP,
    /** Paused with a reason. */
    PAUSED
}
