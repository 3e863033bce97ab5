package ascc.core.agi;

/**
 * Asterisk (or whatever connected) sent something we cannot accept.
 *
 * @see #reason() the short reason sent to the dialplan as {@code CC_FALLBACK_REASON}
 */
final class BadInputException extends Exception {
    private static final long serialVersionUID = 1L;

    private final String reason;
    private final boolean protocolUsable;

    BadInputException(String reason, String detail, boolean protocolUsable) {
        super(detail);
        this.reason = reason;
        this.protocolUsable = protocolUsable;
    }

    String reason() {
        return reason;
    }

    /** Whether we can still talk AGI on the connection (send the fallback variables). */
    boolean protocolUsable() {
        return protocolUsable;
    }

    BadInputException unusable() {
        return new BadInputException(reason, getMessage(), false);
    }
}
