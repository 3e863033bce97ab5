package ascc.routing.campaign;

/** The final outcome of one target of a campaign (the list); nothing more is dialed once a target has one. */
public enum TargetOutcome {
    COMPLETED("completed"),
    PARTIAL("partial"),
    REFUSED("refused"),
    NO_ANSWER("no-answer"),
    BUSY("busy"),
    FAILED("failed"),
    INVALID_NUMBER("invalid-number");

    private final String id;

    TargetOutcome(String id) {
        this.id = id;
    }

    /** The value stored in {@code campaign_target.status}. */
    public String id() {
        return id;
    }
}
