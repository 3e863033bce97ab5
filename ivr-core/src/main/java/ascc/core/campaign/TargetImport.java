package ascc.core.campaign;

import java.sql.SQLException;
import java.time.Clock;
import javax.sql.DataSource;

/**
 * One target file's import into one campaign: a {@link ResumableImport} under (company, campaign) whose batches are
 * {@link CampaignStore#writeTargets}. Importing the same file again after a stop resumes after the last committed line.
 */
public final class TargetImport extends ResumableImport<TargetCsv.Target> {
    private TargetImport(Opened o, Clock clock, String company, String campaign, String sha, int batchSize) {
        super(o, clock, company, campaign, sha, batchSize, (c, batch, now) -> CampaignStore.writeTargets(c, company, campaign, batch, now),
                TargetCsv.Target::line, "targets into campaign " + company + "/" + campaign);
    }

    static TargetImport open(DataSource ds, Clock clock, String company, String campaign, String sha, int batchSize)
            throws SQLException {
        return new TargetImport(opened(ds, company, campaign, sha), clock, company, campaign, sha, batchSize);
    }
}
