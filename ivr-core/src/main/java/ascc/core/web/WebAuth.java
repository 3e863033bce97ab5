package ascc.core.web;

import ascc.core.http.EventStream;
import ascc.core.http.Handler;
import ascc.core.http.HttpRequestInfo;
import ascc.core.http.HttpResponseSpec;
import ascc.routing.config.WebConfig.Role;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.cookie.Cookie;
import io.netty.handler.codec.http.cookie.ServerCookieDecoder;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The server-side guard of every web route: wraps a handler so it runs only for a live session whose role is allowed,
 * and (for state-changing requests) only with the session's CSRF token and from the engine's own pages.
 *
 * <ul>
 *   <li>{@link #page}: a GET page. No session: 303 to {@code /login?next=<path>}. Wrong role: 403.</li>
 *   <li>{@link #api}: JSON or an event stream. No session: 401. Wrong role: 403.</li>
 *   <li>{@link #action}: a POST. As {@link #api}, then 403 unless the request carries the session's CSRF token (form field
 *       {@value #CSRF_FIELD} or header {@value #CSRF_HEADER}) and, when the browser says where it comes from
 *       ({@code Origin}, {@code Sec-Fetch-Site}), comes from this host.</li>
 * </ul>
 * Every answer gets {@link #SECURITY_HEADERS} (a strict Content-Security-Policy: scripts and styles only from
 * {@code /web/}, no framing).
 */
public final class WebAuth {
    /** The session cookie ({@code HttpOnly; SameSite=Strict; Path=/}). */
    public static final String COOKIE = "ascc_session";
    /** The form field of the CSRF token. */
    public static final String CSRF_FIELD = "csrf";
    /** The header of the CSRF token (fetch calls; {@code /web/app.js}'s {@code ascc.post} sets it). */
    public static final String CSRF_HEADER = "X-CSRF-Token";
    /** Supervisors and admins (the wallboard, supervisor actions). */
    public static final Set<Role> SUPERVISORS = Set.copyOf(EnumSet.of(Role.ADMIN, Role.SUPERVISOR));
    /** Headers on every web answer. */
    public static final Map<String, String> SECURITY_HEADERS = Map.of(
            "Content-Security-Policy", "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
                    + " connect-src 'self'; media-src 'self'; object-src 'none'; frame-ancestors 'none'; form-action 'self';"
                    + " base-uri 'none'",
            "X-Content-Type-Options", "nosniff",
            "X-Frame-Options", "DENY",
            "Referrer-Policy", "same-origin");

    /** A handler that also gets the request's session. */
    @FunctionalInterface
    public interface SessionHandler {
        HttpResponseSpec handle(HttpRequestInfo request, WebSession session) throws Exception;
    }

    private final Sessions sessions;
    private final boolean secureCookie;

    WebAuth(Sessions sessions, boolean secureCookie) {
        this.sessions = Objects.requireNonNull(sessions, "sessions");
        this.secureCookie = secureCookie;
    }

    /** A GET page for {@code roles}; without a session the browser is sent to the login page. */
    public Handler page(Set<Role> roles, SessionHandler handler) {
        return req -> {
            Optional<WebSession> s = session(req);
            if (s.isEmpty()) {
                return secure(HttpResponseSpec.redirect("/login?next=" + java.net.URLEncoder.encode(req.path(), StandardCharsets.UTF_8)));
            }
            return secure(allowed(roles, s.get()) ? handler.handle(req, s.get()) : forbidden(true));
        };
    }

    /** JSON or an event stream for {@code roles}: 401 without a session, 403 for another role. */
    public Handler api(Set<Role> roles, SessionHandler handler) {
        return req -> {
            Optional<WebSession> s = session(req);
            if (s.isEmpty()) {
                return secure(HttpResponseSpec.json(401, "{\"error\":\"not logged in\"}"));
            }
            return secure(allowed(roles, s.get()) ? followed(handler.handle(req, s.get()), s.get()) : forbidden(false));
        };
    }

    /** An event stream answer whose stream the session follows (closed when the session ends); others as they are. */
    private static HttpResponseSpec followed(HttpResponseSpec spec, WebSession session) {
        if (spec.stream() == null) {
            return spec;
        }
        EventStream inner = spec.stream();
        return new HttpResponseSpec(spec.status(), spec.contentType(), spec.body(), spec.headers(), spec.file(), sink -> {
            session.attach(sink);
            inner.open(sink);
        });
    }

    /** A state-changing POST for {@code roles}: as {@link #api}, plus the CSRF token and the same origin. */
    public Handler action(Set<Role> roles, SessionHandler handler) {
        return req -> {
            Optional<WebSession> s = session(req);
            if (s.isEmpty()) {
                return secure(HttpResponseSpec.json(401, "{\"error\":\"not logged in\"}"));
            }
            if (!allowed(roles, s.get())) {
                return secure(forbidden(false));
            }
            if (!sameOrigin(req) || !s.get().csrfMatches(csrfOf(req))) {
                return secure(HttpResponseSpec.json(403, "{\"error\":\"missing or wrong CSRF token\"}"));
            }
            return secure(handler.handle(req, s.get()));
        };
    }

    /** The live session the request's cookie names, if any. */
    public Optional<WebSession> session(HttpRequestInfo req) {
        return sessions.find(cookie(req, COOKIE));
    }

    /** Form fields of an {@code application/x-www-form-urlencoded} body (first value of each). */
    public static Map<String, String> form(HttpRequestInfo req) {
        Map<String, String> out = new LinkedHashMap<>();
        new QueryStringDecoder(req.bodyText(), StandardCharsets.UTF_8, false).parameters()
                .forEach((k, v) -> out.put(k, v.isEmpty() ? "" : v.get(0)));
        return out;
    }

    /** The value of cookie {@code name}, or null. */
    static String cookie(HttpRequestInfo req, String name) {
        String header = req.header("cookie").orElse(null);
        if (header == null) {
            return null;
        }
        for (Cookie c : ServerCookieDecoder.LAX.decode(header)) {
            if (c.name().equals(name)) {
                return c.value();
            }
        }
        return null;
    }

    /** {@code Set-Cookie} of a session. */
    String sessionCookie(WebSession s) {
        return COOKIE + "=" + s.id() + "; Path=/; HttpOnly; SameSite=Strict" + (secureCookie ? "; Secure" : "");
    }

    /** {@code Set-Cookie} that removes the session cookie. */
    String clearedCookie() {
        return COOKIE + "=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0" + (secureCookie ? "; Secure" : "");
    }

    boolean secureCookie() {
        return secureCookie;
    }

    Sessions sessions() {
        return sessions;
    }

    private static boolean allowed(Set<Role> roles, WebSession s) {
        return roles.contains(s.principal().role());
    }

    private static String csrfOf(HttpRequestInfo req) {
        Optional<String> header = req.header(CSRF_HEADER);
        if (header.isPresent()) {
            return header.get();
        }
        String type = req.header("content-type").orElse("");
        return type.startsWith("application/x-www-form-urlencoded") ? form(req).get(CSRF_FIELD) : null;
    }

    /** False when the browser says the request comes from another site (Origin or Sec-Fetch-Site). */
    static boolean sameOrigin(HttpRequestInfo req) {
        String site = req.header("sec-fetch-site").orElse(null);
        if (site != null && !site.equals("same-origin") && !site.equals("none")) {
            return false;
        }
        String origin = req.header("origin").orElse(null);
        if (origin == null) {
            return true;
        }
        String host = req.header("host").orElse("");
        return origin.equals("http://" + host) || origin.equals("https://" + host);
    }

    private static HttpResponseSpec forbidden(boolean html) {
        return html ? HttpResponseSpec.html(403, "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Forbidden"
                + "</title><link rel=\"stylesheet\" href=\"/web/app.css\"></head><body><main><h1>Forbidden</h1><p>Your login may not"
                + " open this page.</p><p><a href=\"/\">Your start page</a></p></main></body></html>\n")
                : HttpResponseSpec.json(403, "{\"error\":\"forbidden for this role\"}");
    }

    /** {@code spec} with {@link #SECURITY_HEADERS}. */
    static HttpResponseSpec secure(HttpResponseSpec spec) {
        HttpResponseSpec out = spec;
        for (Map.Entry<String, String> e : SECURITY_HEADERS.entrySet()) {
            if (!spec.headers().containsKey(e.getKey())) {
                out = out.withHeader(e.getKey(), e.getValue());
            }
        }
        return out;
    }
}
