package ascc.routing.asterisk;

/**
 * Channel variables the engine and the rendered dialplan exchange. A name set with {@link #inherited} (double
 * underscore) is inherited by every channel the caller's channel creates, e.g. the agent leg of {@code Queue()}.
 */
public final class ChannelVars {
    // ---- inbound flow -> dialplan (context ascc-inbound)

    /** What the dialplan does after the inbound script: one of the {@code ACTION_*} values; anything else is the fallback. */
    public static final String ACTION = "CC_ACTION";
    public static final String ACTION_QUEUE = "queue";
    public static final String ACTION_CLOSED = "closed";
    public static final String ACTION_VOICEMAIL = "voicemail";
    public static final String ACTION_HANGUP = "hangup";
    public static final String ACTION_FALLBACK = "fallback";
    /** Why the engine answered {@link #ACTION_FALLBACK} (bad input, shutdown...). */
    public static final String FALLBACK_REASON = "CC_FALLBACK_REASON";
    /** Set ({@code 1}, inherited) by the dialplan's fallback path; sent to the agent as a header. */
    public static final String FALLBACK = "CC_FALLBACK";
    /** Queue of {@link #ACTION_QUEUE}. */
    public static final String QUEUE = "CC_QUEUE";
    /** Seconds the caller waits in {@link #QUEUE} at most (empty: no limit). */
    public static final String QUEUE_TIMEOUT = "CC_QUEUE_TIMEOUT";
    /** The caller's queue priority (VIP, repeat caller). */
    public static final String QUEUE_PRIO = "CC_QUEUE_PRIO";
    /** Recording consent announcement played before queueing. */
    public static final String CONSENT = "CC_CONSENT";
    /** Prompt of {@link #ACTION_CLOSED} and {@link #ACTION_VOICEMAIL}. */
    public static final String PROMPT = "CC_PROMPT";
    /** Mailbox ({@link Contexts#mailbox}) of {@link #ACTION_VOICEMAIL} and of the overflow voicemail context. */
    public static final String MAILBOX = "CC_MAILBOX";
    /** Menu answer read by the inbound flow's {@code Read}. */
    public static final String MENU = "CC_MENU";

    // ---- call data, inherited by the agent leg (see SipHeaders)

    public static final String COMPANY = "CC_COMPANY";
    public static final String CATEGORY = "CC_CATEGORY";
    public static final String INQUIRY = "CC_INQUIRY";
    public static final String CALLER_MASKED = "CC_CALLER_MASKED";
    public static final String DESK = "CC_DESK";
    /** Asterisk's file of a recorded call; the answer gosub starts MixMonitor on it. */
    public static final String RECORD_FILE = "CC_RECORD_FILE";

    // ---- outbound (Originate variables)

    /** The campaign attempt id of an outbound survey call. */
    public static final String ATTEMPT = "CC_ATTEMPT";
    /** The campaign of an outbound call. */
    public static final String CAMPAIGN = "CC_CAMPAIGN";
    /** The happy-call id when it is not the first AGI argument. */
    public static final String HAPPY_CALL = "ASCC_HAPPY_CALL";

    // ---- overflow (AMI Setvar before a Redirect into an ascc-overflow-* context)

    /** The caller's queue position, kept when a declined offer puts them back. */
    public static final String OVF_POS = "CC_OVF_POS";
    /** The key that accepts the callback offer. */
    public static final String OVF_KEY = "CC_OVF_KEY";
    public static final String OVF_PROMPT = "CC_OVF_PROMPT";
    public static final String OVF_THANKS = "CC_OVF_THANKS";
    /** What the caller keyed at the offer (set by the dialplan). */
    public static final String OVF_ANSWER = "CC_OVF_ANSWER";
    /** Dial string to the partner center. */
    public static final String OVF_DIAL = "CC_OVF_DIAL";

    // ---- callbacks (Originate of the place holder, contexts ascc-callback-*)

    public static final String CB_ID = "CB_ID";
    public static final String CB_QUEUE = "CB_QUEUE";
    public static final String CB_POS = "CB_POS";
    public static final String CB_MAXWAIT = "CB_MAXWAIT";
    public static final String CB_DIAL = "CB_DIAL";
    public static final String CB_RING = "CB_RING";
    /** The place holder's queue priority (Queue's QUEUE_PRIO): web, SMS and e-mail callbacks have their own. */
    public static final String CB_PRIO = "CB_PRIO";

    // ---- waiting (the wait announcement's Originate, the callback key's script)

    /** The sounds of a wait announcement, {@code a&b&c} (one Playback argument). */
    public static final String WAIT_FILES = "CC_WAIT_FILES";
    /** The unique id of the waiting caller a wait announcement is for. */
    public static final String WAIT_FOR = "CC_WAIT_FOR";
    /** {@link #ACTION} after the callback key: the callback is booked (journaled), play {@link #PROMPT} and hang up. */
    public static final String ACTION_BOOKED = "booked";

    private ChannelVars() {
    }

    /** {@code __NAME}: set this way, the variable is inherited by every channel the channel creates, and theirs. */
    public static String inherited(String name) {
        return "__" + name;
    }

    /** {@code NAME=value}, the form of an AMI Originate {@code Variable} header. */
    public static String assign(String name, Object value) {
        return name + "=" + value;
    }

    /** {@code ${NAME}}, the dialplan's read of a variable. */
    public static String ref(String name) {
        return "${" + name + "}";
    }
}
