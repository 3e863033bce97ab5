package ascc.routing.config;

import java.security.MessageDigest;

/**
 * A secret config value (AMI secret, database password, admin token, SIP password).
 * {@link #toString()} never shows it; only {@link #reveal()} does, at the one place it is used.
 */
public final class Secret {
    private final String value;
    /** SHA-256 of the value, computed once: {@link #matches} is called per FastAGI session and per HTTP request. */
    private final byte[] digest;

    private Secret(String value) {
        this.value = value;
        this.digest = TokenHash.digest(value);
    }

    public static Secret of(String value) {
        return new Secret(value == null ? "" : value);
    }

    public String reveal() {
        return value;
    }

    public boolean isEmpty() {
        return value.isEmpty();
    }

    /**
     * Constant-time comparison, for tokens presented by clients. The SHA-256 digests are compared, not the strings: always
     * 32 bytes, so the time taken tells neither where they differ nor how long the secret is. The secret's own digest is
     * computed once at construction; only the candidate is hashed per call.
     */
    public boolean matches(String candidate) {
        if (candidate == null) {
            return false;
        }
        return MessageDigest.isEqual(digest, TokenHash.digest(candidate));
    }

    @Override
    public String toString() {
        return value.isEmpty() ? "" : "****";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Secret s && s.value.equals(value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }
}
