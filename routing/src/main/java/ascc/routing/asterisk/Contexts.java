package ascc.routing.asterisk;

/** Dialplan context names of the rendered {@code extensions.conf} (and the voicemail context of {@code voicemail.conf}). */
public final class Contexts {
    /** Every customer call: runs the {@link AgiScripts#INBOUND} script, then acts on {@link ChannelVars#ACTION}. */
    public static final String INBOUND = "ascc-inbound";
    /**
     * Label in {@link #INBOUND} where the caller joins {@link ChannelVars#QUEUE}: a supervisor's move to another desk
     * redirects the waiting caller here (same exten) with the new desk's queue.
     */
    public static final String INBOUND_ENQUEUE = "enqueue";
    /** Calls from agents' phones: feature codes ({@link FeatureCodes}) go to the {@link AgiScripts#AGENT_FEATURE} script. */
    public static final String AGENTS = "ascc-agents";
    /** Queue's pre-dial gosub on each agent channel: turns the inherited {@code __CC_*} variables into {@link SipHeaders}. */
    public static final String AGENT_PREDIAL = "ascc-agent-predial";
    /** Queue's gosub argument: runs on the agent channel once the agent answered, before the bridge (starts recording). */
    public static final String AGENT_ANSWER = "ascc-agent-answer";
    /** Overflow: a waiting caller redirected here is offered a callback that keeps their place. */
    public static final String OVERFLOW_CALLBACK = "ascc-overflow-callback";
    /** Overflow: a waiting caller redirected here is sent to a partner center ({@link ChannelVars#OVF_DIAL}). */
    public static final String OVERFLOW_PARTNER = "ascc-overflow-partner";
    /** Overflow: a waiting caller redirected here leaves a message in the company box ({@link ChannelVars#MAILBOX}). */
    public static final String OVERFLOW_VOICEMAIL = "ascc-overflow-voicemail";
    /** Callbacks: the place holder (Local channel, exten = callback id) waits in the queue at the caller's place. */
    public static final String CALLBACK_WAIT = "ascc-callback-wait";
    /** Callbacks: once an agent took the place holder, the customer is called ({@link ChannelVars#CB_DIAL}). */
    public static final String CALLBACK_DIAL = "ascc-callback-dial";
    /**
     * Waiting: every desk queue's {@code context=} (queues.conf). A caller who presses {@link Queues#WAIT_CALLBACK_KEY} while
     * waiting leaves the queue to here; the {@link AgiScripts#WAIT_CALLBACK} script books a callback keeping their place,
     * or puts them back at their place ({@code QUEUEPOSITION}).
     */
    public static final String WAIT_KEYS = "ascc-wait-keys";
    /**
     * Label in {@link #WAIT_KEYS} (exten {@link Queues#WAIT_CALLBACK_KEY}): plays {@link ChannelVars#PROMPT} (the callback is
     * booked) and hangs up; a supervisor taking a waiting caller's callback redirects the caller here.
     */
    public static final String WAIT_KEYS_BOOKED = ChannelVars.ACTION_BOOKED;
    /**
     * Waiting: the announcement leg of an engine-originated Local channel (exten = the caller's unique id) plays
     * {@link ChannelVars#WAIT_FILES}; its other leg whispers it to the waiting caller (ChanSpy option w), who stays in the queue.
     */
    public static final String WAIT_SAY = "ascc-wait-say";
    /** Context of the {@link Endpoints#OUTBOUND} endpoint: nothing comes in over it (a call that would is hung up). */
    public static final String OUTBOUND = "ascc-outbound";
    /** Voicemail context of the company boxes ({@code voicemail.conf}); a box is the company's code. */
    public static final String VOICEMAIL = "ascc";

    private Contexts() {
    }

    /** The mailbox of a company: {@code <company code>@ascc}, as {@code VoiceMail()} takes it. */
    public static String mailbox(String companyCode) {
        return companyCode + "@" + VOICEMAIL;
    }
}
