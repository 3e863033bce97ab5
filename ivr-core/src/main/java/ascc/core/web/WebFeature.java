package ascc.core.web;

import ascc.core.config.Conf;
import ascc.core.feature.Feature;
import ascc.core.feature.FeatureContext;
import ascc.core.http.HttpRequestInfo;
import ascc.core.http.HttpResponseSpec;
import ascc.core.password.PasswordHash;
import ascc.routing.config.WebConfig;
import ascc.routing.config.WebConfig.Role;
import java.sql.SQLException;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The web foundation: logins from web.yaml ({@code GET/POST /login}, {@code POST /logout}), server-side sessions,
 * the guard every page uses ({@link #auth()}), the shared front-end files ({@code /web/app.css}, {@code /web/app.js})
 * and {@code /} (to the start page of the user's role). Pages of other features are added with
 * {@code ctx.contribute().routes(http -> http.openRoute("GET", "/x", web.auth().page(roles, handler)))}: see docs/web.md.
 */
public final class WebFeature implements Feature {
    private static final Logger LOG = LoggerFactory.getLogger(WebFeature.class);
    /** The cookie of the login form's CSRF token (double submit: cookie and hidden field must match). */
    static final String LOGIN_COOKIE = "ascc_login";

    private final Supplier<WebConfig> config;
    private final WebAuth auth;
    private final WebAudit audit;
    private final LoginThrottle throttle;

    public WebFeature(FeatureContext ctx) {
        this.config = ctx.config().part(Conf::web);
        this.auth = new WebAuth(new Sessions(ctx.clock(), config), false);
        this.audit = new WebAudit(ctx.dataSource(), ctx.clock());
        this.throttle = new LoginThrottle(ctx.clock());
        ctx.contribute().routes(http -> http
                .openRoute("GET", "/login", this::loginPage)
                .openRoute("POST", "/login", this::login)
                .openRoute("POST", "/logout", this::logout)
                .openRoute("GET", "/", this::home)
                .openRoute("GET", "/favicon.ico", req -> new HttpResponseSpec(204, "image/x-icon", null, Map.of()))
                .openRoute("GET", "/web/app.css", StaticAsset.of("app.css"))
                .openRoute("GET", "/web/app.js", StaticAsset.of("app.js")));
    }

    /** The guard for pages, APIs and actions of every web feature. */
    public WebAuth auth() {
        return auth;
    }

    /** The audit table (supervisor actions write there before acting). */
    public WebAudit audit() {
        return audit;
    }

    /** The start page of a role. */
    public static String home(Role role) {
        return switch (role) {
            case ADMIN, SUPERVISOR -> "/wallboard";
            case COMPANY -> "/portal";
            case AGENT -> "/agent";
        };
    }

    private HttpResponseSpec home(HttpRequestInfo req) {
        Optional<WebSession> s = auth.session(req);
        return WebAuth.secure(HttpResponseSpec.redirect(s.map(x -> home(x.principal().role())).orElse("/login")));
    }

    private HttpResponseSpec loginPage(HttpRequestInfo req) {
        return loginForm(200, req.queryParam("next").orElse(""), null);
    }

    private HttpResponseSpec loginForm(int status, String next, String error) {
        String token = auth.sessions().token();
        String html = "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>Log in - ASCC</title>"
                + "<link rel=\"stylesheet\" href=\"/web/app.css\"></head><body class=\"login\"><main><h1>ASCC</h1>"
                + (error == null ? "" : "<p class=\"error\" id=\"login-error\">" + Html.esc(error) + "</p>")
                + "<form method=\"post\" action=\"/login\" id=\"login-form\">"
                + "<input type=\"hidden\" name=\"" + WebAuth.CSRF_FIELD + "\" value=\"" + token + "\">"
                + "<input type=\"hidden\" name=\"next\" value=\"" + Html.esc(safeNext(next)) + "\">"
                + "<label>Login <input name=\"login\" id=\"login\" autocomplete=\"username\" required autofocus></label>"
                + "<label>Password <input name=\"password\" id=\"password\" type=\"password\" autocomplete=\"current-password\""
                + " required></label><button type=\"submit\" id=\"login-submit\">Log in</button></form></main></body></html>\n";
        return WebAuth.secure(HttpResponseSpec.html(status, html).withHeader("Set-Cookie", LOGIN_COOKIE + "=" + token
                + "; Path=/login; HttpOnly; SameSite=Strict" + (auth.secureCookie() ? "; Secure" : "")));
    }

    private HttpResponseSpec login(HttpRequestInfo req) {
        Map<String, String> f = WebAuth.form(req);
        String next = f.getOrDefault("next", "");
        String cookie = WebAuth.cookie(req, LOGIN_COOKIE);
        String typed = f.getOrDefault("login", "").strip();
        if (cookie == null || !WebAuth.sameOrigin(req) || !java.security.MessageDigest.isEqual(cookie.getBytes(
                java.nio.charset.StandardCharsets.UTF_8), f.getOrDefault(WebAuth.CSRF_FIELD, "").getBytes(
                java.nio.charset.StandardCharsets.UTF_8))) {
            return loginForm(403, next, "The login form expired; please try again.");
        }
        String password = f.getOrDefault("password", "");
        String login = typed.length() > 64 ? typed.substring(0, 64) : typed;
        long locked = throttle.lockedForSeconds(login);
        if (locked > 0) {
            audit(null, login, "login", "refused", "locked after " + LoginThrottle.MAX_FAILURES + " failures");
            return loginForm(429, next, "Too many failed logins; try again in " + locked + " s.");
        }
        WebConfig.User user = config.get().users().get(login);
        boolean ok = user == null ? PasswordHash.matchesNothing(password) : PasswordHash.matches(user.passwordHash().reveal(), password);
        if (!ok) {
            throttle.failed(login);
            audit(null, login, "login", "refused", user == null ? "unknown login" : "wrong password");
            LOG.info("web login refused for '{}'", login);
            return loginForm(401, next, "Wrong login or password.");
        }
        throttle.succeeded(login);
        WebSession s = auth.sessions().create(Principal.of(user));
        audit(s.principal(), login, "login", "ok", "");
        LOG.info("web login: {} ({})", login, user.role().key());
        String to = safeNext(next);
        return WebAuth.secure(HttpResponseSpec.redirect(to.isEmpty() ? home(user.role()) : to)
                .withHeader("Set-Cookie", auth.sessionCookie(s)));
    }

    private HttpResponseSpec logout(HttpRequestInfo req) throws Exception {
        return auth.action(java.util.EnumSet.allOf(Role.class), (r, s) -> {
            auth.sessions().end(s);
            audit(s.principal(), s.principal().login(), "logout", "ok", "");
            return HttpResponseSpec.redirect("/login").withHeader("Set-Cookie", auth.clearedCookie());
        }).handle(req);
    }

    private void audit(Principal who, String login, String action, String outcome, String detail) {
        try {
            audit.record(who, login, action, "", outcome, detail);
        } catch (SQLException e) {
            LOG.warn("web audit row not written ({} {} {}): {}", login, action, outcome, e.toString());
        }
    }

    /** Only a path of this server ({@code /wallboard}), never another site ({@code //evil}, {@code https://...}). */
    static String safeNext(String next) {
        if (next == null || !next.startsWith("/") || next.startsWith("//") || next.startsWith("/\\") || next.length() > 200
                || next.startsWith("/login") || next.chars().anyMatch(c -> c < 0x20)) {
            return "";
        }
        return next;
    }

    @Override
    public void close() {
        // sessions live in memory only; nothing to release
    }
}
