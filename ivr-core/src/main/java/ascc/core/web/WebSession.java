package ascc.core.web;

import ascc.core.http.EventSink;
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
    /** The session's open event streams: ended with it (logout, expiry, its grant withdrawn). */
    private final java.util.Set<EventSink> streams = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private volatile boolean ended;

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

    /** Follows an event stream opened by this session; closed at once when the session has ended already. */
    void attach(EventSink sink) {
        streams.add(sink);
        sink.onClose(() -> streams.remove(sink));
        if (ended) {
            sink.close();
        }
    }

    /** True while an event stream of this session is open (a watched wallboard is not idle). */
    boolean streaming() {
        return !streams.isEmpty();
    }

    /** The session ended: its open event streams are closed (the browser's reconnect then finds no session). */
    void end() {
        ended = true;
        for (EventSink s : streams) {
            s.close();
        }
        streams.clear();
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
