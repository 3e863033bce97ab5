package ascc.core.ami;

import java.util.Locale;

/**
 * Why a connection or an action failed, and whether trying again can help.
 * <ul>
 *   <li>{@link Kind#NETWORK}: refused, reset, silent peer, garbled stream, timeouts: retriable, reconnect with the short
 *   backoff.</li>
 *   <li>{@link Kind#LOGIN_REJECTED}: Asterisk answered the Login with an error ({@code Authentication failed}: the secret
 *   in Asterisk's loaded {@code manager.conf} and the engine's differ, e.g. after a secret change that Asterisk has not
 *   reloaded yet). Retriable with the slow login backoff (seconds to a minute apart, so Asterisk's security log is not
 *   flooded): once {@code manager.conf} is reloaded the next try logs in, without an engine restart.</li>
 *   <li>{@link Kind#REFUSED}: not retriable: an action answered with {@code Error}, or a peer that does not know the Login
 *   action at all (not an Asterisk manager: trying again cannot help).</li>
 * </ul>
 *
 * @param retriable whether reconnecting / resending may succeed
 * @param reason human-readable reason with context (no secrets)
 * @param cause underlying exception, or null
 * @param kind the class of failure (decides the backoff)
 */
public record AmiFailure(boolean retriable, String reason, Throwable cause, Kind kind) {

    /** The class of a failure; see the type's description. */
    public enum Kind { NETWORK, LOGIN_REJECTED, REFUSED }

    /** A network failure when retriable, else a refusal. */
    public AmiFailure(boolean retriable, String reason, Throwable cause) {
        this(retriable, reason, cause, retriable ? Kind.NETWORK : Kind.REFUSED);
    }

    public static AmiFailure retriable(String reason, Throwable cause) {
        return new AmiFailure(true, reason, cause, Kind.NETWORK);
    }

    public static AmiFailure fatal(String reason) {
        return new AmiFailure(false, reason, null, Kind.REFUSED);
    }

    /**
     * Classifies Asterisk's {@code Message} of a Login answered with {@code Response: Error}.
     * {@code Authentication failed} (and any other refusal) is {@link Kind#LOGIN_REJECTED}, retried; a peer that does not
     * know the Login action ({@code Missing action in request}, {@code Invalid/unknown command}) is {@link Kind#REFUSED},
     * fatal.
     *
     * @param message Asterisk's message (may be null)
     * @param who {@code user@host:port}, for the reason
     */
    public static AmiFailure loginError(String message, String who) {
        String m = message == null || message.isBlank() ? "Error" : message.strip();
        String lower = m.toLowerCase(Locale.ROOT);
        if (lower.contains("missing action") || lower.contains("invalid/unknown command")) {
            return new AmiFailure(false, "AMI login as " + who + " not understood: " + m
                    + " (is ami.host:port an Asterisk manager port?)", null, Kind.REFUSED);
        }
        return new AmiFailure(true, "AMI login as " + who + " rejected: " + m + " (the secret in engine.yaml ami.secret and the one"
                + " Asterisk has loaded from manager.conf differ: retried with backoff; run: asterisk -rx 'manager reload')", null,
                Kind.LOGIN_REJECTED);
    }

    @Override
    public String toString() {
        return (retriable ? "retriable" : "fatal") + (kind == Kind.LOGIN_REJECTED ? " (login rejected)" : "") + ": " + reason
                + (cause == null ? "" : " (" + cause + ")");
    }
}
