package ascc.core.tracking;

/** How a call ended, as recorded on its call record. */
public enum Outcome {
    /** An agent answered. */
    ANSWERED,
    /** The caller hung up in the engine's menus, before joining a queue. */
    ABANDONED_IVR,
    /** The caller hung up while waiting in a queue. */
    ABANDONED_QUEUE,
    /** The caller left a voicemail. */
    VOICEMAIL,
    /** The caller asked to be called back. */
    CALLBACK_REQUESTED,
    /** The center was closed (hours, holiday, closure) and the caller heard the closed message. */
    CLOSED,
    /** The engine did not route the call; the dialplan sent it to the fallback queue. */
    FALLBACK
}
