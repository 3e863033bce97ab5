package ascc.routing.billing;

import java.util.Objects;

/**
 * One company's fee for one month of usage. All amounts whole KRW, each rounded once by {@link Money}'s rule.
 *
 * @param tier the band of the month's answered calls
 * @param laborBasis tier FTE x yearly agent labor cost / 12
 * @param governmentShare labor basis - company share (the subsidy)
 * @param companyShare company share (basis points) of the labor basis: the service fee the company pays
 * @param baseFee one twelfth of the yearly base fee
 * @param surveyFree completed survey responses covered by the allowance
 * @param surveyBilled completed survey responses billed
 * @param surveyCharge surveyBilled x unit price
 */
public record MonthlyFee(Tier tier, long laborBasis, long governmentShare, long companyShare, long baseFee, long surveyFree,
        long surveyBilled, long surveyCharge) {

    public MonthlyFee {
        Objects.requireNonNull(tier, "tier");
    }

    /** What the company owes for the month: company share + base fee + survey charge. */
    public long totalDue() {
        return companyShare + baseFee + surveyCharge;
    }

    /** The usage-dependent part (company share + survey charge): what a late-usage adjustment recomputes. */
    public long usageCharge() {
        return companyShare + surveyCharge;
    }

    /**
     * The fee for {@code usage} under {@code rules}.
     *
     * <p>Allowance rule (guide: "a company whose base usage is under 200 calls a month may spend the rest of its
     * allowance on survey calls"): with {@code answered < allowance}, the first {@code allowance - answered} completed
     * survey responses are free; every further completed response, and every one of a company at or above the
     * allowance, costs the unit price. Attempted but not completed survey calls are never billed; happy calls are free.
     *
     * @throws NoTierException when the answered calls are above a closed last band
     */
    public static MonthlyFee of(BillingRules rules, Usage usage) throws NoTierException {
        Tier tier = rules.tierFor(Math.max(0, usage.answered()))
                .orElseThrow(() -> new NoTierException(usage.answered(), rules.tiers().get(rules.tiers().size() - 1)));
        long laborBasis = Money.productHalfUp(1000L * 12, tier.fteMilli(), rules.laborCostPerYear());
        long companyShare = Money.productHalfUp(1000L * 12 * BillingRules.FULL_BP, tier.fteMilli(), rules.laborCostPerYear(),
                rules.companyShareBp());
        long completed = Math.max(0, usage.surveyCompleted());
        long allowanceLeft = Math.max(0, rules.surveyAllowanceCalls() - Math.max(0, usage.answered()));
        long free = Math.min(completed, allowanceLeft);
        long billed = completed - free;
        return new MonthlyFee(tier, laborBasis, laborBasis - companyShare, companyShare, rules.monthlyBaseFee(), free, billed,
                Math.multiplyExact(billed, rules.surveyPrice()));
    }

    /** Answered calls above the last, closed band: no tier fits. */
    public static final class NoTierException extends Exception {
        private static final long serialVersionUID = 1L;
        private final long answered;

        public NoTierException(long answered, Tier last) {
            super(answered + " answered calls are above the last band (" + last.name() + " " + last.band()
                    + "); extend the tiers in billing.yaml");
            this.answered = answered;
        }

        public long answered() {
            return answered;
        }
    }
}
