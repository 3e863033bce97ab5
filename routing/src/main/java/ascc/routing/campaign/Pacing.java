package ascc.routing.campaign;

/**
 * How fast one campaign dials.
 *
 * @param maxConcurrent most calls of this campaign up at once (1..1000)
 * @param callsPerSecond most new calls started per second (0.01..100)
 */
public record Pacing(int maxConcurrent, double callsPerSecond) {
    public Pacing {
        if (maxConcurrent < 1) {
            throw new IllegalArgumentException("maxConcurrent must be >= 1 (maxConcurrent=" + maxConcurrent + ")");
        }
        if (!(callsPerSecond > 0) || Double.isInfinite(callsPerSecond)) {
            throw new IllegalArgumentException("callsPerSecond must be > 0 (callsPerSecond=" + callsPerSecond + ")");
        }
    }
}
