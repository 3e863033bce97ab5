package ascc.core.web;

import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Objects;

/**
 * One logged-in browser: server-side, found by the random id in its {@code HttpOnly} cookie. Carries the principal and
 * the session's CSRF token (pages put it in their forms and in {@code <meta name="csrf-token">}; every state-changing
 * request must send it back).
 */
public final class WebSession {
    private final String id;
    private final Principal principal;
    private final String csrfToken;
    private final Instant created;
    private volatile Instant lastUsed;

    WebSession(String id, Principal principal, String csrfToken, Instant created) {
        this.id = Objects.requireNonNull(id, "id");
        this.principal = Objects.requireNonNull(principal, "principal");
        this.csrfToken = Objects.requireNonNull(csrfToken, "csrfToken");
        this.created = created;
        this.lastUsed = created;
    }

    String id() {
        return id;
    }

    /** Who is logged in. */
    public Principal principal() {
        return principal;
    }

    /** The token forms and fetch calls send back ({@code csrf} field or {@code X-CSRF-Token} header). */
    public String csrfToken() {
        return csrfToken;
    }

    public Instant created() {
        return created;
    }

    Instant lastUsed() {
        return lastUsed;
    }

    void touch(Instant now) {
        lastUsed = now;
    }

    /** Constant-time check of a token a request carried. */
    boolean csrfMatches(String candidate) {
        return candidate != null && MessageDigest.isEqual(csrfToken.getBytes(StandardCharsets.UTF_8),
                candidate.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return "WebSession[" + principal.login() + ", " + principal.role().key() + "]"; // never the id or the token
    }
}
