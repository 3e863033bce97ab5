package ascc.routing.billing;

import java.math.BigInteger;

/**
 * The one rounding rule of billing. Money is whole KRW in a {@code long}. Every line item is computed from its inputs
 * in exact integer arithmetic (FTE as thousandths, percentages as basis points, yearly amounts divided by 12 last) and
 * rounded <b>half up to the won once</b>, at the end of that line; totals are sums of rounded lines and are never
 * rounded again. The government share is the labor basis minus the company share, so the two shares always add up to
 * the labor basis exactly.
 */
public final class Money {
    private Money() {
    }

    /**
     * {@code numerator / denominator} rounded half up (away from zero on .5 for positive values, towards +infinity for
     * negative ones: -2.5 becomes -2), computed without overflow.
     *
     * @throws IllegalArgumentException when the denominator is not positive or the result does not fit a long
     */
    public static long divideHalfUp(BigInteger numerator, long denominator) {
        if (denominator <= 0) {
            throw new IllegalArgumentException("denominator must be positive (denominator=" + denominator + ")");
        }
        BigInteger d = BigInteger.valueOf(denominator);
        // floor((2n + d) / 2d) == round half up of n/d
        BigInteger twice = numerator.shiftLeft(1).add(d);
        BigInteger[] qr = twice.divideAndRemainder(d.shiftLeft(1));
        BigInteger q = qr[0];
        if (qr[1].signum() < 0) {
            q = q.subtract(BigInteger.ONE);
        }
        try {
            return q.longValueExact();
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("amount does not fit in a long: " + numerator + "/" + denominator, e);
        }
    }

    /** The product of the factors divided by {@code denominator}, rounded half up once. */
    public static long productHalfUp(long denominator, long... factors) {
        BigInteger n = BigInteger.ONE;
        for (long f : factors) {
            n = n.multiply(BigInteger.valueOf(f));
        }
        return divideHalfUp(n, denominator);
    }

    /** {@code 1197500} as {@code 1,197,500}. */
    public static String format(long krw) {
        return String.format(java.util.Locale.ROOT, "%,d", krw);
    }
}
