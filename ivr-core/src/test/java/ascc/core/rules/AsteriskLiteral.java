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
     * {@code CC_*} channel variables (also inside dialplan text and with the {@code __} inheritance prefix), channel
     * technologies, dialplan contexts and queues, user events.
     */
    static final Pattern PATTERN = Pattern.compile(String.join("|",
        "(?<![A-Za-z0-9])CC_[A-Z][A-Z0-9_]*",
        "PJSIP/",
        "Local/",
        "(?<![A-Za-z0-9])ascc-(inbound|outbound|agents?|fallback|callback|overflow|maxpen)(?![a-z])",
        "UserEvent",
        "(?<![A-Za-z0-9])ASCC[A-Z][a-z]+"));

    private AsteriskLiteral() {
    }

    /** The Asterisk name in {@code value}, if it holds one. */
    static Optional<String> find(String value) {
        Matcher m = PATTERN.matcher(value);
        return m.find() ? Optional.of(m.group()) : Optional.empty();
    }
}
