package ascc.routing.asterisk;

/** Asterisk queue names ({@code queues.conf}) and the AstDB family the inbound dialplan reads before {@code Queue()}. */
public final class Queues {
    /** Prefix of a desk's queue: desk {@code appliances} is queue {@code desk-appliances}. */
    public static final String DESK_PREFIX = "desk-";
    /** The static queue with every agent, used when the engine does not route a call (down, no answer, bad answer). */
    public static final String FALLBACK = "ascc-fallback";
    /** AstDB family of desks' max queue penalties (overflow.yaml start-proficiency), key = queue name. */
    public static final String MAX_PENALTY_FAMILY = "ascc-maxpen";

    private Queues() {
    }

    /** The queue of desk {@code deskId}. */
    public static String ofDesk(String deskId) {
        return DESK_PREFIX + deskId;
    }
}
