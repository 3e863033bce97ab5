package ascc.routing.config;

/**
 * Limits of the engine's HTTP server ({@code engine.yaml} {@code http:}).
 *
 * @param maxConnections connections open at once; one more is closed at accept
 * @param readDeadlineSeconds a request's line, headers and body must have arrived within this many seconds of the
 *     connection opening (or of the previous answer): a client trickling one byte at a time cannot extend it
 * @param rateLimitPerSecond requests per second each bearer token (or, without one, each client address) may make
 *     in the long run; more answer 429
 * @param rateLimitBurst requests a token may make at once before the per-second rate applies
 */
public record HttpLimits(int maxConnections, int readDeadlineSeconds, int rateLimitPerSecond, int rateLimitBurst) {
    public static final int DEFAULT_MAX_CONNECTIONS = 256;
    public static final int DEFAULT_READ_DEADLINE_SECONDS = 10;
    public static final int DEFAULT_RATE_LIMIT_PER_SECOND = 20;
    public static final int DEFAULT_RATE_LIMIT_BURST = 100;
    public static final HttpLimits DEFAULTS = new HttpLimits(DEFAULT_MAX_CONNECTIONS, DEFAULT_READ_DEADLINE_SECONDS,
            DEFAULT_RATE_LIMIT_PER_SECOND, DEFAULT_RATE_LIMIT_BURST);

    public HttpLimits {
        if (maxConnections < 1 || readDeadlineSeconds < 1 || rateLimitPerSecond < 1 || rateLimitBurst < 1) {
            throw new IllegalArgumentException("HTTP limits must be positive (max-connections=" + maxConnections
                    + ", read-deadline-seconds=" + readDeadlineSeconds + ", rate-limit-per-second=" + rateLimitPerSecond
                    + ", rate-limit-burst=" + rateLimitBurst + ")");
        }
    }
}
