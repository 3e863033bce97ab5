package ascc.core.asterisk;

import ascc.routing.asterisk.Contexts;
import ascc.routing.asterisk.Endpoints;
import ascc.routing.config.Agent;
import ascc.routing.config.EngineSettings;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code pjsip.conf}: the UDP transport, the customer-facing trunk (identified by address), the anonymous endpoint,
 * the outbound campaign endpoint and one endpoint, auth and aor per agent (the agent id is the user name).
 */
final class PjsipConf {
    private static final Set<String> RESERVED_NAMES = Set.of(
            "global", "system", Endpoints.TRANSPORT, Endpoints.TRUNK, Endpoints.TRUNK_IDENTIFY, Endpoints.ANONYMOUS,
            Endpoints.OUTBOUND);

    private PjsipConf() {
    }

    /** {@code agents} sorted by id. */
    static String render(EngineSettings engine, List<Agent> agents) {
        Conf c = new Conf();
        Set<String> seen = new HashSet<>();
        String bind = AsteriskSyntax.hostPort(AsteriskSyntax.host("engine.sipBind", engine.sipBind()),
                AsteriskSyntax.port("engine.sipPort", engine.sipPort()));

        c.comment("Agents are identified by the user name their phone registers with; the customer-facing trunk by");
        c.comment("its source address; any other caller reaches the '" + Endpoints.ANONYMOUS + "' endpoint (both go to "
                + Contexts.INBOUND + ").");
        c.section("global");
        c.option("type", "global");
        c.option("endpoint_identifier_order", "username,ip,anonymous");
        c.option("user_agent", "ASCC");

        c.section(Endpoints.TRANSPORT);
        c.option("type", "transport");
        c.option("protocol", "udp");
        c.option("bind", bind);

        c.comment("Customer-facing trunk: no authentication, identified by address.");
        c.section(Endpoints.TRUNK);
        endpointCommon(c, Contexts.INBOUND, engine.sipBind());
        seen.add("endpoint/" + Endpoints.TRUNK);

        if (!engine.trunkMatch().isEmpty()) {
            c.section(Endpoints.TRUNK_IDENTIFY);
            c.option("type", "identify");
            c.option("endpoint", Endpoints.TRUNK);
            for (int i = 0; i < engine.trunkMatch().size(); i++) {
                c.option("match", AsteriskSyntax.match("engine.trunkMatch[" + i + "]", engine.trunkMatch().get(i)));
            }
        }

        c.comment("Callers nothing else identifies (e.g. test callers with an unknown From).");
        c.section(Endpoints.ANONYMOUS);
        endpointCommon(c, Contexts.INBOUND, engine.sipBind());
        seen.add("endpoint/" + Endpoints.ANONYMOUS);

        c.comment("Outbound campaign calls: the dial string carries the carrier's address (campaigns.yaml dial.channel).");
        c.section(Endpoints.OUTBOUND);
        endpointCommon(c, Contexts.OUTBOUND, engine.sipBind());
        seen.add("endpoint/" + Endpoints.OUTBOUND);

        for (Agent a : agents) {
            agent(c, engine, a, seen);
        }
        return c.text();
    }

    private static void agent(Conf c, EngineSettings engine, Agent a, Set<String> seen) {
        String what = "agent " + AsteriskSyntax.quoted(a.id());
        String id = AsteriskSyntax.name("agent id", a.id());
        if (RESERVED_NAMES.contains(id)) {
            throw new IllegalArgumentException(what + ": the id is reserved for a built-in PJSIP section " + RESERVED_NAMES);
        }
        String auth = id + "-auth";
        for (String key : List.of("endpoint/" + id, "aor/" + id, "auth/" + auth)) {
            if (!seen.add(key)) {
                throw new IllegalArgumentException(what + ": PJSIP section " + key + " would be rendered twice");
            }
        }
        String name = AsteriskSyntax.displayName(what + " name", a.name());
        String password = AsteriskSyntax.secret(what + " password", a.password());

        c.comment("Agent " + id);
        c.section(id);
        endpointCommon(c, Contexts.AGENTS, engine.sipBind());
        c.option("auth", auth);
        c.option("aors", id);
        c.option("callerid", "\"" + name + "\" <" + id + ">");

        c.section(auth);
        c.option("type", "auth");
        // 'digest' since Asterisk 22.2 (PJSIP auth rework); 'userpass' is deprecated and converted to it.
        c.option("auth_type", "digest");
        c.option("username", id);
        c.option("password", password);

        c.section(id);
        c.option("type", "aor");
        c.option("max_contacts", "1");
        c.option("remove_existing", "yes");
    }

    private static void endpointCommon(Conf c, String context, String mediaAddress) {
        c.option("type", "endpoint");
        c.option("context", context);
        c.option("disallow", "all");
        c.option("allow", "ulaw,alaw");
        c.option("direct_media", "no");
        c.option("dtmf_mode", "rfc4733");
        c.option("rtp_symmetric", "yes");
        c.option("force_rport", "yes");
        c.option("rewrite_contact", "yes");
        // RTP would otherwise bind on all interfaces: keep media on the SIP address (loopback in the sandbox)
        c.option("media_address", AsteriskSyntax.host("engine.sipBind", mediaAddress));
        c.option("bind_rtp_to_media_address", "yes");
    }
}
