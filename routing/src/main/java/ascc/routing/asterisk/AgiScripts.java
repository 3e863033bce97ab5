package ascc.routing.asterisk;

/** FastAGI script names, the path of {@code agi://host:port/<script>} in the dialplan and in Originate actions. */
public final class AgiScripts {
    /** Every customer call, from {@link Contexts#INBOUND}. */
    public static final String INBOUND = "inbound";
    /** Agents' feature codes, from {@link Contexts#AGENTS}. */
    public static final String AGENT_FEATURE = "agent-feature";
    /** Outbound happy-call, started by the dialer once the customer answered. */
    public static final String HAPPY_CALL = "happy-call";
    /** Outbound campaign survey, started by the dialer once the customer answered. */
    public static final String SURVEY = "survey";

    /** A waiting caller pressed the callback key ({@link Contexts#WAIT_KEYS}): book a callback keeping their place. */
    public static final String WAIT_CALLBACK = "wait-callback";

    private AgiScripts() {
    }

    /** {@code agi://<hostPort>/}: append a script name to it. {@code hostPort} is already formatted (IPv6 in brackets). */
    public static String baseUrl(String hostPort) {
        return "agi://" + hostPort + "/";
    }
}
