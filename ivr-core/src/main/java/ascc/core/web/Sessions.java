package ascc.core.web;

import ascc.routing.config.WebConfig;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Server-side sessions in memory (a restart logs everybody out; nothing promised to a caller is here). An id is 32 random
 * bytes; a session ends after web.yaml's idle minutes without a request (not while it has an event stream open), after
 * its max hours, at logout, or when web.yaml no longer grants its user the same role; its open event streams end with it.
 * Expired sessions are dropped as new ones are made (no thread of its own).
 * Thread-safe; time from the injected clock.
 */
public final class Sessions {
    /** More sessions than this at once: the oldest are not kept (a flood of logins cannot grow memory without end). */
    static final int MAX_SESSIONS = 10_000;
    private final Clock clock;
    private final Supplier<WebConfig> config;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, WebSession> byId = new ConcurrentHashMap<>();

    public Sessions(Clock clock, Supplier<WebConfig> config) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.config = Objects.requireNonNull(config, "config");
    }

    /** A new session for {@code principal}, always with a fresh id (no session fixation). */
    public WebSession create(Principal principal) {
        sweep();
        WebSession s = new WebSession(token(), principal, token(), clock.instant());
        byId.put(s.id(), s);
        return s;
    }

    /** The live session of {@code id} (touched), or empty when unknown, expired or no longer granted. */
    public Optional<WebSession> find(String id) {
        if (id == null || id.isEmpty()) {
            return Optional.empty();
        }
        WebSession s = byId.get(id);
        if (s == null) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        WebConfig c = config.get();
        if (expired(s, now, c) || !s.principal().sameAs(c.users().get(s.principal().login()))) {
            end(s);
            return Optional.empty();
        }
        s.touch(now);
        return Optional.of(s);
    }

    /** Ends a session (logout, expiry, grant withdrawn) and closes its open event streams. */
    public void end(WebSession s) {
        byId.remove(s.id());
        s.end();
    }

    /** Sessions held now (expired ones may still count until the next sweep). */
    public int size() {
        return byId.size();
    }

    /** Past its max hours, or idle for web.yaml's idle minutes (a session with an open event stream is not idle). */
    private static boolean expired(WebSession s, Instant now, WebConfig c) {
        return !s.streaming() && !now.isBefore(s.lastUsed().plus(Duration.ofMinutes(c.idleMinutes())))
                || !now.isBefore(s.created().plus(Duration.ofHours(c.maxHours())));
    }

    private void sweep() {
        Instant now = clock.instant();
        WebConfig c = config.get();
        for (WebSession s : byId.values()) {
            if (expired(s, now, c)) {
                end(s);
            }
        }
        if (byId.size() >= MAX_SESSIONS) {
            byId.values().stream().min(java.util.Comparator.comparing(WebSession::lastUsed)).ifPresent(this::end);
        }
    }

    String token() {
        byte[] b = new byte[32];
        random.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
}
