package ascc.routing.asterisk;

/** AMI {@code UserEvent}s the rendered dialplan raises (the event's {@code UserEvent} header), with their fields. */
public final class UserEvents {
    /** The AMI event name of every user event; the user event's own name is in the header of the same name. */
    public static final String AMI_EVENT = "UserEvent";

    /** The callback offer's answer: fields {@link #CALLER} (the caller's unique id) and {@link #ANSWER}. */
    public static final String CALLBACK_OFFER = "ASCCCallbackOffer";
    public static final String CALLER = "Caller";
    public static final String ANSWER = "Answer";
    public static final String ANSWER_ACCEPTED = "accepted";
    public static final String ANSWER_DECLINED = "declined";

    /** A callback's progress: fields {@link #ID} (callback id) and {@link #STATUS}: {@link #STATUS_AGENT}, then Dial's DIALSTATUS. */
    public static final String CALLBACK = "ASCCCallback";
    public static final String ID = "Id";
    public static final String STATUS = "Status";
    public static final String STATUS_AGENT = "AGENT";

    /** A recorded call's MixMonitor started: field {@code File}. */
    public static final String RECORDING = "ASCCRecording";
    /** The consent announcement was played: fields {@code Prompt}, {@link #STATUS} (PLAYBACKSTATUS). */
    public static final String CONSENT = "ASCCConsent";

    /**
     * A wait announcement was played: fields {@link #CALLER} (the waiting caller's unique id), {@link #FILES} and
     * {@link #STATUS} (PLAYBACKSTATUS).
     */
    public static final String WAIT_ANNOUNCE = "ASCCWaitAnnounce";
    public static final String FILES = "Files";

    private UserEvents() {
    }
}
