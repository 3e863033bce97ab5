package ascc.routing.simulate.erlang;

/**
 * What a closed-form queue model predicts for one desk in steady state.
 *
 * @param agents servers (agents staffed)
 * @param offeredErlangs offered load {@code a = calls per second * handle time}
 * @param probWait probability that an arriving call waits at all (all agents busy)
 * @param serviceLevel answered within T / (answered + abandoned after T), as {@code ivr report} counts it; with no
 *     abandonment (Erlang C) simply the share of calls answered within T
 * @param answeredWithinTOfOffered answered within T / every call offered
 * @param asaSeconds average speed of answer: mean queue wait of the calls that were answered
 * @param meanWaitSeconds mean queue wait of every call (answered and abandoned)
 * @param occupancy busy agent time / staffed agent time: answered calls times handle time over agents
 * @param abandonRate share of offered calls that hang up while waiting (0 without patience)
 * @param stable false when the load does not fit (Erlang C with {@code a >= agents}: the queue grows without bound;
 *     every figure but {@code offeredErlangs} is then meaningless and set to NaN)
 */
public record QueueFigures(int agents, double offeredErlangs, double probWait, double serviceLevel, double answeredWithinTOfOffered,
        double asaSeconds, double meanWaitSeconds, double occupancy, double abandonRate, boolean stable) {

    static QueueFigures unstable(int agents, double a) {
        return new QueueFigures(agents, a, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, false);
    }
}
