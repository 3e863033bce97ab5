package ascc.core.ami;

import ascc.routing.config.Secret;
import java.time.Duration;
import java.util.Objects;

/**
 * Connection settings of the {@link AmiClient}. Printing it masks the secret ({@link Secret#toString()}).
 *
 * @param host Asterisk host
 * @param port AMI port (5038)
 * @param user manager user
 * @param secret manager secret
 * @param pingInterval send {@code Ping} after this much write-idle time (2 s)
 * @param deadAfter close and reconnect after this much time without any message read (5 s)
 * @param backoffMin first reconnect delay (250 ms), doubled per failed attempt
 * @param backoffMax largest reconnect delay before jitter (10 s)
 * @param eventQueueCapacity events buffered for subscribers before dropping (10 000)
 * @param responseTimeout how long {@code send} waits for a response (10 s); also the wait for FullyBooted
 * @param connectTimeout TCP connect timeout (3 s)
 * @param maxLineLength longest accepted line in bytes (64 KiB)
 * @param maxMessageBytes largest accepted message in bytes (4 MiB)
 */
public record AmiSettings(String host, int port, String user, Secret secret, Duration pingInterval, Duration deadAfter,
                          Duration backoffMin, Duration backoffMax, int eventQueueCapacity, Duration responseTimeout,
                          Duration connectTimeout, int maxLineLength, int maxMessageBytes) {

    public AmiSettings {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(secret, "secret");
        requirePositive("pingInterval", pingInterval);
        requirePositive("deadAfter", deadAfter);
        requirePositive("backoffMin", backoffMin);
        requirePositive("backoffMax", backoffMax);
        requirePositive("responseTimeout", responseTimeout);
        requirePositive("connectTimeout", connectTimeout);
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("AMI port out of range: " + port);
        }
        if (backoffMax.compareTo(backoffMin) < 0) {
            throw new IllegalArgumentException("backoffMax " + backoffMax + " < backoffMin " + backoffMin);
        }
        if (deadAfter.compareTo(pingInterval) <= 0) {
            throw new IllegalArgumentException("deadAfter " + deadAfter + " must exceed pingInterval " + pingInterval
                + " or an idle but healthy link would be closed");
        }
        if (eventQueueCapacity < 1) {
            throw new IllegalArgumentException("eventQueueCapacity must be >= 1, got " + eventQueueCapacity);
        }
        if (maxLineLength < 16 || maxMessageBytes < maxLineLength) {
            throw new IllegalArgumentException("need 16 <= maxLineLength <= maxMessageBytes, got maxLineLength="
                + maxLineLength + " maxMessageBytes=" + maxMessageBytes);
        }
    }

    /**
     * Production defaults: ping 2 s, dead after 5 s, backoff 250 ms .. 2 s (a refused connect costs nothing; Asterisk back
     * from a restart is seen within 2 s), 10 000 events, 10 s response timeout.
     */
    public static AmiSettings defaults(String host, int port, String user, Secret secret) {
        return new AmiSettings(host, port, user, secret, Duration.ofSeconds(2), Duration.ofSeconds(5),
            Duration.ofMillis(250), Duration.ofSeconds(2), 10_000, Duration.ofSeconds(10), Duration.ofSeconds(3),
            64 * 1024, 4 * 1024 * 1024);
    }

    public AmiSettings withKeepalive(Duration newPingInterval, Duration newDeadAfter) {
        return new AmiSettings(host, port, user, secret, newPingInterval, newDeadAfter, backoffMin, backoffMax,
            eventQueueCapacity, responseTimeout, connectTimeout, maxLineLength, maxMessageBytes);
    }

    public AmiSettings withBackoff(Duration min, Duration max) {
        return new AmiSettings(host, port, user, secret, pingInterval, deadAfter, min, max,
            eventQueueCapacity, responseTimeout, connectTimeout, maxLineLength, maxMessageBytes);
    }

    public AmiSettings withEventQueueCapacity(int capacity) {
        return new AmiSettings(host, port, user, secret, pingInterval, deadAfter, backoffMin, backoffMax,
            capacity, responseTimeout, connectTimeout, maxLineLength, maxMessageBytes);
    }

    public AmiSettings withResponseTimeout(Duration timeout) {
        return new AmiSettings(host, port, user, secret, pingInterval, deadAfter, backoffMin, backoffMax,
            eventQueueCapacity, timeout, connectTimeout, maxLineLength, maxMessageBytes);
    }

    public AmiSettings withLimits(int newMaxLineLength, int newMaxMessageBytes) {
        return new AmiSettings(host, port, user, secret, pingInterval, deadAfter, backoffMin, backoffMax,
            eventQueueCapacity, responseTimeout, connectTimeout, newMaxLineLength, newMaxMessageBytes);
    }

    private static void requirePositive(String name, Duration d) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, got " + d);
        }
    }
}
