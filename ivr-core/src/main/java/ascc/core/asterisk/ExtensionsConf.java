package ascc.core.asterisk;

import static ascc.routing.asterisk.ChannelVars.ref;

import ascc.routing.asterisk.AgiScripts;
import ascc.routing.asterisk.ChannelVars;
import ascc.routing.asterisk.Contexts;
import ascc.routing.asterisk.FeatureCodes;
import ascc.routing.asterisk.Queues;
import ascc.routing.asterisk.SipHeaders;
import ascc.routing.asterisk.UserEvents;
import ascc.routing.config.AgiAccess;
import ascc.routing.config.EngineSettings;

import java.util.List;
import java.util.Locale;

/**
 * {@code extensions.conf}: the FastAGI-driven inbound flow with a fallback queue when the engine is down, the agent
 * pre-dial headers and answer gosub, the overflow and callback contexts, and the agents' feature-code route. Every
 * name the engine shares with this dialplan comes from {@code ascc.routing.asterisk}.
 */
final class ExtensionsConf {
    private static final String ACTION = ChannelVars.ACTION;
    private static final String QUEUE = ChannelVars.QUEUE;
    private static final String QUEUE_TIMEOUT = ChannelVars.QUEUE_TIMEOUT;
    private static final String PROMPT = ChannelVars.PROMPT;
    private static final String CONSENT = ChannelVars.CONSENT;
    private static final String RECORD_FILE = ChannelVars.RECORD_FILE;
    private static final String OVF_POS = ChannelVars.OVF_POS;
    private static final String OVF_ANSWER = ChannelVars.OVF_ANSWER;
    /** Queue's options: t (agent may transfer), b (pre-dial gosub on each agent channel). */
    private static final String QUEUE_OPTIONS = "tb(" + Contexts.AGENT_PREDIAL + "^s^1)";

    /** The label after an AGI call tried on several nodes. */
    private static final String AGI_DONE = "agi-done";

    private ExtensionsConf() {
    }

    static String render(EngineSettings engine) {
        List<String> agi = agiBases(engine);
        String key = agiSecretArgument(engine.agiAccess());
        Conf c = new Conf();
        c.section("general");
        c.option("static", "yes");
        c.option("writeprotect", "yes");
        c.option("clearglobalvars", "no");

        inbound(c, agi, key);
        agentGosubs(c);

        c.comment("Outbound campaign endpoint: campaign calls go straight to the engine's FastAGI (Originate); nothing comes in.");
        c.section(Contexts.OUTBOUND);
        c.exten("_X.", "Hangup()");
        overflowContexts(c);
        waitContexts(c, agi, key);

        c.comment("Calls from agents' phones: feature codes (*...) are handled by the engine.");
        c.section(Contexts.AGENTS);
        if (agi.size() == 1) {
            c.exten(FeatureCodes.PATTERN, "AGI(" + agi.get(0) + AgiScripts.AGENT_FEATURE + key + ")");
        } else {
            c.exten(FeatureCodes.PATTERN, "NoOp(ASCC feature code ${EXTEN})");
            agiCall(c, agi, AgiScripts.AGENT_FEATURE, key);
        }
        c.same("GotoIf($[\"${AGISTATUS}\" != \"FAILURE\"]?done)");
        c.same("Playback(feature-not-avail-line)");
        c.same("done", "Hangup()");
        return c.text();
    }

    /**
     * The FastAGI base URLs the dialplan tries, in order: engine.yaml {@code agi.nodes}, or {@code agi.url-host:agi.port}
     * when it is empty (a single node).
     */
    static List<String> agiBases(EngineSettings engine) {
        List<String> nodes = engine.cluster().agiNodes();
        if (nodes.isEmpty()) {
            return List.of(AgiScripts.baseUrl(AsteriskSyntax.hostPort(AsteriskSyntax.host("engine.agiUrlHost", engine.agiUrlHost()),
                    AsteriskSyntax.port("engine.agiPort", engine.agiPort()))));
        }
        return nodes.stream().map(n -> {
            int colon = n.lastIndexOf(':');
            return AgiScripts.baseUrl(AsteriskSyntax.hostPort(AsteriskSyntax.host("engine.agi.nodes", n.substring(0, colon)),
                    AsteriskSyntax.port("engine.agi.nodes", Integer.parseInt(n.substring(colon + 1)))));
        }).toList();
    }

    /**
     * One AGI call of {@code script}: each node in turn while the previous did not answer ({@code AGISTATUS} FAILURE: not
     * listening, refused); after the last the dialplan goes on as after one call (the fallback when none answered).
     */
    private static void agiCall(Conf c, List<String> agi, String script, String key) {
        for (int i = 0; i < agi.size(); i++) {
            c.same("AGI(" + agi.get(i) + script + key + ")");
            if (i < agi.size() - 1) {
                c.same("GotoIf($[\"${AGISTATUS}\" != \"FAILURE\"]?" + AGI_DONE + ")");
            }
        }
        if (agi.size() > 1) {
            c.same(AGI_DONE, "NoOp(ASCC " + script + ": AGISTATUS=${AGISTATUS})");
        }
    }

    /**
     * {@code ,<secret>}: the first argument of every AGI call, checked by the engine before it serves the session
     * ({@code agi.secret}). Its shape is checked again here: it goes into the dialplan as it is.
     */
    static String agiSecretArgument(AgiAccess access) {
        String secret = access.secret().reveal();
        if (!AgiAccess.SECRET_SHAPE.matcher(secret).matches()) {
            throw new IllegalArgumentException("engine.agi.secret cannot be rendered into the dialplan: "
                    + (secret.isEmpty() ? "it is empty" : "it has " + secret.length() + " characters of a wrong shape")
                    + " (allowed: " + AgiAccess.SECRET_ALLOWED + ")");
        }
        return "," + secret;
    }

    private static void inbound(Conf c, List<String> agi, String key) {
        c.comment("Every customer call. The engine (FastAGI) decides and sets " + ACTION + ": " + ChannelVars.ACTION_QUEUE
                + " (" + QUEUE + ",");
        c.comment(QUEUE_TIMEOUT + ", " + CONSENT + ": announcement played before queueing), " + ChannelVars.ACTION_CLOSED + " ("
                + PROMPT + "), " + ChannelVars.ACTION_HANGUP + " or " + ChannelVars.ACTION_FALLBACK + ".");
        c.comment("Engine down (AGISTATUS=FAILURE), " + ACTION + " empty or unexpected, or an unknown queue: the fallback queue");
        c.comment("with every agent.");
        c.comment("The caller is never dropped because the engine is down.");
        c.section(Contexts.INBOUND);
        c.exten("_X.", "NoOp(ASCC inbound ${EXTEN})");
        c.same("Set(" + ACTION + "=)");
        agiCall(c, agi, AgiScripts.INBOUND, key);
        for (String action : List.of(ChannelVars.ACTION_QUEUE, ChannelVars.ACTION_CLOSED, ChannelVars.ACTION_VOICEMAIL,
                ChannelVars.ACTION_HANGUP)) {
            c.same("GotoIf($[\"" + ref(ACTION) + "\" = \"" + action + "\"]?" + action + ")");
        }
        c.same("fallback", "NoOp(ASCC fallback queue: AGISTATUS=${AGISTATUS} " + ACTION + "=" + ref(ACTION) + ")");
        c.same("Set(" + ChannelVars.inherited(ChannelVars.FALLBACK) + "=1)");
        c.same("Answer()");
        c.same("Queue(" + Queues.FALLBACK + "," + QUEUE_OPTIONS + ",,,,," + Contexts.AGENT_ANSWER + ")");
        c.same("Hangup()");
        c.same(ChannelVars.ACTION_QUEUE, "GotoIf($[${LEN(" + ref(QUEUE) + ")} = 0]?fallback)");
        c.same("Answer()");
        // the flow's priority (VIP, repeat caller); QUEUE_PRIO 0 when it set none
        String prio = ref(ChannelVars.QUEUE_PRIO);
        c.same("Set(QUEUE_PRIO=${IF($[${LEN(" + prio + ")} > 0]?" + prio + ":0)})");
        c.same("GotoIf($[${LEN(" + ref(CONSENT) + ")} = 0]?" + Contexts.INBOUND_ENQUEUE + ")");
        c.same("Playback(" + ref(CONSENT) + ")");
        c.same("UserEvent(" + UserEvents.CONSENT + ",Prompt: " + ref(CONSENT) + "," + UserEvents.STATUS + ": ${PLAYBACKSTATUS})");
        // overflow.yaml start-proficiency: the engine puts the desk's max penalty into AstDB; widen steps lower members' penalties
        c.same(Contexts.INBOUND_ENQUEUE, "GotoIf($[${DB_EXISTS(" + Queues.MAX_PENALTY_FAMILY + "/" + ref(QUEUE) + ")} = 0]?queue-now)");
        c.same("Set(QUEUE_MAX_PENALTY=${DB_RESULT})");
        c.same("queue-now", "Queue(" + ref(QUEUE) + "," + QUEUE_OPTIONS + ",,," + ref(QUEUE_TIMEOUT) + ",,"
                + Contexts.AGENT_ANSWER + ")");
        c.same("GotoIf($[\"${QUEUESTATUS}\" = \"UNKNOWN\"]?fallback)");
        c.same("Hangup()");
        c.same(ChannelVars.ACTION_VOICEMAIL, "Playback(" + ref(PROMPT) + ")");
        c.same("VoiceMail(" + ref(ChannelVars.MAILBOX) + ",s)");
        c.same("Hangup()");
        c.same(ChannelVars.ACTION_CLOSED, "Playback(" + ref(PROMPT) + ")");
        c.same("Hangup()");
        c.same(ChannelVars.ACTION_HANGUP, "Hangup()");
    }

    private static void agentGosubs(Conf c) {
        c.comment("Queue pre-dial gosub (Queue option b), run on each agent channel before it is called: headers set");
        c.comment("on the caller's channel do not reach the agent leg. Variables come from the caller (__CC_*, inherited).");
        c.section(Contexts.AGENT_PREDIAL);
        c.exten("s", "NoOp(ASCC agent pre-dial ${CHANNEL})");
        for (SipHeaders.AgentHeader h : SipHeaders.AGENT_HEADERS) {
            String done = h.variable().toLowerCase(Locale.ROOT).replace('_', '-') + "-done";
            c.same("GotoIf($[${LEN(" + ref(h.variable()) + ")} = 0]?" + done + ")");
            c.same("Set(PJSIP_HEADER(add," + h.header() + ")=" + ref(h.variable()) + ")");
            c.label(done);
        }
        c.same("Return()");

        c.comment("Queue gosub (7th argument of Queue), run on the agent channel once the agent answered, before the bridge.");
        c.comment("A recorded call has " + RECORD_FILE + " (inherited from the caller): MixMonitor with option b writes both");
        c.comment("directions while the channels are bridged, so the file is the talk time. Asterisk creates the directories.");
        c.section(Contexts.AGENT_ANSWER);
        c.exten("s", "NoOp(ASCC agent answered ${CHANNEL})");
        c.same("GotoIf($[${LEN(" + ref(RECORD_FILE) + ")} = 0]?done)");
        c.same("MixMonitor(" + ref(RECORD_FILE) + ",b)");
        c.same("UserEvent(" + UserEvents.RECORDING + ",File: " + ref(RECORD_FILE) + ")");
        c.same("done", "Return()");
    }

    /**
     * Overflow and callback contexts. The engine redirects a waiting caller (AMI Setvar + Redirect) to one of the
     * {@code ascc-overflow-*} contexts; a callback's place holder is an originated Local channel whose one side waits in
     * the queue at the caller's place ({@code ascc-callback-wait}) and whose other side, once an agent answered, calls
     * the customer ({@code ascc-callback-dial}).
     */
    private static void overflowContexts(Conf c) {
        String queueArgs = "," + QUEUE_OPTIONS + ",,,";
        String offer = "UserEvent(" + UserEvents.CALLBACK_OFFER + "," + UserEvents.CALLER + ": ${UNIQUEID}," + UserEvents.ANSWER + ": ";
        c.comment("Overflow: callback offer. " + ChannelVars.OVF_KEY + " accepts: the engine keeps the caller's place and calls"
                + " back once an");
        c.comment("agent is free; any other answer puts the caller back in the queue at their place (" + OVF_POS + ").");
        c.section(Contexts.OVERFLOW_CALLBACK);
        c.exten("s", "NoOp(ASCC overflow: callback offer in " + ref(QUEUE) + " at position " + ref(OVF_POS) + ")");
        c.same("Set(" + OVF_ANSWER + "=)");
        // Playback, then Read after a beep: a missing offer prompt must not turn every offer into a decline
        c.same("Playback(" + ref(ChannelVars.OVF_PROMPT) + ")");
        c.same("Read(" + OVF_ANSWER + ",beep,1,,2,5)");
        c.same("GotoIf($[\"" + ref(OVF_ANSWER) + "\" = \"" + ref(ChannelVars.OVF_KEY) + "\"]?accept)");
        c.same(offer + UserEvents.ANSWER_DECLINED + ")");
        c.same("Queue(" + ref(QUEUE) + queueArgs + ref(QUEUE_TIMEOUT) + ",," + Contexts.AGENT_ANSWER + ",," + ref(OVF_POS) + ")");
        c.same("Hangup()");
        c.same("accept", offer + UserEvents.ANSWER_ACCEPTED + ")");
        c.same("Playback(" + ref(ChannelVars.OVF_THANKS) + ")");
        c.same("Wait(30)");
        c.same("Hangup()");

        c.comment("Overflow: to a partner center over the trunk (" + ChannelVars.OVF_DIAL + " from overflow.yaml trunk-dial).");
        c.section(Contexts.OVERFLOW_PARTNER);
        c.exten("s", "NoOp(ASCC overflow: to a partner center)");
        c.same("Dial(" + ref(ChannelVars.OVF_DIAL) + ",60)");
        c.same("Hangup()");

        c.comment("Overflow: a message in the company's box (" + ChannelVars.MAILBOX + " = company code@" + Contexts.VOICEMAIL + ").");
        c.section(Contexts.OVERFLOW_VOICEMAIL);
        c.exten("s", "NoOp(ASCC overflow: voicemail " + ref(ChannelVars.MAILBOX) + ")");
        c.same("VoiceMail(" + ref(ChannelVars.MAILBOX) + ",u)");
        c.same("Hangup()");

        String cbQueue = ref(ChannelVars.CB_QUEUE);
        String cbPos = ref(ChannelVars.CB_POS);
        c.comment("Callback place holder (exten = callback id): waits in " + ChannelVars.CB_QUEUE + " at " + ChannelVars.CB_POS
                + ", at most " + ChannelVars.CB_MAXWAIT + " seconds.");
        c.section(Contexts.CALLBACK_WAIT);
        // the id may carry its box's systemname (a-1765.12) when several boxes run
        c.exten("_[0-9A-Za-z].", "NoOp(ASCC callback place holder ${EXTEN} in " + cbQueue + " at position " + cbPos + ")");
        String cbPrio = ref(ChannelVars.CB_PRIO);
        c.same("Set(QUEUE_PRIO=${IF($[${LEN(" + cbPrio + ")} > 0]?" + cbPrio + ":0)})");
        c.same("Queue(" + cbQueue + queueArgs + ref(ChannelVars.CB_MAXWAIT) + ",," + Contexts.AGENT_ANSWER + ",," + cbPos + ")");
        c.same("Hangup()");

        String cbId = ref(ChannelVars.CB_ID);
        String progress = "UserEvent(" + UserEvents.CALLBACK + "," + UserEvents.ID + ": " + cbId + "," + UserEvents.STATUS + ": ";
        c.comment("Callback: an agent took the place holder; now the customer is called (" + ChannelVars.CB_DIAL + ", "
                + ChannelVars.CB_RING + " seconds).");
        c.comment("The h extension reports Dial's outcome (ANSWER, NOANSWER, BUSY, CANCEL...) for the retry rules.");
        c.section(Contexts.CALLBACK_DIAL);
        c.exten("s", "NoOp(ASCC callback " + cbId + ": agent connected, calling the customer)");
        c.same(progress + UserEvents.STATUS_AGENT + ")");
        c.same("Dial(" + ref(ChannelVars.CB_DIAL) + "," + ref(ChannelVars.CB_RING) + ")");
        c.same("Hangup()");
        c.exten("h", progress + "${IF($[${LEN(${DIALSTATUS})} = 0]?CANCEL:${DIALSTATUS})})");
    }

    /**
     * Waiting callers. Every desk queue has {@code context=} {@link Contexts#WAIT_KEYS}: the callback key leaves the queue
     * to the engine's {@link AgiScripts#WAIT_CALLBACK} script, which books the callback (journaled) before the caller hears
     * it is booked; otherwise (engine down, key switched off) the caller goes back to their place ({@code QUEUEPOSITION}).
     * Wait announcements: the engine originates {@code Local/<caller id>@ascc-wait-say}; that leg plays the sounds and its
     * other leg runs ChanSpy on the caller's channel in whisper mode, so the caller hears them over the music and stays in
     * the queue (their place, their key).
     */
    private static void waitContexts(Conf c, List<String> agi, String key) {
        c.comment("Waiting: the callback key (" + Queues.WAIT_CALLBACK_KEY + ") pressed in a desk queue (queues.conf context=).");
        c.section(Contexts.WAIT_KEYS);
        c.exten(Queues.WAIT_CALLBACK_KEY, "NoOp(ASCC wait: callback key in " + ref(QUEUE) + " at position ${QUEUEPOSITION})");
        c.same("Set(" + ACTION + "=)");
        agiCall(c, agi, AgiScripts.WAIT_CALLBACK, key);
        c.same("GotoIf($[\"" + ref(ACTION) + "\" = \"" + ChannelVars.ACTION_BOOKED + "\"]?" + Contexts.WAIT_KEYS_BOOKED + ")");
        c.same("Queue(" + ref(QUEUE) + "," + QUEUE_OPTIONS + ",,," + ref(QUEUE_TIMEOUT) + ",," + Contexts.AGENT_ANSWER
                + ",,${QUEUEPOSITION})");
        c.same("Hangup()");
        c.same(Contexts.WAIT_KEYS_BOOKED, "Playback(" + ref(PROMPT) + ")");
        c.same("Hangup()");

        String files = ref(ChannelVars.WAIT_FILES);
        c.comment("Waiting: a position announcement, whispered to the waiting caller " + ChannelVars.WAIT_FOR + " by the other leg.");
        c.section(Contexts.WAIT_SAY);
        c.exten("_X.", "NoOp(ASCC wait announcement for " + ref(ChannelVars.WAIT_FOR) + ")");
        c.same("Set(CDR_PROP(disable)=1)");
        c.same("Answer()");
        c.same("Wait(0.5)");
        c.same("Playback(" + files + ")");
        c.same("UserEvent(" + UserEvents.WAIT_ANNOUNCE + "," + UserEvents.CALLER + ": " + ref(ChannelVars.WAIT_FOR) + ","
                + UserEvents.FILES + ": " + files + "," + UserEvents.STATUS + ": ${PLAYBACKSTATUS})");
        c.same("Hangup()");
    }
}
