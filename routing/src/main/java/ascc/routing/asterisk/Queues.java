package ascc.routing.asterisk;

/** Asterisk queue names ({@code queues.conf}) and the AstDB family the inbound dialplan reads before {@code Queue()}. */
public final class Queues {
    /** Prefix of a desk's queue: desk {@code appliances} is queue {@code desk-appliances}. */
    public static final String DESK_PREFIX = "desk-";
    /** The static queue with every agent, used when the engine does not route a call (down, no answer, bad answer). */
    public static final String FALLBACK = "ascc-fallback";
    /** AstDB family of desks' max queue penalties (overflow.yaml start-proficiency), key = queue name. */
    public static final String MAX_PENALTY_FAMILY = "ascc-maxpen";
    /** Asterisk's channel variable {@code Queue()} reads the highest member penalty it rings from (set from that family). */
    public static final String MAX_PENALTY_VARIABLE = "QUEUE_MAX_PENALTY";

    /** The key a waiting caller presses for a callback that keeps their place (exten of {@link Contexts#WAIT_KEYS}). */
    public static final String WAIT_CALLBACK_KEY = "1";
    /** ChanSpy's options of a wait announcement: quiet (no beep, no name), whisper to the spied caller, exit when they hang up. */
    public static final String WHISPER_OPTIONS = "qwE";

    private Queues() {
    }

    /** The queue of desk {@code deskId}. */
    public static String ofDesk(String deskId) {
        return DESK_PREFIX + deskId;
    }
}
