package ascc.core.asterisk;

import ascc.routing.config.Capacity;
import java.util.Locale;

/**
 * {@code asterisk.conf} (the limits beyond which Asterisk refuses new calls at once, SIP 503, so the calls it took keep
 * their service) and {@code rtp.conf} (an RTP port range that fits those calls). Directories are left to the Asterisk
 * build's own defaults; Asterisk reads {@code asterisk.conf} only when it starts.
 */
final class AsteriskConf {
    private AsteriskConf() {
    }

    static String asterisk(Capacity capacity) {
        return asterisk(capacity, null);
    }

    /**
     * With {@code systemName} (the box id when engine.yaml lists several boxes): Asterisk prefixes every channel's unique id
     * with it, so the calls of two boxes never share an id in the engine's records.
     */
    static String asterisk(Capacity capacity, String systemName) {
        Conf c = new Conf();
        c.comment("Overload: beyond maxcalls calls in the dialplan (or a 1-minute load average above maxload, when set)");
        c.comment("Asterisk refuses a new call at once instead of letting every call slow down. From engine.yaml capacity;");
        c.comment("read only when Asterisk starts (restart Asterisk after changing it). No runuser: the sandbox runs as root.");
        c.section("options");
        c.option("documentation_language", "en_US");
        c.option("maxcalls", Integer.toString(capacity.maxCalls()));
        if (capacity.maxLoad() > 0) {
            c.option("maxload", String.format(Locale.ROOT, "%.2f", capacity.maxLoad()));
        }
        if (systemName != null) {
            c.option("systemname", systemName);
        }
        return c.text();
    }

    static String rtp(Capacity capacity) {
        Conf c = new Conf();
        c.comment("RTP ports for " + capacity.maxCalls() + " calls (engine.yaml capacity.max-calls): "
                + Capacity.RTP_PORTS_PER_CALL + " per call (caller and agent leg,");
        c.comment("RTP and RTCP each) plus " + Capacity.RTP_SPARE_PORTS
                + " spare, so calls are refused by maxcalls before the ports run out.");
        c.section("general");
        c.option("rtpstart", Integer.toString(capacity.rtpStart()));
        c.option("rtpend", Integer.toString(capacity.rtpEnd()));
        return c.text();
    }
}
