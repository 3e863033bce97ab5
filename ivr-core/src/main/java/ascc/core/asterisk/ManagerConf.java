package ascc.core.asterisk;

import ascc.routing.asterisk.UnreadAmiEvents;
import ascc.routing.config.EngineSettings;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** {@code manager.conf}: AMI on the configured address and the engine's AMI user, allowed only from that address. */
final class ManagerConf {
    private ManagerConf() {
    }

    static String render(EngineSettings engine) {
        String address = AsteriskSyntax.ipAddress("engine.amiHost", engine.amiHost());
        String user = AsteriskSyntax.name("engine.amiUser", engine.amiUser());
        if ("general".equals(user)) {
            throw new IllegalArgumentException("engine.amiUser 'general' is reserved in manager.conf");
        }
        Conf c = new Conf();
        c.section("general");
        c.option("enabled", "yes");
        c.option("port", Integer.toString(AsteriskSyntax.port("engine.amiPort", engine.amiPort())));
        c.option("bindaddr", address);

        c.comment(engine.severalBoxes() ? "The engine's AMI user, allowed only from the box's address and the engine nodes' (agi.url-host,"
                + " agi.nodes)."
                : "The engine's AMI user, allowed only from the AMI host's address.");
        c.section(user);
        c.option("secret", AsteriskSyntax.secret("engine.amiSecret", engine.amiSecret()));
        c.option("deny", "0.0.0.0/0.0.0.0");
        c.option("permit", permit(address));
        String engineHost = engine.severalBoxes() ? engineAddress(engine.agiUrlHost()) : null;
        Set<String> permitted = new LinkedHashSet<>(List.of(address));
        if (engineHost != null && permitted.add(engineHost)) { // a box of engine.yaml boxes: the engine is on another host
            c.option("permit", permit(engineHost));
        }
        if (engine.severalBoxes()) { // every engine node logs in to every box (docs/scale-out.md)
            for (String node : engine.cluster().agiNodes()) {
                String host = engineAddress(node.substring(0, node.lastIndexOf(':'))); // host:port (ClusterSettings.AGI_NODE)
                if (host != null && permitted.add(host)) {
                    c.option("permit", permit(host));
                }
            }
        }
        // Event classes the engine reads, and only those: Asterisk builds an event only when a session reads its class.
        // system (FullyBooted, Reload, Shutdown, ContactStatus), call (Hangup, Newchannel, DeviceStateChange,
        // OriginateResponse), agent (Queue*, Agent*: call tracker, agent states, overflow, wallboard, desktop), user
        // (UserEvent), cdr (Cdr: CDR ingest). Not reporting: RTCPSent/RTCPReceived, several per call with media, read by
        // no consumer.
        c.option("read", "system,call,agent,user,config,cdr");
        c.option("write", "system,call,agent,user,config,command,reporting,originate");
        c.option("writetimeout", "5000");
        // Events of those classes no consumer reads (a channel's state changes, bridges, dials: several a call): not sent
        for (String event : UnreadAmiEvents.NAMES) {
            c.option("eventfilter(action(exclude),name(" + event + "))", "");
        }
        return c.text();
    }

    private static String permit(String address) {
        return address.indexOf(':') >= 0 ? address + "/128" : address + "/255.255.255.255";
    }

    /** agi.url-host when it is an IP address (the engine's address as the box sees it), else null (a host name). */
    private static String engineAddress(String urlHost) {
        try {
            return urlHost == null ? null : AsteriskSyntax.ipAddress("agi.url-host", urlHost);
        } catch (IllegalArgumentException e) {
            return null; // a host name: only the AMI host's own address is permitted, as before
        }
    }
}
