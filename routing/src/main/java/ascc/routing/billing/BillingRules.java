package ascc.routing.billing;

import java.util.List;
import java.util.Optional;

/**
 * The program's billing rules, as read from {@code conf/billing.yaml} by ivr-core ({@code ascc.core.config.yaml.BillingConfigLoader}).
 *
 * @param laborCostPerYear yearly labor cost of one agent, KRW (guide: 27,000,000)
 * @param companyShareBp the company's share of the labor basis in basis points (30% = 3000); the government pays the rest
 * @param baseFeePerYear yearly base fee (system account, training), billed as one twelfth per month (guide: 600,000)
 * @param surveyPrice price per completed survey response, KRW
 * @param surveyAllowanceCalls companies that answered fewer calls than this in a month get the rest as free survey
 *     completions (guide: 200)
 * @param depositMonths months of the estimated monthly fee the deposit covers (guide: 4)
 * @param depositMinimum smallest deposit, KRW (guide: 3,000,000)
 * @param lateUsageMonths how many closed months back a close looks for late usage to bill as adjustments
 * @param tiers usage bands, sorted, contiguous from 0 (checked)
 */
public record BillingRules(long laborCostPerYear, int companyShareBp, long baseFeePerYear, long surveyPrice,
        long surveyAllowanceCalls, int depositMonths, long depositMinimum, int lateUsageMonths, List<Tier> tiers) {

    /** Basis points in 100%. */
    public static final int FULL_BP = 10_000;

    public BillingRules {
        tiers = List.copyOf(tiers);
        if (laborCostPerYear < 0 || baseFeePerYear < 0 || surveyPrice < 0 || surveyAllowanceCalls < 0 || depositMinimum < 0) {
            throw new IllegalArgumentException("billing amounts must not be negative");
        }
        if (companyShareBp < 0 || companyShareBp > FULL_BP) {
            throw new IllegalArgumentException("company share must be 0..10000 basis points (companyShareBp=" + companyShareBp + ")");
        }
        if (depositMonths < 0 || lateUsageMonths < 0) {
            throw new IllegalArgumentException("depositMonths and lateUsageMonths must not be negative");
        }
        if (tiers.isEmpty()) {
            throw new IllegalArgumentException("at least one tier is needed");
        }
        long next = 0;
        for (Tier t : tiers) {
            if (t.fromAnswered() != next) {
                throw new IllegalArgumentException("tier " + t.name() + " starts at " + t.fromAnswered() + " but must start at " + next
                        + " (bands must be contiguous from 0, without gaps or overlaps)");
            }
            if (t.openEnded() && t != tiers.get(tiers.size() - 1)) {
                throw new IllegalArgumentException("only the last tier may be open-ended (tier " + t.name() + ")");
            }
            next = t.openEnded() ? Long.MAX_VALUE : t.toAnswered() + 1;
        }
    }

    /** The band that holds {@code answered}; empty above a closed last band (such a company has no tier). */
    public Optional<Tier> tierFor(long answered) {
        if (answered < 0) {
            throw new IllegalArgumentException("answered calls must not be negative (answered=" + answered + ")");
        }
        for (Tier t : tiers) {
            if (t.contains(answered)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }

    /** The monthly base fee: one twelfth of the yearly fee, rounded half up. */
    public long monthlyBaseFee() {
        return Money.productHalfUp(12, baseFeePerYear);
    }
}
