package ascc.agi;

import java.util.SequencedMap;

/**
 * The small channel interface call flows are written against. The engine implements it over a
 * FastAGI connection; tests implement it with a scripted fake. Every method may throw
 * {@link AgiHangupException} when the caller has hung up.
 */
public interface AgiChannel {

    /** The AGI environment Asterisk sent when the session started. */
    AgiRequest request();

    /** ANSWER. */
    void answer();

    /** GET VARIABLE; returns null when unset. */
    String getVariable(String name);

    /** SET VARIABLE. */
    void setVariable(String name, String value);

    /**
     * Sets several variables, in order. The default sends one SET VARIABLE each; the FastAGI channel sends one
     * {@code EXEC MSet} when every name and value is safe for it (one round trip instead of one per variable).
     */
    default void setVariables(SequencedMap<String, String> variables) {
        variables.forEach(this::setVariable);
    }

    /**
     * STREAM FILE: plays a prompt; returns the digit pressed to interrupt it, or 0 when none.
     *
     * @param escapeDigits digits that interrupt playback, e.g. {@code "0123456789*#"}
     */
    char streamFile(String file, String escapeDigits);

    /**
     * GET DATA: plays a prompt and collects up to {@code maxDigits} digits ending with '#' or a timeout.
     *
     * @return the digits (possibly empty); null when the caller pressed nothing at all before the timeout
     */
    String getData(String prompt, long timeoutMillis, int maxDigits);

    /** WAIT FOR DIGIT; returns 0 on timeout. */
    char waitForDigit(long timeoutMillis);

    /** EXEC an application; returns Asterisk's result code. */
    int exec(String application, String options);

    /** VERBOSE, for the Asterisk console. */
    void verbose(String message, int level);
}
