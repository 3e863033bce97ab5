package ascc.routing.simulate.erlang;

/**
 * Erlang A (M/M/n+M: Poisson arrivals, exponential handle times, exponential patience with mean {@code P}): callers hang
 * up when they have waited longer than their patience.
 *
 * <p>Method (numeric, exact up to a truncation below 1e-16 of the mass): the number of calls in the system is a
 * birth-death chain, births at {@code lambda}, deaths at {@code min(k, n) mu + max(0, k - n) theta}; its stationary law is
 * built in log space around state {@code n} (no overflow for thousands of agents). An arriving caller sees that law
 * (PASTA). A caller with {@code j} callers ahead moves forward at rate {@code n mu + i theta} (services and abandons of the
 * {@code i} ahead) and hangs up at rate {@code theta}, so their chance to be answered is
 * {@code prod (n mu + i theta) / (n mu + (i + 1) theta)} and their expected wait a sum of the stage means. The share
 * answered or abandoned within T is the absorption of that death chain by time T, by uniformization (a Poisson mixture of
 * the embedded jump chain's step probabilities).
 */
public final class ErlangA {
    private static final double TAIL = 1e-16;

    private ErlangA() {
    }

    /**
     * The figures of one desk.
     *
     * @param agents agents staffed, >= 1
     * @param callsPerHour calls offered per hour
     * @param ahtSeconds mean handle time
     * @param slSeconds service-level target T
     * @param patienceSeconds mean patience (exponential); {@link Double#POSITIVE_INFINITY} gives Erlang C
     */
    public static QueueFigures figures(int agents, double callsPerHour, double ahtSeconds, double slSeconds, double patienceSeconds) {
        ErlangC.check(agents, callsPerHour, ahtSeconds, slSeconds);
        if (!(patienceSeconds > 0)) {
            throw new IllegalArgumentException("mean patience must be > 0 s, got " + patienceSeconds);
        }
        if (Double.isInfinite(patienceSeconds)) {
            return ErlangC.figures(agents, callsPerHour, ahtSeconds, slSeconds);
        }
        int n = agents;
        double lambda = callsPerHour / 3600.0;
        double mu = 1.0 / ahtSeconds;
        double theta = 1.0 / patienceSeconds;
        double a = lambda / mu;
        if (lambda == 0) {
            return new QueueFigures(n, 0, 0, 1, 1, 0, 0, 0, 0, true);
        }
        // log q_k relative to q_n = 1, downwards to 0 and upwards until negligible
        double[] below = new double[n]; // below[k] = log q_k for k < n
        double lq = 0;
        double max = 0;
        for (int k = n - 1; k >= 0; k--) {
            lq += Math.log((k + 1) * mu / lambda);
            below[k] = lq;
            max = Math.max(max, lq);
        }
        double[] above = new double[64]; // above[j] = log q_{n+j}, j >= 0
        int m = 0;
        lq = 0;
        above[m++] = 0;
        while (true) {
            lq += Math.log(lambda / (n * mu + m * theta));
            if (lq - max < Math.log(TAIL) && lq < 0) {
                break;
            }
            if (m == above.length) {
                above = java.util.Arrays.copyOf(above, m * 2);
            }
            above[m++] = lq;
            max = Math.max(max, lq);
        }
        double total = 0;
        for (int k = 0; k < n; k++) {
            total += Math.exp(below[k] - max);
        }
        double waitMass = 0;
        double[] pAhead = new double[m]; // probability an arrival finds j callers waiting (j = 0..m-1) with every agent busy
        for (int j = 0; j < m; j++) {
            pAhead[j] = Math.exp(above[j] - max);
            waitMass += pAhead[j];
        }
        total += waitMass;
        for (int j = 0; j < m; j++) {
            pAhead[j] /= total;
        }
        double probWait = waitMass / total;
        // per position: chance answered, expected wait if answered, expected wait overall
        double served = 1;
        double stageSum = 0;
        double pAnsweredWaiting = 0;
        double waitAnswered = 0;
        for (int j = 0; j < m; j++) {
            double r = n * mu + j * theta;
            served *= r / (r + theta);
            stageSum += 1 / (r + theta);
            pAnsweredWaiting += pAhead[j] * served;
            waitAnswered += pAhead[j] * served * stageSum;
        }
        // mean wait of everyone by Little's law: E[queue length] / lambda
        double meanQueue = 0;
        for (int j = 0; j < m; j++) {
            meanQueue += j * pAhead[j];
        }
        double waitAll = meanQueue / lambda;
        double pAbandon = probWait - pAnsweredWaiting;
        double answered = 1 - pAbandon;
        double[] byT = absorbedBy(n * mu, theta, m, slSeconds);
        double answeredWithinT = 1 - probWait;
        double abandonedWithinT = 0;
        for (int j = 0; j < m; j++) {
            answeredWithinT += pAhead[j] * byT[2 * j];
            abandonedWithinT += pAhead[j] * byT[2 * j + 1];
        }
        double abandonedAfterT = pAbandon - abandonedWithinT;
        double sl = answeredWithinT / (answered + abandonedAfterT);
        double asa = answered > 0 ? waitAnswered / answered : 0;
        double occupancy = a * answered / n;
        return new QueueFigures(n, a, probWait, sl, answeredWithinT, asa, waitAll, occupancy, pAbandon, true);
    }

    /**
     * For a caller who finds {@code j} callers ahead (j = 0..m-1): the chance to be answered within {@code t} seconds
     * ({@code [2j]}) and to hang up within {@code t} ({@code [2j+1]}), by uniformization of the death chain
     * {@code j -> j-1 -> ... -> 0 -> answered} (rate {@code nMu + i theta} from stage i) with hang-up at rate theta.
     */
    static double[] absorbedBy(double nMu, double theta, int m, double t) {
        double big = nMu + (m - 1) * theta + theta;
        double lt = big * t;
        int steps = (int) Math.ceil(lt + 10 * Math.sqrt(lt) + 20);
        double[] served = new double[m];
        double[] gone = new double[m];
        double[] nextServed = new double[m];
        double[] nextGone = new double[m];
        double[] out = new double[2 * m];
        double logPois = -lt; // log P(N = 0)
        for (int k = 0; k <= steps; k++) {
            double w = Math.exp(logPois);
            for (int j = 0; j < m; j++) {
                out[2 * j] += w * served[j];
                out[2 * j + 1] += w * gone[j];
            }
            // one more jump
            for (int j = 0; j < m; j++) {
                double r = nMu + j * theta;
                double fwd = r / big;
                double hang = theta / big;
                double stay = 1 - fwd - hang;
                double s = j == 0 ? 1 : served[j - 1];
                double g = j == 0 ? 0 : gone[j - 1];
                nextServed[j] = fwd * s + stay * served[j];
                nextGone[j] = fwd * g + hang + stay * gone[j];
            }
            double[] tmp = served;
            served = nextServed;
            nextServed = tmp;
            tmp = gone;
            gone = nextGone;
            nextGone = tmp;
            logPois += Math.log(lt) - Math.log(k + 1);
        }
        return out;
    }

    /** The fewest agents whose service level within {@code slSeconds} reaches {@code targetShare}, with abandonment. */
    public static int agentsFor(double targetShare, double callsPerHour, double ahtSeconds, double slSeconds, double patienceSeconds) {
        if (!(targetShare > 0 && targetShare < 1)) {
            throw new IllegalArgumentException("target service level must be in (0, 1), got " + targetShare);
        }
        if (callsPerHour == 0) {
            return 0;
        }
        int lo = 0;
        int hi = 1;
        while (figures(hi, callsPerHour, ahtSeconds, slSeconds, patienceSeconds).serviceLevel() < targetShare) {
            lo = hi;
            hi *= 2;
        }
        while (hi - lo > 1) {
            int mid = (lo + hi) >>> 1;
            if (figures(mid, callsPerHour, ahtSeconds, slSeconds, patienceSeconds).serviceLevel() >= targetShare) {
                hi = mid;
            } else {
                lo = mid;
            }
        }
        return hi;
    }
}
