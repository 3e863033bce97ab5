package ascc.core.rules;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What counts as an Asterisk literal: the names the dialplan and the engine must agree on, which live only in the
 * contract package {@code ascc.routing.asterisk}.
 */
final class AsteriskLiteral {

    /** Where the contract lives; its literals are the point of it. */
    static final String CONTRACT_PACKAGE = "ascc.routing.asterisk";

    /**
     * {@code CC_*} channel variables (anywhere in a literal: dialplan text, the {@code __} inheritance prefix, a log
     * line); dialplan contexts, queues and the penalty family ({@code ascc-inbound}, {@code ascc-agent-predial}, ...);
     * our user events ({@code ASCCCallbackOffer}, ...); channel technologies where a channel name is built or read:
     * at the start of a literal or after a dialplan delimiter ({@code "PJSIP/" + id}, {@code "Dial(PJSIP/"},
     * {@code "member => PJSIP/"}), not an example in a help text ({@code "e.g. PJSIP/trunk/sip:{number}@host"}).
     * Asterisk's own words (applications such as {@code UserEvent(}, AMI event types) are not ours to own.
     */
    static final Pattern PATTERN = Pattern.compile(String.join("|",
        "(?<![A-Za-z0-9])CC_[A-Z][A-Z0-9_]*",
        "(?<![A-Za-z0-9])ascc-(inbound|outbound|agents?|fallback|callback|overflow|maxpen)(?![a-z])",
        "(?<![A-Za-z0-9])ASCC[A-Z][a-z][A-Za-z]*",
        "(^|[(,=>|&:;]\\s*)(PJSIP|Local)/"));

    private AsteriskLiteral() {
    }

    /** The Asterisk name in {@code value}, if it holds one. */
    static Optional<String> find(String value) {
        Matcher m = PATTERN.matcher(value);
        return m.find() ? Optional.of(m.group()) : Optional.empty();
    }
}
