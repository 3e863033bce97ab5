package ascc.testsupport.sip;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;

/**
 * HTTP digest authentication for SIP (RFC 2617 / RFC 3261 section 22.4, RFC 8760 for SHA-256), client side.
 * Supports algorithm MD5 and SHA-256 (not the "-sess" variants), with qop=auth or without qop.
 */
public final class DigestAuth {

    private DigestAuth() {
    }

    /**
     * One challenge as received in a WWW-Authenticate or Proxy-Authenticate header.
     *
     * @param realm     realm from the challenge
     * @param nonce     server nonce
     * @param opaque    opaque value to echo, or null
     * @param algorithm "MD5" (also when absent) or "SHA-256"
     * @param qop       the qop options offered (e.g. "auth" or "auth,auth-int"), or null for the RFC 2069 mode
     */
    public record Challenge(String realm, String nonce, String opaque, String algorithm, String qop) {
        public Challenge {
            Objects.requireNonNull(realm, "realm");
            Objects.requireNonNull(nonce, "nonce");
            algorithm = algorithm == null || algorithm.isBlank() ? "MD5" : algorithm;
        }

        /** Whether the server offers qop=auth (the only qop this client answers with). */
        public boolean offersQopAuth() {
            if (qop == null) {
                return false;
            }
            for (String option : qop.split(",")) {
                if (option.trim().equalsIgnoreCase("auth")) {
                    return true;
                }
            }
            return false;
        }

        /** Whether this client can answer the challenge's algorithm. */
        public boolean supported() {
            return javaAlgorithm(algorithm) != null;
        }
    }

    /**
     * The values to put in the Authorization header.
     *
     * @param qop    "auth" or null when the challenge had no qop
     * @param nc     nonce count as 8 hex digits, or null when qop is null
     * @param cnonce client nonce, or null when qop is null
     */
    public record Answer(String username, String realm, String nonce, String uri, String response, String algorithm,
                         String opaque, String qop, String nc, String cnonce) {
    }

    /**
     * Answers a challenge.
     *
     * @param nonceCount how many times this nonce has been used including this time (1 for the first answer)
     * @param cnonce     client nonce (used only when the challenge offers qop=auth)
     */
    public static Answer answer(Challenge challenge, String username, String password, String method, String uri,
                                int nonceCount, String cnonce) {
        if (!challenge.supported()) {
            throw new IllegalArgumentException("unsupported digest algorithm " + challenge.algorithm()
                + " (realm=" + challenge.realm() + ")");
        }
        String algorithm = challenge.algorithm();
        if (challenge.offersQopAuth()) {
            String nc = String.format(Locale.ROOT, "%08x", nonceCount);
            String response = response(algorithm, username, challenge.realm(), password, method, uri,
                challenge.nonce(), nc, cnonce, "auth");
            return new Answer(username, challenge.realm(), challenge.nonce(), uri, response, algorithm,
                challenge.opaque(), "auth", nc, cnonce);
        }
        String response = response(algorithm, username, challenge.realm(), password, method, uri,
            challenge.nonce(), null, null, null);
        return new Answer(username, challenge.realm(), challenge.nonce(), uri, response, algorithm,
            challenge.opaque(), null, null, null);
    }

    /**
     * The digest response value. With {@code qop == null}: H(HA1:nonce:HA2); with qop "auth":
     * H(HA1:nonce:nc:cnonce:qop:HA2), where HA1 = H(user:realm:password) and HA2 = H(method:uri).
     */
    public static String response(String algorithm, String username, String realm, String password, String method,
                                  String uri, String nonce, String nc, String cnonce, String qop) {
        String ha1 = hash(algorithm, username + ":" + realm + ":" + password);
        String ha2 = hash(algorithm, method + ":" + uri);
        if (qop == null) {
            return hash(algorithm, ha1 + ":" + nonce + ":" + ha2);
        }
        return hash(algorithm, ha1 + ":" + nonce + ":" + nc + ":" + cnonce + ":" + qop + ":" + ha2);
    }

    static String hash(String algorithm, String value) {
        String javaName = javaAlgorithm(algorithm);
        if (javaName == null) {
            throw new IllegalArgumentException("unsupported digest algorithm " + algorithm);
        }
        try {
            MessageDigest digest = MessageDigest.getInstance(javaName);
            return HexFormat.of().formatHex(digest.digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("JDK lacks " + javaName, e);
        }
    }

    private static String javaAlgorithm(String algorithm) {
        return switch (algorithm.toUpperCase(Locale.ROOT)) {
            case "MD5" -> "MD5";
            case "SHA-256" -> "SHA-256";
            default -> null;
        };
    }
}
