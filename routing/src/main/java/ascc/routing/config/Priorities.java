package ascc.routing.config;

/**
 * Center-wide queue priority rules from {@code engine.yaml} {@code center}: a higher priority is answered first (Asterisk
 * {@code QUEUE_PRIO}); 0 is normal.
 *
 * @param repeatCallerDays a caller who called within this many days is a repeat caller; 0 turns repeat callers off
 * @param repeatCallerPriority priority of a repeat caller
 * @param repeatFaultPriority priority of a repeat caller reporting a fault again (earlier call and this one both fault)
 * @param vipPriority priority of a company's VIP number ({@code companies.yaml vip})
 */
public record Priorities(int repeatCallerDays, int repeatCallerPriority, int repeatFaultPriority, int vipPriority) {
    /** Repeat callers off; VIPs 10, repeat faults 5, other repeat callers 1. */
    public static final Priorities DEFAULTS = new Priorities(0, 1, 5, 10);

    public Priorities {
        if (repeatCallerDays < 0 || repeatCallerPriority < 0 || repeatFaultPriority < 0 || vipPriority < 0) {
            throw new IllegalArgumentException("priorities must be >= 0 (repeatCallerDays=" + repeatCallerDays + ", repeatCallerPriority="
                    + repeatCallerPriority + ", repeatFaultPriority=" + repeatFaultPriority + ", vipPriority=" + vipPriority + ")");
        }
    }
}
