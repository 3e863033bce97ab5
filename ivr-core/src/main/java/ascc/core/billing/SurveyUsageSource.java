package ascc.core.billing;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Map;

/**
 * Where the monthly close gets happy-call and survey counts. The outbound campaign feature implements this from its own
 * tables (counting each call once, in the month it started, like call records); until it exists, {@link #NONE} reports
 * nothing and the statements show those lines with zero counts. Never invent numbers here.
 */
@FunctionalInterface
public interface SurveyUsageSource {
    /** No campaign usage (the campaign tables do not exist yet). */
    SurveyUsageSource NONE = (c, from, to) -> Map.of();

    /**
     * Usage per company id of calls that started in {@code [from, to)}; companies without usage may be left out.
     * Runs in the close's transaction on {@code connection}; do not commit or close it.
     */
    Map<String, SurveyUsage> usage(Connection connection, Instant from, Instant to) throws SQLException;
}
