package ascc.core.ami;

/**
 * Why a connection or an action failed, and whether trying again can help.
 * Network trouble (refused, reset, silent peer, garbled stream, timeouts) is retriable; a rejected login is not
 * (retrying it in a loop would only fill Asterisk's security log), nor is an action answered with {@code Error}.
 *
 * @param retriable whether reconnecting / resending may succeed
 * @param reason human-readable reason with context (no secrets)
 * @param cause underlying exception, or null
 */
public record AmiFailure(boolean retriable, String reason, Throwable cause) {

    public static AmiFailure retriable(String reason, Throwable cause) {
        return new AmiFailure(true, reason, cause);
    }

    public static AmiFailure fatal(String reason) {
        return new AmiFailure(false, reason, null);
    }

    @Override
    public String toString() {
        return (retriable ? "retriable: " : "fatal: ") + reason + (cause == null ? "" : " (" + cause + ")");
    }
}
