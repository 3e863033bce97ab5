package ascc.routing.asterisk;

/** Names of the built-in sections of the rendered {@code pjsip.conf}; agents' endpoints are named by their agent id. */
public final class Endpoints {
    public static final String TRANSPORT = "transport-udp";
    /** The customer-facing trunk, identified by source address. */
    public static final String TRUNK = "customer-trunk";
    public static final String TRUNK_IDENTIFY = "customer-trunk-identify";
    /** Callers nothing else identifies. */
    public static final String ANONYMOUS = "anonymous";
    /**
     * Endpoint of outbound campaign calls, without an address: campaigns.yaml {@code dial.channel} names the carrier in the
     * dial string, {@code PJSIP/ascc-outbound/sip:NUMBER@CARRIER:PORT} ({@link Channels#outboundDial}).
     */
    public static final String OUTBOUND = "ascc-outbound";

    private Endpoints() {
    }
}
