package ascc.routing.asterisk;

/** Codes agents dial from their phones (context {@link Contexts#AGENTS}, script {@link AgiScripts#AGENT_FEATURE}). */
public final class FeatureCodes {
    /** Dialplan pattern of every feature code: a star and at least one digit. */
    public static final String PATTERN = "_*X.";
    /** Log in to all the agent's desks. */
    public static final String LOGIN = "*11";
    /** Log out of every queue. */
    public static final String LOGOUT = "*12";
    /** Pause, followed by the reason code of agent-states.yaml ({@code *13} alone asks for it). */
    public static final String PAUSE = "*13";
    /** Unpause. */
    public static final String UNPAUSE = "*14";

    private FeatureCodes() {
    }
}
