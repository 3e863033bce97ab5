package ascc.routing.asterisk;

/**
 * Asterisk channel names, interfaces and dial strings: how the engine builds them and reads them back.
 *
 * <ul>
 *   <li>a PJSIP channel is {@code PJSIP/<endpoint>-<sequence>}, e.g. {@code PJSIP/1001-0000001a};</li>
 *   <li>a queue member's interface is {@code PJSIP/<agent id>}, e.g. {@code PJSIP/1001};</li>
 *   <li>a callback's place holder is {@code Local/<callback id>@ascc-callback-wait}, its two halves
 *       {@code Local/<callback id>@ascc-callback-wait-<sequence>;1} and {@code ;2};</li>
 *   <li>an outbound call is dialed as {@code PJSIP/ascc-outbound/sip:<number>@<carrier>} and originated with the
 *       channel id {@code ascc-att-<attempt id>}.</li>
 * </ul>
 */
public final class Channels {
    /** Technology prefix of PJSIP channels, interfaces and dial strings. */
    public static final String PJSIP = "PJSIP/";
    /** Technology prefix of Local channels. */
    public static final String LOCAL = "Local/";
    /** Channel id prefix of outbound attempts (AMI Originate {@code ChannelId}); the rest is the attempt id. */
    public static final String ATTEMPT_ID_PREFIX = "ascc-att-";

    private static final String CALLBACK_MARKER = "@" + Contexts.CALLBACK_WAIT;

    private Channels() {
    }

    /** {@code PJSIP/<endpoint>}: an agent's queue member interface (and state interface), or a dial string to an endpoint. */
    public static String pjsip(String endpoint) {
        return PJSIP + endpoint;
    }

    /**
     * The endpoint of a PJSIP channel: {@code PJSIP/1001-0000001a} gives {@code 1001}, {@code PJSIP/agent-7-00000001}
     * gives {@code agent-7} (the sequence is after the last dash), {@code PJSIP/1001} gives {@code 1001}. Empty for
     * other technologies or null.
     */
    public static String endpointOf(String channel) {
        if (channel == null || !channel.startsWith(PJSIP)) {
            return "";
        }
        String rest = channel.substring(PJSIP.length());
        int dash = rest.lastIndexOf('-');
        return dash > 0 ? rest.substring(0, dash) : rest;
    }

    /** The agent of a PJSIP member interface: {@code PJSIP/2101} gives {@code 2101}; null for other technologies, none or empty. */
    public static String agentOfInterface(String iface) {
        if (iface == null || !iface.startsWith(PJSIP) || iface.length() == PJSIP.length()) {
            return null;
        }
        return iface.substring(PJSIP.length());
    }

    /**
     * The resource of an interface, whatever the technology: {@code PJSIP/1001} gives {@code 1001}; null when there is
     * no {@code /} (then the queue's member name is the better guess).
     */
    public static String resourceOf(String iface) {
        if (iface == null || !iface.contains("/")) {
            return null;
        }
        return iface.substring(iface.indexOf('/') + 1);
    }

    /** {@code Local/<callbackId>@ascc-callback-wait}: the place holder's name; its channels' names start with it. */
    public static String callbackPlaceholder(String callbackId) {
        return LOCAL + callbackId + CALLBACK_MARKER;
    }

    /** The place holder's Originate channel: {@code Local/<callbackId>@ascc-callback-wait/n} (no local optimization). */
    public static String callbackPlaceholderDial(String callbackId) {
        return callbackPlaceholder(callbackId) + "/n";
    }

    /**
     * The callback id of a place holder's channel ({@code Local/1763.5@ascc-callback-wait-00000001;2} gives
     * {@code 1763.5}); null when the channel is not a place holder (or null).
     */
    public static String callbackIdOf(String channel) {
        if (channel == null || !channel.startsWith(LOCAL) || !channel.contains(CALLBACK_MARKER)) {
            return null;
        }
        return channel.substring(LOCAL.length(), channel.indexOf(CALLBACK_MARKER));
    }

    /** The wait announcement's Originate channel for the caller with unique id {@code uniqueId}: {@code Local/<id>@ascc-wait-say/n}. */
    public static String waitAnnouncerDial(String uniqueId) {
        return LOCAL + uniqueId + "@" + Contexts.WAIT_SAY + "/n";
    }

    /** True for the channels of a wait announcement ({@code Local/<id>@ascc-wait-say-...}). */
    public static boolean isWaitAnnouncer(String channel) {
        return channel != null && channel.startsWith(LOCAL) && channel.contains("@" + Contexts.WAIT_SAY + "-");
    }

    /** {@code PJSIP/ascc-outbound/sip:<userAtHost>}: a dial string over the outbound endpoint, the carrier in the URI. */
    public static String outboundDial(String userAtHost) {
        return PJSIP + Endpoints.OUTBOUND + "/sip:" + userAtHost;
    }

    /** {@code ascc-att-<attemptId>}: the channel id an outbound attempt is originated with. */
    public static String attemptChannelId(String attemptId) {
        return ATTEMPT_ID_PREFIX + attemptId;
    }

    /** The attempt id of an outbound channel id ({@code ascc-att-42} gives {@code 42}); null for other ids or null. */
    public static String attemptIdOf(String channelId) {
        if (channelId == null || !channelId.startsWith(ATTEMPT_ID_PREFIX)) {
            return null;
        }
        return channelId.substring(ATTEMPT_ID_PREFIX.length());
    }
}
