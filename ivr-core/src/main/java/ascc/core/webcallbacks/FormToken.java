package ascc.core.webcallbacks;

import ascc.routing.config.Secret;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The public form's token: {@code <issued epoch seconds>.<nonce>.<HMAC-SHA256(secret, company|issued|nonce)>}, put in the
 * form page and required with its post. Without a session there is nothing for a cross-site request to ride on; the
 * token makes a post come from a page this server rendered for that company within {@link #MAX_AGE}, once: a used nonce is
 * refused until the token would have expired anyway (at most {@link #MAX_USED} remembered).
 */
final class FormToken {
    static final Duration MAX_AGE = Duration.ofHours(2);
    static final int MAX_USED = 100_000;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Map<String, Instant> used = new ConcurrentHashMap<>();

    /** A new token for {@code company}'s form. */
    String issue(Secret secret, String company, Instant now) {
        byte[] n = new byte[12];
        RANDOM.nextBytes(n);
        String nonce = HexFormat.of().formatHex(n);
        long at = now.getEpochSecond();
        return at + "." + nonce + "." + mac(secret, company, at, nonce);
    }

    /** Why {@code token} is refused for {@code company} now, or null when it is good (it is then used up). */
    String refusal(Secret secret, String company, String token, Instant now) {
        if (token == null) {
            return "missing form token";
        }
        String[] p = token.split("\\.", -1);
        if (p.length != 3 || !p[0].matches("\\d{1,12}") || !p[1].matches("[0-9a-f]{24}")) {
            return "malformed form token";
        }
        long at = Long.parseLong(p[0]);
        String expected = mac(secret, company, at, p[1]);
        if (!MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII), p[2].getBytes(StandardCharsets.US_ASCII))) {
            return "form token not issued by this server for this company";
        }
        Instant issued = Instant.ofEpochSecond(at);
        if (issued.isAfter(now.plusSeconds(60)) || issued.plus(MAX_AGE).isBefore(now)) {
            return "form token expired: reload the form";
        }
        if (used.size() >= MAX_USED) {
            for (Iterator<Instant> it = used.values().iterator(); it.hasNext(); ) {
                if (it.next().plus(MAX_AGE).isBefore(now)) {
                    it.remove();
                }
            }
        }
        if (used.putIfAbsent(p[1], issued) != null) {
            return "form already sent: reload the form";
        }
        return null;
    }

    private static String mac(Secret secret, String company, long at, String nonce) {
        try {
            Mac m = Mac.getInstance("HmacSHA256");
            m.init(new SecretKeySpec(secret.reveal().getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] d = m.doFinal((company + "|" + at + "|" + nonce).getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(d);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JVM", e);
        }
    }
}
