package ascc.core.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ascc.core.http.EventSink;
import ascc.core.http.HttpRequestInfo;
import ascc.core.http.HttpResponseSpec;
import ascc.core.password.PasswordHash;
import ascc.routing.config.Secret;
import ascc.routing.config.WebConfig;
import ascc.routing.config.WebConfig.Role;
import ascc.testsupport.time.ManualClock;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The guard every web route goes through: session, role, CSRF, origin; sessions end on time and on a changed role. */
class WebAuthTest {
    private static final String HASH = PasswordHash.hash("a-long-password", 4, new SecureRandom());
    private final ManualClock clock = new ManualClock(Instant.parse("2026-12-07T01:00:00Z"));
    private final AtomicReference<WebConfig> config = new AtomicReference<>(config(Role.SUPERVISOR));
    private final Sessions sessions = new Sessions(clock, config::get);
    private final WebAuth auth = new WebAuth(sessions, false);

    private static WebConfig config(Role supervisorRole) {
        Map<String, WebConfig.User> users = new HashMap<>();
        users.put("kim", new WebConfig.User("kim", supervisorRole, Secret.of(HASH), null, null, "Kim"));
        users.put("acme", new WebConfig.User("acme", Role.COMPANY, Secret.of(HASH), "alpha", null, null));
        return new WebConfig(users, 30, 12);
    }

    private WebSession login(String login) {
        return sessions.create(Principal.of(config.get().users().get(login)));
    }

    private static HttpRequestInfo get(String path, WebSession s) {
        Map<String, String> h = new HashMap<>();
        if (s != null) {
            h.put("cookie", "other=1; " + WebAuth.COOKIE + "=" + s.id());
        }
        return new HttpRequestInfo("GET", path, Map.of(), h, new byte[0]);
    }

    private static HttpRequestInfo post(String path, WebSession s, String body, Map<String, String> extra) {
        Map<String, String> h = new HashMap<>(extra);
        h.put("cookie", WebAuth.COOKIE + "=" + s.id());
        h.put("content-type", "application/x-www-form-urlencoded");
        h.put("host", "127.0.0.1:8480");
        return new HttpRequestInfo("POST", path, Map.of(), h, body.getBytes(StandardCharsets.UTF_8));
    }

    private static final WebAuth.SessionHandler OK = (req, s) -> HttpResponseSpec.text(200, "hello " + s.principal().login());

    @Test
    void aPageWithoutASessionSendsTheBrowserToTheLoginWithItsPath() throws Exception {
        HttpResponseSpec r = auth.page(WebAuth.SUPERVISORS, OK).handle(get("/wallboard", null));
        assertEquals(303, r.status());
        assertEquals("/login?next=%2Fwallboard", r.headers().get("Location"));
        assertTrue(r.headers().get("Content-Security-Policy").contains("script-src 'self'"));
    }

    @Test
    void anotherRoleIsRefusedOnPagesAndApis() throws Exception {
        WebSession company = login("acme");
        assertEquals(403, auth.page(WebAuth.SUPERVISORS, OK).handle(get("/wallboard", company)).status());
        assertEquals(403, auth.api(WebAuth.SUPERVISORS, OK).handle(get("/wallboard/events", company)).status());
        assertEquals(401, auth.api(WebAuth.SUPERVISORS, OK).handle(get("/wallboard/events", null)).status());
        WebSession kim = login("kim");
        assertEquals("hello kim", new String(auth.page(WebAuth.SUPERVISORS, OK).handle(get("/wallboard", kim)).body(),
                StandardCharsets.UTF_8));
    }

    @Test
    void anActionNeedsTheSessionsCsrfTokenAndTheSameOrigin() throws Exception {
        WebSession kim = login("kim");
        var action = auth.action(WebAuth.SUPERVISORS, OK);
        assertEquals(403, action.handle(post("/x", kim, "a=1", Map.of())).status(), "no token");
        assertEquals(403, action.handle(post("/x", kim, "csrf=wrong", Map.of())).status(), "wrong token");
        WebSession other = login("kim");
        assertEquals(403, action.handle(post("/x", kim, "csrf=" + other.csrfToken(), Map.of())).status(), "another session's token");
        assertEquals(200, action.handle(post("/x", kim, "csrf=" + kim.csrfToken(), Map.of())).status(), "form field");
        assertEquals(200, action.handle(post("/x", kim, "", Map.of("x-csrf-token", kim.csrfToken(),
                "origin", "http://127.0.0.1:8480"))).status(), "header, same origin");
        assertEquals(403, action.handle(post("/x", kim, "", Map.of("x-csrf-token", kim.csrfToken(),
                "origin", "http://evil.example"))).status(), "another origin");
        assertEquals(403, action.handle(post("/x", kim, "csrf=" + kim.csrfToken(), Map.of("sec-fetch-site", "cross-site"))).status());
    }

    @Test
    void aSessionEndsAfterItsIdleMinutesAndItsMaxHours() {
        WebSession kim = login("kim");
        clock.advance(Duration.ofMinutes(29));
        assertTrue(sessions.find(kim.id()).isPresent());
        clock.advance(Duration.ofMinutes(30));
        assertFalse(sessions.find(kim.id()).isPresent(), "idle 30 min");
        WebSession busy = login("kim");
        for (int i = 0; i < 12 * 3; i++) {
            clock.advance(Duration.ofMinutes(20));
            sessions.find(busy.id());
        }
        assertFalse(sessions.find(busy.id()).isPresent(), "12 h after the login, used or not");
    }

    @Test
    void aSessionEndsWhenWebYamlNoLongerGrantsTheSameRole() {
        WebSession kim = login("kim");
        config.set(config(Role.ADMIN));
        assertFalse(sessions.find(kim.id()).isPresent());
    }

    @Test
    void everyLoginGetsAFreshIdAndTokenNeverShownByToString() {
        WebSession a = login("kim");
        WebSession b = login("kim");
        assertFalse(a.id().equals(b.id()) || a.csrfToken().equals(b.csrfToken()));
        assertFalse(a.toString().contains(a.id()) || a.toString().contains(a.csrfToken()), a.toString());
    }

    @Test
    void onlyLocalPathsAreFollowedAfterTheLogin() {
        assertEquals("/wallboard", WebFeature.safeNext("/wallboard"));
        for (String bad : List.of("//evil.example/x", "https://evil.example", "/\\evil", "/login?next=/x", "javascript:alert(1)")) {
            assertEquals("", WebFeature.safeNext(bad), bad);
        }
    }

    @Test
    void fiveFailedLoginsLockTheLoginForFiveMinutes() {
        LoginThrottle t = new LoginThrottle(clock);
        for (int i = 0; i < LoginThrottle.MAX_FAILURES; i++) {
            assertEquals(0, t.lockedForSeconds("kim"));
            t.failed("kim");
        }
        assertTrue(t.lockedForSeconds("kim") > 0);
        assertEquals(0, t.lockedForSeconds("lee"), "only that login");
        clock.advance(LoginThrottle.WINDOW);
        assertEquals(0, t.lockedForSeconds("kim"));
    }

    @Test
    void passwordsAreCheckedAgainstTheirBcryptHashAndOverLongOnesAreRefused() {
        assertTrue(PasswordHash.matches(HASH, "a-long-password"));
        assertFalse(PasswordHash.matches(HASH, "a-long-passworD"));
        assertFalse(PasswordHash.matches("not-a-hash", "a-long-password"));
        assertFalse(PasswordHash.matches(HASH, "x".repeat(PasswordHash.MAX_BYTES + 1)));
        assertTrue(HASH.startsWith("$2b$04$"));
    }

    /** An event stream's sink as the server gives it: remembers whether the server closed it. */
    private static final class FakeSink implements EventSink {
        private final List<Runnable> onClose = new java.util.ArrayList<>();
        private boolean open = true;

        @Override
        public boolean send(String event, String data) {
            return open;
        }

        @Override
        public boolean isOpen() {
            return open;
        }

        @Override
        public void onClose(Runnable action) {
            if (open) {
                onClose.add(action);
            } else {
                action.run();
            }
        }

        @Override
        public void close() {
            open = false;
            onClose.forEach(Runnable::run);
        }
    }

    private FakeSink openStream(WebSession s) throws Exception {
        HttpResponseSpec r = auth.api(WebAuth.SUPERVISORS, (req, session) -> HttpResponseSpec.events(sink -> { }))
                .handle(get("/wallboard/events", s));
        FakeSink sink = new FakeSink();
        r.stream().open(sink);
        return sink;
    }

    @Test
    void aSessionsOpenEventStreamsEndWithItAtLogoutAndWhenItsGrantIsWithdrawn() throws Exception {
        WebSession kim = login("kim");
        WebSession other = login("kim");
        FakeSink mine = openStream(kim);
        FakeSink theirs = openStream(other);
        sessions.end(kim); // logout
        assertFalse(mine.isOpen(), "the logged-out session's stream is closed");
        assertTrue(theirs.isOpen(), "another session's stream stays");
        config.set(config(Role.ADMIN)); // web.yaml reloaded: kim is no supervisor any more
        assertTrue(sessions.find(other.id()).isEmpty());
        assertFalse(theirs.isOpen(), "closed once the withdrawn grant is found");
    }

    @Test
    void aSessionWatchingAStreamIsNotIdleButStillEndsAfterItsMaxHours() throws Exception {
        WebSession kim = login("kim");
        FakeSink sink = openStream(kim);
        clock.advance(Duration.ofMinutes(31));
        assertTrue(sessions.find(kim.id()).isPresent(), "a wallboard left open on its stream is in use");
        clock.advance(Duration.ofHours(12));
        assertTrue(sessions.find(kim.id()).isEmpty());
        assertFalse(sink.isOpen());
    }
}
