package ascc.routing.billing;

/**
 * The surety deposit (guide: a bond or cash worth 4 months of the estimated monthly fee, at least 3,000,000 KRW).
 *
 * @param averageAnswered estimated monthly answered calls (average of the last 12 months, rounded half up)
 * @param monthsOfUsage how many months the average is over (0: no usage yet, the first band is assumed)
 * @param estimate the monthly fee at that usage (company share + base fee; surveys are not estimated)
 * @param months months of fee the deposit covers
 * @param amount the deposit: max(months x monthly estimate, minimum)
 * @param minimumApplied true when the minimum decided the amount
 */
public record Deposit(long averageAnswered, int monthsOfUsage, MonthlyFee estimate, int months, long amount, boolean minimumApplied) {

    /**
     * The deposit for a company that answered {@code answeredTotal} calls over {@code monthsOfUsage} months.
     *
     * @throws MonthlyFee.NoTierException when the average is above a closed last band
     */
    public static Deposit of(BillingRules rules, long answeredTotal, int monthsOfUsage) throws MonthlyFee.NoTierException {
        if (answeredTotal < 0 || monthsOfUsage < 0) {
            throw new IllegalArgumentException("usage must not be negative (answeredTotal=" + answeredTotal
                    + ", months=" + monthsOfUsage + ")");
        }
        long average = monthsOfUsage == 0 ? 0 : Money.productHalfUp(monthsOfUsage, answeredTotal);
        MonthlyFee fee = MonthlyFee.of(rules, new Usage(0, average, 0, 0, 0, 0, 0, 0, 0, 0));
        long monthly = fee.companyShare() + fee.baseFee();
        long byFee = Math.multiplyExact(monthly, (long) rules.depositMonths());
        long amount = Math.max(byFee, rules.depositMinimum());
        return new Deposit(average, monthsOfUsage, fee, rules.depositMonths(), amount, byFee < rules.depositMinimum());
    }
}
