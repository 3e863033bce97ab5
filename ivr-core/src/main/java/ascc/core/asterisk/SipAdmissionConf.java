package ascc.core.asterisk;

import ascc.routing.config.Capacity;
import ascc.routing.config.EngineSettings;

/**
 * {@code sip-admission.cfg}: the SIP admission front (a Kamailio in front of Asterisk) from {@code engine.yaml capacity}.
 * It listens on {@code capacity.admission-port} at Asterisk's SIP address, answers a new INVITE beyond
 * {@code capacity.new-calls-per-second} with a stateless {@code 503 Service Unavailable} (pipelimit TAILDROP over one
 * second; absorbing its ACK), relays the new INVITEs it lets through statefully (100 Trying at once, so the caller's
 * retransmissions stop, and a retransmission that still comes is answered by the transaction instead of being counted
 * again) and forwards everything else statelessly to Asterisk's SIP port. With {@code capacity.max-calls-in-setup} it
 * also counts the calls it let through that Asterisk has not answered yet (a Kamailio {@code dialog} profile, left at
 * the first 2xx and ended by a failure or the transaction's timeout) and answers a new INVITE beyond it 503 as well: a
 * rate admits as much when Asterisk slows down as when it keeps up, this bound admits less as soon as set-up slows,
 * so the calls let in are the ones Asterisk can still set up in time. A refused call so costs
 * one parse and one reply: no channel, no RTP ports, no dialplan, and Asterisk's own SIP stack only ever sees the
 * calls it can take (docs/reliability.md, "Overload"). With {@code new-calls-per-second} 0 the file says that there is
 * no front, and the sandbox starts none.
 */
final class SipAdmissionConf {
    /** First line of a config that runs a front; a file without it is the "no front" note. */
    static final String MARKER = "#!KAMAILIO";

    /** The dialog module only counts calls in set-up: an answered call's dialog is forgotten soon after (no ACK seen). */
    private static final String DIALOG_PARAMS = "# calls in set-up: a dialog profile per call let through, left at its first 2xx; the\n"
            + "# ACK and BYE go past the front statelessly, so an answered call's dialog ends 5 + 10 s later (noack_timeout)\n"
            + "modparam(\"dialog\", \"profiles_no_value\", \"setup\")\n"
            + "modparam(\"dialog\", \"noack_timeout\", 5)\n"
            + "modparam(\"dialog\", \"early_timeout\", 60)\n";

    private static final String SETUP_REPLY_ROUTE = "\n"
            + "# a call answered (2xx) is no longer in set-up; a failure or a timeout ends its dialog and so its count\n"
            + "onreply_route[SETUP] {\n"
            + "    if ($rs =~ \"^2\") {\n"
            + "        unset_dlg_profile(\"setup\");\n"
            + "    }\n"
            + "}\n";

    private SipAdmissionConf() {
    }

    static String render(EngineSettings engine) {
        Capacity capacity = engine.capacity();
        boolean inSetup = capacity.boundsCallsInSetup();
        String header = "# " + AsteriskConfigRenderer.HEADER.substring(2) + "\n";
        if (!capacity.admissionFront()) {
            return header + "# engine.yaml capacity.new-calls-per-second is 0: no SIP admission front; new calls go straight to"
                    + " Asterisk.\n";
        }
        String bind = AsteriskSyntax.ipAddress("engine.sipBind", engine.sipBind());
        String asterisk = "0.0.0.0".equals(bind) ? "127.0.0.1" : bind;
        int asteriskPort = AsteriskSyntax.port("engine.sipPort", engine.sipPort());
        int port = AsteriskSyntax.port("capacity.admissionPort", capacity.admissionPort());
        if (port == asteriskPort) {
            throw new IllegalArgumentException("capacity.admission-port " + port + " is Asterisk's own SIP port (asterisk.sip-port);"
                    + " the admission front needs a port of its own");
        }
        return MARKER + "\n" + header
                + "# SIP admission front (engine.yaml capacity): at most " + capacity.newCallsPerSecond() + " new calls a second\n"
                + "# go on to Asterisk at " + asterisk + ":" + asteriskPort + "; a new INVITE beyond that is answered 503 at once,\n"
                + "# statelessly, before Asterisk makes a channel or takes RTP ports for it. The INVITEs let through are relayed\n"
                + "# statefully (100 Trying at once; a retransmission is answered, never counted again); the rest is forwarded.\n"
                + (inSetup ? "# At most " + capacity.maxCallsInSetup() + " calls let through may be unanswered by Asterisk at once;"
                    + " beyond that a new INVITE is answered 503 too.\n" : "")
                + "debug=1\n"
                + "log_stderror=yes\n"
                + "children=2\n"
                + "auto_aliases=no\n"
                + "listen=udp:" + listenAddress(bind) + ":" + port + "\n"
                + "loadmodule \"tm.so\"\n"
                + "loadmodule \"sl.so\"\n"
                + "loadmodule \"pv.so\"\n"
                + "loadmodule \"pipelimit.so\"\n"
                + (inSetup ? "loadmodule \"rr.so\"\nloadmodule \"dialog.so\"\n" : "")
                + "# Asterisk's own 503 (beyond max-calls) reaches the caller as 503, a refusal it may retry elsewhere; tm's default\n"
                + "# (RFC 3261 16.7) would turn it into a 500\n"
                + "modparam(\"tm\", \"remap_503_500\", 0)\n"
                + "modparam(\"pipelimit\", \"timer_interval\", 1)\n"
                + "modparam(\"pipelimit\", \"load_fetch\", 0)\n"
                + "modparam(\"pipelimit\", \"reply_reason\", \"Service Unavailable\")\n"
                + (inSetup ? DIALOG_PARAMS : "")
                + "\n"
                + "request_route {\n"
                + "    if ($rm == \"CANCEL\") {\n"
                + "        if (t_check_trans()) {\n"
                + "            t_relay();\n"
                + "        }\n"
                + "        exit;\n"
                + "    }\n"
                + "    if ($rm == \"INVITE\" && $tt == $null) {\n"
                + "        # a retransmission of an INVITE already let through: its transaction answers it (100 Trying or the\n"
                + "        # last reply), and it is not counted again\n"
                + "        if (t_check_trans()) {\n"
                + "            exit;\n"
                + "        }\n"
                + "        if (!pl_check(\"new-calls\", \"TAILDROP\", " + capacity.newCallsPerSecond() + ")) {\n"
                + "            pl_drop(\"1\");\n"
                + "            exit;\n"
                + "        }\n"
                + (inSetup ? setupBound(capacity.maxCallsInSetup()) : "")
                + "        # statefully: 100 Trying at once, so the carrier stops retransmitting while Asterisk sets the call up\n"
                + "        if (!t_relay_to_udp(\"" + asterisk + "\", \"" + asteriskPort + "\")) {\n"
                + "            sl_reply_error();\n"
                + "        }\n"
                + "        exit;\n"
                + "    }\n"
                + "    if ($rm == \"ACK\") {\n"
                + "        # the ACK of a failure Asterisk sent through a transaction here ends there (tm ACKed Asterisk itself and\n"
                + "        # would otherwise resend the failure to the caller); the ACK of a 200 goes on\n"
                + "        t_check_trans();\n"
                + "    }\n"
                + "    forward(\"" + asterisk + "\", " + asteriskPort + ");\n"
                + "    exit;\n"
                + "}\n"
                + (inSetup ? SETUP_REPLY_ROUTE : "");
    }

    private static String setupBound(int maxCallsInSetup) {
        return "        # at most " + maxCallsInSetup + " calls let through and not answered yet: when Asterisk's set-up slows down,\n"
                + "        # fewer calls are let in (capacity.max-calls-in-setup)\n"
                + "        if (get_profile_size(\"setup\", \"$var(setup)\") && $var(setup) >= " + maxCallsInSetup + ") {\n"
                + "            pl_drop(\"1\");\n"
                + "            exit;\n"
                + "        }\n"
                + "        dlg_manage();\n"
                + "        set_dlg_profile(\"setup\");\n"
                + "        t_on_reply(\"SETUP\");\n";
    }

    private static String listenAddress(String bind) {
        return bind.contains(":") ? "[" + bind + "]" : bind;
    }
}
