package ascc.core.billing;

import java.time.Instant;
import java.time.YearMonth;
import java.util.List;

/**
 * A company's immutable monthly statement.
 *
 * @param ledger the books it belongs to ({@code main} for the program)
 * @param companyId company id
 * @param companyName company name at close
 * @param month billing month
 * @param tier tier of the month's answered calls
 * @param fteMilli the tier's agents in thousandths
 * @param laborBasis FTE x yearly labor cost / 12
 * @param governmentShare labor basis - company share
 * @param companyShare the company's share of the labor basis (the service fee)
 * @param baseFee the monthly base fee
 * @param surveyCharge completed survey responses billed
 * @param adjustments late usage of earlier closed months
 * @param totalDue company share + base fee + survey charge + adjustments
 * @param closedAt when the month was closed
 * @param lines all lines, in order
 */
public record Statement(String ledger, String companyId, String companyName, YearMonth month, String tier, int fteMilli,
        long laborBasis, long governmentShare, long companyShare, long baseFee, long surveyCharge, long adjustments,
        long totalDue, Instant closedAt, List<StatementLine> lines) {

    public Statement {
        lines = List.copyOf(lines);
    }

    /** The usage line with this description prefix's quantity (e.g. {@code "answered"}), 0 if none. */
    public long usage(String name) {
        return lines.stream().filter(l -> l.kind() == StatementLine.Kind.USAGE
                        && (l.description().equals(name) || l.description().startsWith(name + " ")))
                .mapToLong(StatementLine::quantity).findFirst().orElse(0);
    }

    public List<StatementLine> adjustmentLines() {
        return lines.stream().filter(l -> l.kind() == StatementLine.Kind.ADJUSTMENT).toList();
    }
}
