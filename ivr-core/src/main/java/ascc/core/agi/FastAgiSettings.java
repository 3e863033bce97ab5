package ascc.core.agi;

import ascc.routing.config.AgiAccess;
import java.time.Duration;
import java.util.Objects;

/**
 * Settings of the FastAGI listener, immutable.
 *
 * @param bindHost address to listen on, e.g. {@code 0.0.0.0} or {@code 127.0.0.1}
 * @param port TCP port; 0 picks a free one (tests)
 * @param backlog accept queue length asked of the kernel (capped by {@code net.core.somaxconn})
 * @param maxLineBytes longest accepted line from Asterisk, without the newline
 * @param maxEnvLines most {@code agi_*} lines accepted in one environment
 * @param envReadTimeout time allowed for the whole environment to arrive (also bounds the fallback replies)
 * @param commandTimeout time allowed for Asterisk's reply to a command, on top of the command's own timeout
 * @param shutdownGrace how long {@link FastAgiServer#close()} lets running sessions finish before aborting them
 * @param execTimeout time allowed for Asterisk's reply to an EXEC (an application playing prompts, {@code Read}) or a
 *     WAIT FOR DIGIT without timeout, on top of {@code commandTimeout}; after it the session ends with the fallback
 * @param access who may open a session: allowed peers and the AGI secret (first AGI argument)
 */
public record FastAgiSettings(String bindHost, int port, int backlog, int maxLineBytes, int maxEnvLines,
        Duration envReadTimeout, Duration commandTimeout, Duration shutdownGrace, Duration execTimeout, AgiAccess access) {

    public static final int DEFAULT_BACKLOG = 4096;
    public static final int DEFAULT_MAX_LINE_BYTES = 8192;
    public static final int DEFAULT_MAX_ENV_LINES = 256;
    public static final Duration DEFAULT_ENV_READ_TIMEOUT = Duration.ofSeconds(5);
    public static final Duration DEFAULT_COMMAND_TIMEOUT = Duration.ofSeconds(60);
    public static final Duration DEFAULT_SHUTDOWN_GRACE = Duration.ofSeconds(30);
    /** Generous: the longest menu prompt with its digit timeouts is well under it. */
    public static final Duration DEFAULT_EXEC_TIMEOUT = Duration.ofMinutes(5);

    public FastAgiSettings {
        Objects.requireNonNull(bindHost, "bindHost");
        Objects.requireNonNull(envReadTimeout, "envReadTimeout");
        Objects.requireNonNull(commandTimeout, "commandTimeout");
        Objects.requireNonNull(shutdownGrace, "shutdownGrace");
        Objects.requireNonNull(execTimeout, "execTimeout");
        Objects.requireNonNull(access, "access");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("FastAGI port must be 0..65535, got " + port);
        }
        if (backlog < 1) {
            throw new IllegalArgumentException("FastAGI backlog must be >= 1, got " + backlog);
        }
        if (maxLineBytes < 256) {
            throw new IllegalArgumentException("FastAGI maxLineBytes must be >= 256, got " + maxLineBytes);
        }
        if (maxEnvLines < 8) {
            throw new IllegalArgumentException("FastAGI maxEnvLines must be >= 8, got " + maxEnvLines);
        }
        requirePositive("envReadTimeout", envReadTimeout);
        requirePositive("commandTimeout", commandTimeout);
        requirePositive("execTimeout", execTimeout);
        if (shutdownGrace.isNegative()) {
            throw new IllegalArgumentException("FastAGI shutdownGrace must not be negative, got " + shutdownGrace);
        }
    }

    /** Production defaults on the given address, serving sessions as {@code access} allows. */
    public static FastAgiSettings defaults(String bindHost, int port, AgiAccess access) {
        return new FastAgiSettings(bindHost, port, DEFAULT_BACKLOG, DEFAULT_MAX_LINE_BYTES, DEFAULT_MAX_ENV_LINES,
            DEFAULT_ENV_READ_TIMEOUT, DEFAULT_COMMAND_TIMEOUT, DEFAULT_SHUTDOWN_GRACE, DEFAULT_EXEC_TIMEOUT, access);
    }

    public FastAgiSettings withEnvReadTimeout(Duration d) {
        return new FastAgiSettings(bindHost, port, backlog, maxLineBytes, maxEnvLines, d, commandTimeout, shutdownGrace,
            execTimeout, access);
    }

    public FastAgiSettings withCommandTimeout(Duration d) {
        return new FastAgiSettings(bindHost, port, backlog, maxLineBytes, maxEnvLines, envReadTimeout, d, shutdownGrace,
            execTimeout, access);
    }

    public FastAgiSettings withShutdownGrace(Duration d) {
        return new FastAgiSettings(bindHost, port, backlog, maxLineBytes, maxEnvLines, envReadTimeout, commandTimeout, d,
            execTimeout, access);
    }

    public FastAgiSettings withExecTimeout(Duration d) {
        return new FastAgiSettings(bindHost, port, backlog, maxLineBytes, maxEnvLines, envReadTimeout, commandTimeout,
            shutdownGrace, d, access);
    }

    public FastAgiSettings withAccess(AgiAccess a) {
        return new FastAgiSettings(bindHost, port, backlog, maxLineBytes, maxEnvLines, envReadTimeout, commandTimeout,
            shutdownGrace, execTimeout, a);
    }

    public FastAgiSettings withLimits(int newMaxLineBytes, int newMaxEnvLines) {
        return new FastAgiSettings(bindHost, port, backlog, newMaxLineBytes, newMaxEnvLines, envReadTimeout, commandTimeout,
            shutdownGrace, execTimeout, access);
    }

    private static void requirePositive(String name, Duration d) {
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException("FastAGI " + name + " must be positive, got " + d);
        }
    }
}
