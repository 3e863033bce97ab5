package ascc.core.billing;

import java.time.Instant;
import java.time.YearMonth;

/**
 * The program's totals for a closed month.
 *
 * @param ledger the books
 * @param month the month
 * @param closedAt when it was closed
 * @param companies statements written
 * @param offered calls offered to the billed companies
 * @param answered calls answered
 * @param unattributed calls without a company (hung up before the company was known); not billed
 * @param laborBasis sum of the labor bases
 * @param subsidyTotal sum of the government shares
 * @param companyTotal sum of the company shares
 * @param adjustments sum of the adjustments
 * @param totalDue sum of the companies' totals due
 */
public record ProgramSummary(String ledger, YearMonth month, Instant closedAt, int companies, long offered, long answered,
        long unattributed, long laborBasis, long subsidyTotal, long companyTotal, long adjustments, long totalDue) {
}
