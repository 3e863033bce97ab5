package ascc.routing.campaign;

/**
 * How one attempt ended: Asterisk's result of the origination, or, for an answered call, what the survey flow got.
 */
public enum AttemptResult {
    /** Answered and every question answered. */
    COMPLETED,
    /** Answered, some questions answered, then the customer hung up. */
    PARTIAL,
    /** Answered and the customer declined (or hung up before the first answer). */
    REFUSED,
    /** Line busy (Asterisk reason 5, cause 17). */
    BUSY,
    /** Rang without answer until the originate timeout (reason 3, cause 19). */
    NO_ANSWER,
    /** Network congestion (reason 8, cause 34 / 42). */
    CONGESTION,
    /** Any other failure to reach the customer (reason 0 / 1, unknown cause). */
    FAILED,
    /** The number does not exist (cause 1 unallocated, 28 invalid format). */
    INVALID_NUMBER
}
