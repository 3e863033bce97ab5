package ascc.core.password;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Objects;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;

/**
 * Web passwords as bcrypt hashes, by Bouncy Castle's {@link OpenBSDBCrypt} (no hand-written crypto): {@link #hash}
 * makes {@code $2b$12$...} with a random salt, {@link #matches} checks a password against a stored hash in constant
 * time (Bouncy Castle compares the whole hash). bcrypt reads at most 72 bytes of a password: longer ones are refused
 * rather than silently cut.
 */
public final class PasswordHash {
    /** Cost of new hashes: 2^12 rounds, about a quarter of a second here. */
    public static final int DEFAULT_COST = 12;
    /** bcrypt's limit on the password's UTF-8 bytes. */
    public static final int MAX_BYTES = 72;
    /** Shortest password {@link #hash} accepts. */
    public static final int MIN_LENGTH = 10;
    /**
     * A hash of no known password, checked when a login is unknown so that the answer takes as long as for a known one
     * (nobody learns which logins exist from the time taken).
     */
    private static final String DUMMY = hash("ascc-no-such-user-" + System.nanoTime(), 10, new SecureRandom());

    private PasswordHash() {
    }

    /** A new hash of {@code password} at {@link #DEFAULT_COST}. */
    public static String hash(String password) {
        return hash(password, DEFAULT_COST, new SecureRandom());
    }

    /**
     * A new hash of {@code password} at {@code cost} (10..16).
     *
     * @throws IllegalArgumentException for an empty or too long password or a cost out of range (the password is never in
     *     the message)
     */
    public static String hash(String password, int cost, SecureRandom random) {
        Objects.requireNonNull(password, "password");
        if (cost < 4 || cost > 16) {
            throw new IllegalArgumentException("bcrypt cost out of range: " + cost + " (allowed: 4 to 16)");
        }
        checkLength(password);
        byte[] salt = new byte[16];
        random.nextBytes(salt);
        return OpenBSDBCrypt.generate("2b", password.toCharArray(), salt, cost);
    }

    /**
     * True when {@code password} is the one {@code hash} was made from. False for a malformed hash or an over-long
     * password (never an exception: a login form must not tell the two apart).
     */
    public static boolean matches(String hash, String password) {
        if (password == null || password.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES || password.isEmpty()) {
            return false;
        }
        try {
            return OpenBSDBCrypt.checkPassword(hash, password.toCharArray());
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** Spends the time of one check against a hash of no known password; always false. For unknown logins. */
    public static boolean matchesNothing(String password) {
        matches(DUMMY, password == null ? "" : password);
        return false;
    }

    /** Throws when {@code password} is empty, shorter than {@link #MIN_LENGTH} or over {@link #MAX_BYTES} bytes. */
    public static void checkLength(String password) {
        if (password.length() < MIN_LENGTH) {
            throw new IllegalArgumentException("password too short: " + password.length() + " characters (at least " + MIN_LENGTH + ")");
        }
        int bytes = password.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_BYTES) {
            throw new IllegalArgumentException("password too long: " + bytes + " UTF-8 bytes (bcrypt reads at most " + MAX_BYTES + ")");
        }
    }
}
