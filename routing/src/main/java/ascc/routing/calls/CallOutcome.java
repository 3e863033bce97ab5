package ascc.routing.calls;

/** How a call ended, as stored in {@code call_record.outcome}. */
public enum CallOutcome {
    /** An agent answered. */
    ANSWERED,
    /** The caller hung up in the IVR, before reaching a queue. */
    ABANDONED_IVR,
    /** The caller hung up waiting in a queue. */
    ABANDONED_QUEUE,
    /** The caller left a voicemail. */
    VOICEMAIL,
    /** The caller asked to be called back. */
    CALLBACK_REQUESTED,
    /** The center or the desk was closed. */
    CLOSED,
    /** The engine could not route normally and used its fallback. */
    FALLBACK,
    /** An overflow step transferred the waiting caller to a partner center (an external number over the trunk). */
    OVERFLOW_PARTNER,
    /**
     * The caller was served by self-service: heard a case status, the opening hours or an FAQ answer and hung up without
     * asking for an agent (the visit is in {@code call_self_service}). Offered; in neither the service level nor abandons.
     */
    SELF_SERVICE
}
