package ascc.routing.selfservice;

/** How a caller's visit to the self-service menus ended ({@code call_self_service.result}). */
public enum SelfServiceResult {
    /** The caller heard at least one item (a case status, the opening hours, an FAQ answer) and hung up: contained. */
    RESOLVED,
    /** The caller went on to an agent: pressed 0, or the menu timed out. */
    TO_AGENT,
    /** The caller hung up before hearing any item. */
    ABANDONED
}
