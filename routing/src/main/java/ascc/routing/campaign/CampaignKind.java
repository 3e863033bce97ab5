package ascc.routing.campaign;

/** What a campaign is for; decides billing (survey responses are billable, happy-calls are free). */
public enum CampaignKind {
    /** Paid survey of an imported target list, billed per completed response. */
    SURVEY("survey"),
    /** Free satisfaction call after a served inbound call. */
    HAPPY_CALL("happy-call");

    private final String id;

    CampaignKind(String id) {
        this.id = id;
    }

    /** The word used in {@code campaigns.yaml}. */
    public String id() {
        return id;
    }
}
