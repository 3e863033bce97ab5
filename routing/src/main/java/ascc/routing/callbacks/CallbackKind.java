package ascc.routing.callbacks;

/**
 * The three lifecycles that share {@code callback_request}. The table tells them apart by its {@code kind} column
 * ({@code AFTER_HOURS}, the default, or {@code OVERFLOW}) and by {@code reason} (set only on follow-ups, whose kind column
 * stays {@code AFTER_HOURS}).
 */
public enum CallbackKind {
    /** A caller asked to be called back after hours: {@link AfterHoursCallbackStatus}. */
    AFTER_HOURS,
    /** A waiting caller took an overflow step's offer to be called back, keeping the place: {@link OverflowCallbackStatus}. */
    OVERFLOW,
    /** A task opened by a low happy-call score: {@link FollowUpStatus}. */
    FOLLOW_UP;

    /** The value of the {@code kind} column (follow-ups are stored as {@code AFTER_HOURS}). */
    public String column() {
        return this == OVERFLOW ? OVERFLOW.name() : AFTER_HOURS.name();
    }

    /**
     * The kind of a stored row.
     *
     * @param column the {@code kind} column ({@code AFTER_HOURS} when null)
     * @param hasReason whether {@code reason} is set (follow-ups only)
     */
    public static CallbackKind of(String column, boolean hasReason) {
        if (OVERFLOW.name().equals(column)) {
            return OVERFLOW;
        }
        if (column != null && !AFTER_HOURS.name().equals(column)) {
            throw new IllegalArgumentException("unknown callback kind '" + column + "' (allowed: AFTER_HOURS, OVERFLOW)");
        }
        return hasReason ? FOLLOW_UP : AFTER_HOURS;
    }

    /** The status stored as {@code status} in this kind's lifecycle. */
    public CallbackStatus status(String stored) {
        try {
            return switch (this) {
                case AFTER_HOURS -> AfterHoursCallbackStatus.valueOf(stored);
                case OVERFLOW -> OverflowCallbackStatus.valueOf(stored);
                case FOLLOW_UP -> FollowUpStatus.valueOf(stored);
            };
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("status '" + stored + "' is not one of a " + this + " callback's", e);
        }
    }
}
