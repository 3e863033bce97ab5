package ascc.routing.report;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * Counts and sums of a set of calls, and the metrics made from them. Definitions (also in {@code ivr report} help and
 * the README):
 * <ul>
 *   <li>offered: every call that entered the engine in the period, whatever its outcome;</li>
 *   <li>answered / abandoned in IVR / abandoned in queue: by {@code call_record.outcome};</li>
 *   <li>service level = answered with wait &lt;= T / (answered + abandoned in queue with wait &gt; T), in percent; callers
 *       who hung up in the queue within T (short abandons) count in neither; none when the divisor is 0;</li>
 *   <li>abandon rate = abandoned in queue / (answered + abandoned in queue), in percent;</li>
 *   <li>ASA (average speed of answer) = total queue wait of answered calls / answered, in seconds;</li>
 *   <li>AHT (average handle time) = total talk time of answered calls / answered, in seconds (talk only: wrap-up after
 *       the call is not recorded per call);</li>
 *   <li>overflow by step: calls on which step N was taken (each call once per step);</li>
 *   <li>to partner: calls an overflow step transferred to a partner center (outcome {@code OVERFLOW_PARTNER}); offered
 *       here, answered there: in neither the service level nor the abandon rate.</li>
 * </ul>
 * Waits and talk times are summed in milliseconds; percentages and seconds are rounded half up to one decimal at the end.
 *
 * @param offered calls offered
 * @param answered calls answered
 * @param abandonedIvr calls abandoned in the IVR
 * @param abandonedQueue calls abandoned in a queue
 * @param answeredWithinTarget answered with wait &lt;= the service-level seconds
 * @param abandonedAfterTarget abandoned in a queue with wait &gt; the service-level seconds
 * @param answeredWaitMs total wait of answered calls
 * @param answeredTalkMs total talk of answered calls
 * @param overflowByStep step number to calls on which it was taken
 * @param toPartner calls transferred to a partner center
 */
public record CallStats(int offered, int answered, int abandonedIvr, int abandonedQueue, int answeredWithinTarget,
                        int abandonedAfterTarget, long answeredWaitMs, long answeredTalkMs, Map<Integer, Integer> overflowByStep,
                        int toPartner) {
    public static final CallStats EMPTY = new CallStats(0, 0, 0, 0, 0, 0, 0, 0, Map.of(), 0);

    public CallStats {
        overflowByStep = Collections.unmodifiableMap(new TreeMap<>(overflowByStep));
    }

    /** This plus one call, with service-level target {@code targetSeconds}. */
    CallStats plus(ReportCall c, int targetSeconds) {
        long targetMs = targetSeconds * 1000L;
        boolean answer = c.answered();
        boolean queueAbandon = c.abandonedInQueue();
        Map<Integer, Integer> steps = new TreeMap<>(overflowByStep);
        c.overflowSteps().forEach(s -> steps.merge(s, 1, Integer::sum));
        return new CallStats(offered + 1, answered + (answer ? 1 : 0), abandonedIvr + (c.abandonedInIvr() ? 1 : 0),
                abandonedQueue + (queueAbandon ? 1 : 0), answeredWithinTarget + (answer && c.waitMillis() <= targetMs ? 1 : 0),
                abandonedAfterTarget + (queueAbandon && c.waitMillis() > targetMs ? 1 : 0),
                answeredWaitMs + (answer ? c.waitMillis() : 0), answeredTalkMs + (answer ? c.talkMillis() : 0), steps,
                toPartner + (c.transferredToPartner() ? 1 : 0));
    }

    /** Service level in percent, one decimal; null when nothing was answered or abandoned after the target. */
    public BigDecimal serviceLevelPercent() {
        return percent(answeredWithinTarget, answered + abandonedAfterTarget);
    }

    /** Abandon rate in percent, one decimal; null when no call reached a queue. */
    public BigDecimal abandonRatePercent() {
        return percent(abandonedQueue, answered + abandonedQueue);
    }

    /** Average speed of answer in seconds, one decimal; null when nothing was answered. */
    public BigDecimal asaSeconds() {
        return answered == 0 ? null : BigDecimal.valueOf(answeredWaitMs).divide(BigDecimal.valueOf(answered * 1000L), 1,
                RoundingMode.HALF_UP);
    }

    /** Average handle (talk) time in seconds, one decimal; null when nothing was answered. */
    public BigDecimal ahtSeconds() {
        return answered == 0 ? null : BigDecimal.valueOf(answeredTalkMs).divide(BigDecimal.valueOf(answered * 1000L), 1,
                RoundingMode.HALF_UP);
    }

    private static BigDecimal percent(int part, int whole) {
        return whole == 0 ? null : BigDecimal.valueOf(part * 100L).divide(BigDecimal.valueOf(whole), 1, RoundingMode.HALF_UP);
    }
}
