package ascc.core.national;

/**
 * Erlang C, only as far as the generator needs it to size desks: the smallest number of agents that answers
 * {@code target} of the calls within {@code slSeconds}. (The simulator's {@code ivr simulate erlang} has the full set.)
 */
final class ErlangC {
    private ErlangC() {
    }

    /** Agents for the service level, at least 1; {@code callsPerHour} may be 0 (then 1). */
    static int agentsFor(double callsPerHour, double handleSeconds, int slSeconds, double target) {
        double a = callsPerHour * handleSeconds / 3600.0;
        if (a <= 0) {
            return 1;
        }
        int n = Math.max(1, (int) Math.floor(a));
        double b = erlangB(n, a);
        while (true) {
            if (n > a) {
                double c = b / (1 - a / n * (1 - b));
                double sl = 1 - c * Math.exp(-(n - a) * slSeconds / handleSeconds);
                if (sl >= target) {
                    return n;
                }
            }
            n++;
            b = a * b / (n + a * b);
        }
    }

    /** Erlang B blocking for {@code n} servers, by the stable recursion. */
    static double erlangB(int n, double a) {
        double b = 1;
        for (int k = 1; k <= n; k++) {
            b = a * b / (k + a * b);
        }
        return b;
    }
}
