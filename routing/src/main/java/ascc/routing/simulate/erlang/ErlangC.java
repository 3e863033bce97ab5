package ascc.routing.simulate.erlang;

/**
 * Erlang C (M/M/n, callers wait for ever): the probability of waiting from the Erlang B recursion
 * {@code B(0) = 1, B(k) = a B(k-1) / (k + a B(k-1))}, which only multiplies and divides numbers in [0, 1] and so stays
 * exact for thousands of agents (no factorials, no powers), then {@code C = n B / (n - a (1 - B))}.
 */
public final class ErlangC {
    private ErlangC() {
    }

    /** Erlang B: the blocking probability of {@code agents} servers offered {@code erlangs}. */
    public static double erlangB(int agents, double erlangs) {
        if (agents < 0 || erlangs < 0 || Double.isNaN(erlangs)) {
            throw new IllegalArgumentException("agents and load must be >= 0 (agents=" + agents + ", erlangs=" + erlangs + ")");
        }
        double b = 1.0;
        for (int k = 1; k <= agents; k++) {
            b = erlangs * b / (k + erlangs * b);
        }
        return b;
    }

    /** Probability that a call waits; 1 when the load does not fit ({@code erlangs >= agents}). */
    public static double probWait(int agents, double erlangs) {
        if (erlangs >= agents) {
            return 1.0;
        }
        double b = erlangB(agents, erlangs);
        return agents * b / (agents - erlangs * (1 - b));
    }

    /**
     * The figures of one desk.
     *
     * @param agents agents staffed, >= 1
     * @param callsPerHour calls offered per hour
     * @param ahtSeconds mean handle time (talk plus wrap-up: the time an agent is held by a call)
     * @param slSeconds the service-level target T
     */
    public static QueueFigures figures(int agents, double callsPerHour, double ahtSeconds, double slSeconds) {
        check(agents, callsPerHour, ahtSeconds, slSeconds);
        double a = callsPerHour * ahtSeconds / 3600.0;
        if (a >= agents) {
            return QueueFigures.unstable(agents, a);
        }
        double c = probWait(agents, a);
        double sl = 1 - c * Math.exp(-(agents - a) * slSeconds / ahtSeconds);
        double asa = c * ahtSeconds / (agents - a);
        return new QueueFigures(agents, a, c, sl, sl, asa, asa, a / agents, 0.0, true);
    }

    /**
     * The fewest agents whose service level within {@code slSeconds} reaches {@code targetShare} (e.g. 0.8 for 80/20).
     * Service level grows with agents, so a bisection between the load and a bound that meets the target.
     */
    public static int agentsFor(double targetShare, double callsPerHour, double ahtSeconds, double slSeconds) {
        check(1, callsPerHour, ahtSeconds, slSeconds);
        if (!(targetShare > 0 && targetShare < 1)) {
            throw new IllegalArgumentException("target service level must be in (0, 1), got " + targetShare);
        }
        double a = callsPerHour * ahtSeconds / 3600.0;
        if (a == 0) {
            return 0;
        }
        int lo = (int) Math.floor(a);
        int hi = Math.max(lo + 1, 1);
        while (figures(hi, callsPerHour, ahtSeconds, slSeconds).serviceLevel() < targetShare) {
            lo = hi;
            hi = hi * 2;
        }
        while (hi - lo > 1) {
            int mid = (lo + hi) >>> 1;
            QueueFigures f = figures(mid, callsPerHour, ahtSeconds, slSeconds);
            if (f.stable() && f.serviceLevel() >= targetShare) {
                hi = mid;
            } else {
                lo = mid;
            }
        }
        return hi;
    }

    static void check(int agents, double callsPerHour, double ahtSeconds, double slSeconds) {
        if (agents < 1 || !(callsPerHour >= 0) || !(ahtSeconds > 0) || !(slSeconds >= 0) || Double.isInfinite(callsPerHour)) {
            throw new IllegalArgumentException("need agents >= 1, calls per hour >= 0, handle time > 0 s, T >= 0 s (agents=" + agents
                    + ", calls/h=" + callsPerHour + ", aht=" + ahtSeconds + " s, T=" + slSeconds + " s)");
        }
    }
}
