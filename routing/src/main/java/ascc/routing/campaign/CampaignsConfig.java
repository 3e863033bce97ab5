package ascc.routing.campaign;

import java.util.List;
import java.util.Optional;

/**
 * Everything in {@code campaigns.yaml}.
 *
 * @param trunkChannels most outbound campaign calls up at once over all campaigns (the trunk's channels kept for them)
 * @param campaigns every campaign, in file order
 * @param dialing how calls leave Asterisk (key {@code dial})
 */
public record CampaignsConfig(int trunkChannels, List<Campaign> campaigns, Dialing dialing) {
    /** No campaigns (a config directory without campaigns.yaml). */
    public static final CampaignsConfig NONE = new CampaignsConfig(1, List.of());

    /** With {@link Dialing#DEFAULT}. */
    public CampaignsConfig(int trunkChannels, List<Campaign> campaigns) {
        this(trunkChannels, campaigns, Dialing.DEFAULT);
    }

    public CampaignsConfig {
        java.util.Objects.requireNonNull(dialing, "dialing");
        if (trunkChannels < 1) {
            throw new IllegalArgumentException("trunkChannels must be >= 1 (trunkChannels=" + trunkChannels + ")");
        }
        campaigns = List.copyOf(campaigns);
    }

    /** The campaign {@code id} of {@code company}. */
    public Optional<Campaign> find(String company, String id) {
        return campaigns.stream().filter(c -> c.company().equals(company) && c.id().equals(id)).findFirst();
    }

    /** The campaigns of one company. */
    public List<Campaign> of(String company) {
        return campaigns.stream().filter(c -> c.company().equals(company)).toList();
    }
}
