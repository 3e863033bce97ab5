package ascc.routing.config;

/**
 * How much load the center takes before it sheds new calls ({@code engine.yaml} {@code capacity}). Beyond these limits
 * a new call is refused or sent to the fallback at once, so the calls already accepted keep their normal service.
 *
 * @param maxCalls most calls Asterisk runs its dialplan for at once (rendered {@code asterisk.conf maxcalls}); a call
 *     beyond it is refused at once (SIP 503). Also sizes the RTP port range ({@link #rtpEnd()}).
 * @param maxLoad Asterisk refuses new calls while the 1-minute load average of its machine is above this (rendered
 *     {@code asterisk.conf maxload}); 0 = off
 * @param agiMaxSessions most FastAGI sessions the engine runs at once; a session beyond it gets the fallback route at
 *     once (the dialplan's fallback queue) instead of the menus
 * @param rtpStart first UDP port of Asterisk's RTP range (rendered {@code rtp.conf rtpstart})
 * @param newCallsPerSecond most new calls a second let through to Asterisk by the SIP admission front (rendered
 *     {@code sip-admission.cfg}, a Kamailio that answers a new INVITE beyond it with a stateless 503 before Asterisk
 *     makes a channel and RTP ports for it); 0 = no admission front (the default)
 * @param admissionPort UDP port the admission front listens on, on Asterisk's SIP address; the carrier sends new
 *     calls there and it forwards them to Asterisk's SIP port
 * @param maxCallsInSetup most calls the admission front has let through that Asterisk has not answered yet; a new
 *     INVITE beyond it is answered 503 at once like one beyond the rate. A rate alone admits as much when Asterisk
 *     slows down (a busy machine, a longer set-up) as when it keeps up, and the calls it cannot set up pile up inside
 *     it; this bound admits less as soon as set-up slows ({@link #defaultCallsInSetup(int)} when not configured);
 *     0 = no bound
 */
public record Capacity(int maxCalls, double maxLoad, int agiMaxSessions, int rtpStart, int newCallsPerSecond,
                       int admissionPort, int maxCallsInSetup) {
    /** Defaults: 400 calls, no load limit, 600 sessions, RTP from port 20000, no admission front (port 5080). */
    public static final Capacity DEFAULTS = new Capacity(400, 0, 600, 20000);
    /** Default {@link #admissionPort()}. */
    public static final int DEFAULT_ADMISSION_PORT = 5080;
    /** Most {@link #newCallsPerSecond()}. */
    public static final int MAX_NEW_CALLS_PER_SECOND = 100_000;
    /** Allowed range of {@link #maxCalls()}. */
    public static final int MIN_CALLS = 1;
    public static final int MAX_CALLS = 10_000;
    /** UDP ports per call: the caller's and the agent's RTP instance, each an RTP and an RTCP port. */
    public static final int RTP_PORTS_PER_CALL = 4;
    /** Spare ports on top, for legs that are not counted as calls (originated callbacks, campaign calls). */
    public static final int RTP_SPARE_PORTS = 200;

    /** Most {@link #maxCallsInSetup()}. */
    public static final int MAX_CALLS_IN_SETUP = 100_000;

    /** Without an admission front. */
    public Capacity(int maxCalls, double maxLoad, int agiMaxSessions, int rtpStart) {
        this(maxCalls, maxLoad, agiMaxSessions, rtpStart, 0, DEFAULT_ADMISSION_PORT);
    }

    /** With the default bound on calls in set-up ({@link #defaultCallsInSetup(int)}). */
    public Capacity(int maxCalls, double maxLoad, int agiMaxSessions, int rtpStart, int newCallsPerSecond, int admissionPort) {
        this(maxCalls, maxLoad, agiMaxSessions, rtpStart, newCallsPerSecond, admissionPort,
            defaultCallsInSetup(newCallsPerSecond));
    }

    /**
     * The bound on calls in set-up when {@code capacity.max-calls-in-setup} is not configured: a quarter of a second of
     * new calls at the front's rate (rounded up), at least 4; 0 without a front. At the full rate that admits calls while
     * Asterisk answers them within about 250 ms (it answers in 5-30 ms when it keeps up: docs/reliability.md "Overload"),
     * and fewer as soon as it takes longer.
     */
    public static int defaultCallsInSetup(int newCallsPerSecond) {
        return newCallsPerSecond <= 0 ? 0 : Math.max(4, (newCallsPerSecond + 3) / 4);
    }

    public Capacity {
        if (maxCalls < MIN_CALLS || maxCalls > MAX_CALLS) {
            throw new IllegalArgumentException("maxCalls must be " + MIN_CALLS + ".." + MAX_CALLS + ", got " + maxCalls);
        }
        if (!(maxLoad >= 0) || maxLoad > 1000) {
            throw new IllegalArgumentException("maxLoad must be 0 (off) .. 1000, got " + maxLoad);
        }
        if (agiMaxSessions < 1 || agiMaxSessions > 100_000) {
            throw new IllegalArgumentException("agiMaxSessions must be 1..100000, got " + agiMaxSessions);
        }
        if (rtpStart < 1024 || rtpStart % 2 != 0 || rtpStart + RTP_PORTS_PER_CALL * maxCalls + RTP_SPARE_PORTS > 65534) {
            throw new IllegalArgumentException("rtpStart must be an even port >= 1024 with room for " + RTP_PORTS_PER_CALL
                    + " ports per call plus " + RTP_SPARE_PORTS + " below 65535, got " + rtpStart + " for " + maxCalls + " calls");
        }
        if (newCallsPerSecond < 0 || newCallsPerSecond > MAX_NEW_CALLS_PER_SECOND) {
            throw new IllegalArgumentException("newCallsPerSecond must be 0 (off) .. " + MAX_NEW_CALLS_PER_SECOND + ", got "
                    + newCallsPerSecond);
        }
        if (admissionPort < 1 || admissionPort > 65535) {
            throw new IllegalArgumentException("admissionPort must be a UDP port 1..65535, got " + admissionPort);
        }
        if (maxCallsInSetup < 0 || maxCallsInSetup > MAX_CALLS_IN_SETUP) {
            throw new IllegalArgumentException("maxCallsInSetup must be 0 (no bound) .. " + MAX_CALLS_IN_SETUP + ", got "
                    + maxCallsInSetup);
        }
    }

    /** Whether new calls go through the SIP admission front ({@link #newCallsPerSecond()} above 0). */
    public boolean admissionFront() {
        return newCallsPerSecond > 0;
    }

    /** Whether the admission front also bounds the calls Asterisk has not answered yet. */
    public boolean boundsCallsInSetup() {
        return admissionFront() && maxCallsInSetup > 0;
    }

    /** Last RTP port: four per call (caller and agent leg, RTP + RTCP each) plus spares, so the range never runs out first. */
    public int rtpEnd() {
        return rtpStart + RTP_PORTS_PER_CALL * maxCalls + RTP_SPARE_PORTS - 1;
    }
}
