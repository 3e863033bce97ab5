package ascc.routing.config;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The SHA-256 of a bearer token, as config stores it instead of the token (recordings.yaml {@code token-sha256}).
 * A presented token is hashed and compared with {@link MessageDigest#isEqual} (constant time, and always 32 bytes, so
 * neither the content nor the length of the stored token leaks through timing).
 *
 * <p>Why a plain SHA-256 and not a slow password hash (bcrypt, Argon2): the tokens are 256-bit random values made by
 * {@code ivr token new}, not words a person chose. Nobody can guess a 2^256 preimage however fast the hash is, so
 * stretching buys nothing and would cost every request a deliberate CPU burn. The hash keeps a leaked config file (backup,
 * screenshot, repository) from handing out working tokens.
 */
public final class TokenHash {
    /** 64 lowercase or uppercase hex digits. */
    public static final Pattern HEX = Pattern.compile("[0-9a-fA-F]{64}");
    private static final HexFormat FORMAT = HexFormat.of();
    /** Never used itself, only cloned (a fresh digest per call: {@link #digest} is called from many threads). */
    private static final MessageDigest SHA256 = sha256();

    private final byte[] sha256;

    private TokenHash(byte[] sha256) {
        this.sha256 = sha256;
    }

    /** The hash of {@code token} (what {@code ivr token new} prints for the file). */
    public static TokenHash of(String token) {
        return new TokenHash(digest(token));
    }

    /** The hash written in a config file as 64 hex digits; empty when {@code hex} is not that. */
    public static Optional<TokenHash> parse(String hex) {
        if (hex == null || !HEX.matcher(hex).matches()) {
            return Optional.empty();
        }
        return Optional.of(new TokenHash(FORMAT.parseHex(hex.toLowerCase(java.util.Locale.ROOT))));
    }

    /**
     * SHA-256 of {@code token} in UTF-8 (a null token hashes as the empty string). A clone of one prototype digest:
     * {@code MessageDigest.getInstance} looks the provider up and checks the algorithm constraints on every call, which
     * showed in the FastAGI sessions' profile (one digest per session for the AGI secret).
     */
    public static byte[] digest(String token) {
        MessageDigest md;
        try {
            md = (MessageDigest) SHA256.clone();
        } catch (CloneNotSupportedException e) {
            md = sha256(); // a provider whose digest cannot be cloned
        }
        return md.digest((token == null ? "" : token).getBytes(StandardCharsets.UTF_8));
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e); // every JVM must have it
        }
    }

    /** True when {@code presented} is the token this is the hash of (constant-time compare of the hashes). */
    public boolean matches(String presented) {
        return presented != null && matchesDigest(digest(presented));
    }

    /** True when {@code sha256} (a presented token already hashed with {@link #digest}) equals this hash, in constant time. */
    public boolean matchesDigest(byte[] sha256Of) {
        return MessageDigest.isEqual(sha256, sha256Of);
    }

    /** The hash as 64 lowercase hex digits, as written in config. */
    public String hex() {
        return FORMAT.formatHex(sha256);
    }

    /** A short form for logs and printouts: {@code sha256:1a2b3c4d...} (the hash is not secret, but needs no full print). */
    @Override
    public String toString() {
        return "sha256:" + hex().substring(0, 8) + "...";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TokenHash t && MessageDigest.isEqual(t.sha256, sha256);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(sha256);
    }
}
