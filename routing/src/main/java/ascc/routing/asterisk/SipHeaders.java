package ascc.routing.asterisk;

import java.util.List;

/** SIP headers the pre-dial gosub ({@link Contexts#AGENT_PREDIAL}) adds to the agent leg, from inherited channel variables. */
public final class SipHeaders {
    public static final String COMPANY = "X-CC-Company";
    public static final String CATEGORY = "X-CC-Category";
    public static final String INQUIRY = "X-CC-Inquiry";
    public static final String CALLER = "X-CC-Caller";
    public static final String DESK = "X-CC-Desk";
    public static final String FALLBACK = "X-CC-Fallback";

    /** One header and the channel variable it carries (absent when the variable is empty). */
    public record AgentHeader(String header, String variable) {
    }

    /** Every agent-leg header, in the order the gosub adds them. */
    public static final List<AgentHeader> AGENT_HEADERS = List.of(
            new AgentHeader(COMPANY, ChannelVars.COMPANY),
            new AgentHeader(CATEGORY, ChannelVars.CATEGORY),
            new AgentHeader(INQUIRY, ChannelVars.INQUIRY),
            new AgentHeader(CALLER, ChannelVars.CALLER_MASKED),
            new AgentHeader(DESK, ChannelVars.DESK),
            new AgentHeader(FALLBACK, ChannelVars.FALLBACK));

    private SipHeaders() {
    }
}
