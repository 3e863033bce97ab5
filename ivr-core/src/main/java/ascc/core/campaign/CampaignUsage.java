package ascc.core.campaign;

import ascc.core.billing.SurveyUsage;
import ascc.core.billing.SurveyUsageSource;
import ascc.core.happycall.HappyCallStore;
import ascc.routing.campaign.Campaign;
import ascc.routing.campaign.CampaignKind;
import ascc.routing.campaign.CampaignsConfig;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Billing's view of campaign calls: per company, attempts that STARTED in the month (each counted once, in that month),
 * split by the campaign's kind; completed survey responses are the attempts marked billable. Happy-calls (free) are
 * counted from {@code happy_call} by the time they were handed to the dialer.
 */
public final class CampaignUsage implements SurveyUsageSource {
    private final Supplier<CampaignsConfig> campaigns;

    public CampaignUsage(Supplier<CampaignsConfig> campaigns) {
        this.campaigns = Objects.requireNonNull(campaigns, "campaigns");
    }

    @Override
    public Map<String, SurveyUsage> usage(Connection c, Instant from, Instant to) throws SQLException {
        Map<String, long[]> sums = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT company_id, campaign_id, COUNT(*), SUM(CASE WHEN billable THEN 1 ELSE 0 END) FROM campaign_attempt
                WHERE started_at >= ? AND started_at < ? GROUP BY company_id, campaign_id""")) {
            ps.setTimestamp(1, CampaignStore.ts(from));
            ps.setTimestamp(2, CampaignStore.ts(to));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String company = rs.getString(1);
                    CampaignKind kind = campaigns.get().find(company, rs.getString(2)).map(Campaign::kind).orElse(CampaignKind.SURVEY);
                    long[] s = sums.computeIfAbsent(company, k -> new long[3]);
                    if (kind == CampaignKind.HAPPY_CALL) {
                        s[0] += rs.getLong(3);
                    } else {
                        s[1] += rs.getLong(3);
                        s[2] += rs.getLong(4);
                    }
                }
            }
        }
        // happy-calls are dialed from their own table (never a campaign attempt): each counted in the month it was dialed
        HappyCallStore.dialedPerCompany(c, from, to).forEach((company, n) -> sums.computeIfAbsent(company, k -> new long[3])[0] += n);
        Map<String, SurveyUsage> out = new HashMap<>();
        sums.forEach((k, s) -> out.put(k, new SurveyUsage(s[0], s[1], s[2])));
        return out;
    }
}
