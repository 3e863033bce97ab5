package ascc.routing.billing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.List;
import org.junit.jupiter.api.Test;

class BillingMathTest {
    static final List<Tier> TIERS = List.of(
            new Tier("T1", 0, 199, 200),
            new Tier("T2", 200, 599, 500),
            new Tier("T3", 600, 1199, 900),
            new Tier("T4", 1200, 1799, 1300),
            new Tier("T5", 1800, 2599, 1700),
            new Tier("T6", 2600, 3999, 2500),
            new Tier("T7", 4000, Long.MAX_VALUE, 4000));
    static final BillingRules GUIDE = new BillingRules(27_000_000, 3000, 600_000, 3_000, 200, 4, 3_000_000, 3, TIERS);

    static Usage answered(long n) {
        return new Usage(n, n, 0, 0, 0, 0, 0, 0, 0, 0);
    }

    @Test
    void guidesWorkedExampleHundredCallsADayCostsTheCompany1197500AMonth() throws Exception {
        // 100 calls a day x 22 working days = 2,200 answered a month -> 1.7 agents
        MonthlyFee fee = MonthlyFee.of(GUIDE, answered(2_200));
        assertEquals("T5", fee.tier().name());
        assertEquals(1700, fee.tier().fteMilli());
        assertEquals(3_825_000, fee.laborBasis(), "1.7 x 27,000,000 / 12");
        assertEquals(1_147_500, fee.companyShare(), "30% x 27,000,000 x 1.7 / 12");
        assertEquals(2_677_500, fee.governmentShare(), "70% is the subsidy");
        assertEquals(50_000, fee.baseFee(), "600,000 / 12");
        assertEquals(0, fee.surveyCharge());
        assertEquals(1_197_500, fee.totalDue());
        // yearly: 14,370,000. The guide prints 14.1M (1.175M a month) because it takes 30% x 45.9M = 13.77M as 13.5M.
        assertEquals(14_370_000, 12 * fee.totalDue());
    }

    @Test
    void bandEdgesPickTheBandThatHoldsTheCount() throws Exception {
        assertEquals("T1", MonthlyFee.of(GUIDE, answered(0)).tier().name());
        assertEquals("T1", MonthlyFee.of(GUIDE, answered(199)).tier().name());
        assertEquals("T2", MonthlyFee.of(GUIDE, answered(200)).tier().name());
        assertEquals("T4", MonthlyFee.of(GUIDE, answered(1799)).tier().name());
        assertEquals("T5", MonthlyFee.of(GUIDE, answered(1800)).tier().name());
        assertEquals("T5", MonthlyFee.of(GUIDE, answered(2599)).tier().name());
        assertEquals("T6", MonthlyFee.of(GUIDE, answered(2600)).tier().name());
        assertEquals("T7", MonthlyFee.of(GUIDE, answered(1_000_000)).tier().name());
        // one call across an edge changes the fee by exactly the tiers' difference
        long below = MonthlyFee.of(GUIDE, answered(1799)).companyShare();
        long at = MonthlyFee.of(GUIDE, answered(1800)).companyShare();
        assertEquals(877_500, below, "30% x 27M x 1.3 / 12");
        assertEquals(1_147_500 - 877_500, at - below);
    }

    @Test
    void aboveAClosedLastBandThereIsNoTier() {
        BillingRules closed = new BillingRules(27_000_000, 3000, 600_000, 3_000, 200, 4, 3_000_000, 3,
                List.of(new Tier("T1", 0, 99, 100), new Tier("T2", 100, 500, 500)));
        MonthlyFee.NoTierException e = assertThrows(MonthlyFee.NoTierException.class, () -> MonthlyFee.of(closed, answered(501)));
        assertEquals(501, e.answered());
        assertTrue(e.getMessage().contains("T2 100..500"), e.getMessage());
    }

    @Test
    void halfUpRoundsPointFiveUpAndBelowDown() {
        assertEquals(3, Money.divideHalfUp(BigInteger.valueOf(5), 2));
        assertEquals(2, Money.divideHalfUp(BigInteger.valueOf(9), 4), "2.25");
        assertEquals(3, Money.divideHalfUp(BigInteger.valueOf(11), 4), "2.75");
        assertEquals(1, Money.divideHalfUp(BigInteger.valueOf(1), 2), "0.5");
        assertEquals(0, Money.divideHalfUp(BigInteger.valueOf(4999), 10_000));
        assertEquals(-2, Money.divideHalfUp(BigInteger.valueOf(-5), 2), "-2.5 rounds towards +infinity");
        assertEquals(-3, Money.divideHalfUp(BigInteger.valueOf(-11), 4), "-2.75");
        assertEquals(7, Money.divideHalfUp(BigInteger.valueOf(7), 1));
        assertThrows(IllegalArgumentException.class, () -> Money.divideHalfUp(BigInteger.ONE, 0));
        assertThrows(IllegalArgumentException.class, () -> Money.productHalfUp(1, Long.MAX_VALUE, 3));
    }

    @Test
    void oddAmountsRoundEachLineOnceAndTheSharesStillSumToTheLaborBasis() throws Exception {
        // 1 agent-thousandth x 1,000,001 KRW / 12 = 83.3334... ; 33.33% of it = 27.7750...
        BillingRules odd = new BillingRules(1_000_001, 3333, 100_006, 0, 0, 4, 0, 0, List.of(new Tier("X", 0, Long.MAX_VALUE, 1)));
        MonthlyFee fee = MonthlyFee.of(odd, answered(5));
        assertEquals(83, fee.laborBasis(), "83.33 -> 83");
        assertEquals(28, fee.companyShare(), "27.775 -> 28, from the exact inputs, not from the rounded basis (27.66 -> 28 too)");
        assertEquals(55, fee.governmentShare(), "basis - company share");
        assertEquals(fee.laborBasis(), fee.governmentShare() + fee.companyShare());
        assertEquals(8_334, fee.baseFee(), "100,006 / 12 = 8,333.83 -> 8,334");
        assertEquals(28 + 8_334, fee.totalDue(), "the total is the sum of rounded lines");
    }

    @Test
    void roundingTheCompanyShareFromExactInputsDiffersFromRoundingTwice() throws Exception {
        // 1 agent at 30 KRW a year, 50% company share
        BillingRules r = new BillingRules(30, 5000, 0, 0, 0, 4, 0, 0, List.of(new Tier("X", 0, Long.MAX_VALUE, 1000)));
        MonthlyFee fee = MonthlyFee.of(r, answered(0));
        assertEquals(3, fee.laborBasis(), "30 / 12 = 2.5 -> 3");
        assertEquals(1, fee.companyShare(), "50% x 2.5 = 1.25 -> 1 (rounding the rounded basis would give 1.5 -> 2)");
        assertEquals(2, fee.governmentShare());
    }

    @Test
    void underTheAllowanceTheRestOfTwoHundredCallsIsFreeSurveyResponses() throws Exception {
        MonthlyFee fee = MonthlyFee.of(GUIDE, answered(150).withSurveys(40, 90, 70));
        assertEquals(50, fee.surveyFree(), "200 - 150 answered");
        assertEquals(20, fee.surveyBilled());
        assertEquals(60_000, fee.surveyCharge(), "20 x 3,000; attempts and happy calls are not billed");
        assertEquals(fee.companyShare() + fee.baseFee() + 60_000, fee.totalDue());
    }

    @Test
    void allowanceCoversAllResponsesWhenFewAndNothingAtOrAboveTwoHundredCalls() throws Exception {
        MonthlyFee few = MonthlyFee.of(GUIDE, answered(10).withSurveys(0, 300, 190));
        assertEquals(190, few.surveyFree());
        assertEquals(0, few.surveyCharge());
        MonthlyFee edge = MonthlyFee.of(GUIDE, answered(199).withSurveys(0, 2, 2));
        assertEquals(1, edge.surveyFree(), "199 answered leaves 1 free response");
        assertEquals(3_000, edge.surveyCharge());
        MonthlyFee at = MonthlyFee.of(GUIDE, answered(200).withSurveys(0, 5, 5));
        assertEquals(0, at.surveyFree(), "at 200 answered calls there is no allowance left");
        assertEquals(15_000, at.surveyCharge());
    }

    @Test
    void depositIsFourMonthsOfTheEstimatedFeeButAtLeastThreeMillion() throws Exception {
        Deposit big = Deposit.of(GUIDE, 26_400, 12);
        assertEquals(2_200, big.averageAnswered());
        assertEquals(4 * 1_197_500, big.amount(), "4 x (1,147,500 + 50,000)");
        assertFalse(big.minimumApplied());

        Deposit small = Deposit.of(GUIDE, 1_200, 12);
        assertEquals(100, small.averageAnswered());
        assertEquals(135_000, small.estimate().companyShare(), "T1: 30% x 27M x 0.2 / 12; 4 x 185,000 = 740,000 < minimum");
        assertEquals(3_000_000, small.amount(), "the minimum");
        assertTrue(small.minimumApplied());

        Deposit none = Deposit.of(GUIDE, 0, 0);
        assertEquals("T1", none.estimate().tier().name(), "no usage yet: the first band");
        assertEquals(3_000_000, none.amount());
    }

    @Test
    void depositAverageRoundsHalfUpOverTheMonthsOfUsage() throws Exception {
        assertEquals(1_800, Deposit.of(GUIDE, 5_399, 3).averageAnswered(), "1,799.67 -> 1,800: T5");
        assertEquals("T5", Deposit.of(GUIDE, 5_399, 3).estimate().tier().name());
        assertEquals(1_799, Deposit.of(GUIDE, 5_397, 3).averageAnswered());
        assertEquals(3_710_000, Deposit.of(GUIDE, 5_397, 3).amount(), "T4: 4 x (877,500 + 50,000)");
    }

    @Test
    void rulesRejectGapsOverlapsAndAnOpenBandBeforeTheLast() {
        assertThrows(IllegalArgumentException.class, () -> new BillingRules(1, 3000, 0, 0, 0, 4, 0, 0,
                List.of(new Tier("A", 0, 10, 1), new Tier("B", 12, 20, 1))));
        assertThrows(IllegalArgumentException.class, () -> new BillingRules(1, 3000, 0, 0, 0, 4, 0, 0,
                List.of(new Tier("A", 0, 10, 1), new Tier("B", 10, 20, 1))));
        assertThrows(IllegalArgumentException.class, () -> new BillingRules(1, 3000, 0, 0, 0, 4, 0, 0,
                List.of(new Tier("A", 1, 10, 1))));
        assertThrows(IllegalArgumentException.class, () -> new BillingRules(1, 3000, 0, 0, 0, 4, 0, 0,
                List.of(new Tier("A", 0, Long.MAX_VALUE, 1), new Tier("B", 5, 6, 1))));
        assertThrows(IllegalArgumentException.class, () -> new BillingRules(1, 10_001, 0, 0, 0, 4, 0, 0, TIERS));
    }

    @Test
    void usageArithmeticForAdjustments() {
        Usage a = new Usage(10, 8, 2, 1, 1, 0, 125_000, 3, 4, 2);
        Usage b = new Usage(3, 2, 1, 0, 0, 0, 60_000, 0, 1, 1);
        assertEquals(new Usage(7, 6, 1, 1, 1, 0, 65_000, 3, 3, 1), a.minus(b));
        assertEquals(a, a.minus(b).plus(b));
        assertTrue(a.minus(a).isZero());
        assertEquals(2, a.talkMinutes(), "125 s = 2.08 min -> 2");
        assertEquals(1, new Usage(0, 0, 0, 0, 0, 0, 30_000, 0, 0, 0).talkMinutes(), "0.5 min -> 1");
    }
}
