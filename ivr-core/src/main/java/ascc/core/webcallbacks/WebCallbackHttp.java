package ascc.core.webcallbacks;

import ascc.core.http.HttpRequestInfo;
import ascc.core.http.HttpResponseSpec;
import ascc.core.http.Json;
import ascc.core.http.RateLimiter;
import ascc.routing.config.Category;
import ascc.routing.config.CenterConfig;
import ascc.routing.config.Company;
import ascc.routing.config.TokenHash;
import ascc.routing.config.WebCallbacks;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /api/callbacks} (a channel integration's bearer token; form-encoded fields {@code company, number, category,
 * window-start, window-end}) and the public form {@code GET|POST /callback/<company>} (no login: a signed form token, a
 * consent checkbox, a per-address limit). Both go to {@link WebCallbackService}.
 */
final class WebCallbackHttp {
    private static final Logger LOG = LoggerFactory.getLogger(WebCallbackHttp.class);
    /** The API's prefix route (serves {@code /api/callbacks} itself). */
    static final String API = "/api/callbacks/";
    static final String FORM = "/callback/";
    static final String FORM_INTEGRATION = "form";
    private static final String HTML = "text/html; charset=utf-8";
    private static final Map<String, String> PAGE_HEADERS = Map.of(
            "Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'",
            "X-Content-Type-Options", "nosniff", "Referrer-Policy", "no-referrer", "Cache-Control", "no-store");

    private final Supplier<CenterConfig> center;
    private final Supplier<WebCallbacks> rules;
    private final WebCallbackService service;
    private final Clock clock;
    private final FormToken tokens = new FormToken();
    private volatile RateLimiter formLimiter;
    private volatile int formLimiterRate;

    WebCallbackHttp(Supplier<CenterConfig> center, Supplier<WebCallbacks> rules, WebCallbackService service, Clock clock) {
        this.center = Objects.requireNonNull(center, "center");
        this.rules = Objects.requireNonNull(rules, "rules");
        this.service = Objects.requireNonNull(service, "service");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    // ------------------------------------------------------------------ the API

    HttpResponseSpec api(HttpRequestInfo r) {
        if (!r.path().equals("/api/callbacks")) {
            return HttpResponseSpec.json(404, "{\"error\":\"not found\"}");
        }
        WebCallbacks w = rules.get();
        WebCallbacks.Integration who = integration(w, r.header("authorization").orElse(""));
        if (who == null) {
            return HttpResponseSpec.json(401, "{\"error\":\"unauthorized\"}").withHeader("WWW-Authenticate", "Bearer realm=\"ascc\"");
        }
        if (!r.header("content-type").orElse("").toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded")) {
            return HttpResponseSpec.json(415, "{\"error\":\"send application/x-www-form-urlencoded\"}");
        }
        Map<String, List<String>> f = fields(r);
        WebCallbackService.Result res = service.submit(new WebCallbackService.Submission(who.name(), who.channel(), field(f, "company"),
                field(f, "number"), field(f, "category"), field(f, "window-start"), field(f, "window-end")));
        if (res.error() != null) {
            return HttpResponseSpec.json(res.status(), "{\"error\":" + Json.string(new StringBuilder(), res.error()) + "}");
        }
        return HttpResponseSpec.json(res.status(), "{\"id\":" + Json.string(new StringBuilder(), res.id()) + ",\"merged\":" + res.merged()
                + ",\"channel\":" + Json.string(new StringBuilder(), who.channel()) + "}");
    }

    /** The integration whose token is presented (every hash compared, in constant time each), or null. */
    static WebCallbacks.Integration integration(WebCallbacks w, String authorization) {
        if (authorization.length() < 8 || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        byte[] presented = TokenHash.digest(authorization.substring(7).strip());
        WebCallbacks.Integration found = null;
        for (WebCallbacks.Integration i : w.integrations()) {
            if (i.token().matchesDigest(presented)) {
                found = i;
            }
        }
        return found;
    }

    // ------------------------------------------------------------------ the public form

    HttpResponseSpec form(HttpRequestInfo r) {
        WebCallbacks w = rules.get();
        String id = r.path().substring(FORM.length());
        Company company = center.get().companies().get(id);
        if (!w.formEnabled() || company == null || id.contains("/")) {
            return page(404, "Not found", "<p>There is no callback form here.</p>");
        }
        if ("GET".equals(r.method())) {
            return formPage(company, w, null, 200);
        }
        if (!"POST".equals(r.method())) {
            return HttpResponseSpec.text(405, "method not allowed").withHeader("Allow", "GET, POST");
        }
        long wait = limiter(w).acquire(r.header(HttpRequestInfo.REMOTE_ADDRESS).orElse("?"));
        if (wait > 0) {
            return page(429, "Too many requests", "<p>Please try again in " + wait + " seconds.</p>").withHeader("Retry-After",
                    Long.toString(wait));
        }
        if (!sameOrigin(r)) {
            return page(403, "Refused", "<p>This form can only be sent from its own page.</p>");
        }
        Map<String, List<String>> f = fields(r);
        String refused = tokens.refusal(w.formSecret(), company.id(), field(f, "form-token"), clock.instant());
        if (refused != null) {
            LOG.info("callback form of {}: refused ({})", company.id(), refused);
            return formPage(company, w, refused, 403);
        }
        if (!"yes".equals(field(f, "consent"))) {
            return formPage(company, w, "Please agree to be called back (the checkbox).", 400);
        }
        WebCallbackService.Result res = service.submit(new WebCallbackService.Submission(FORM_INTEGRATION, WebCallbacks.FORM_CHANNEL,
                company.id(), field(f, "number"), field(f, "category"), field(f, "window-start"), field(f, "window-end")));
        if (res.error() != null) {
            return formPage(company, w, res.error(), res.status());
        }
        return page(res.merged() ? 200 : 201, "Thank you", "<p>" + esc(company.name()) + " will call you back"
                + (res.merged() ? " (you had asked already: one call back for both)." : ".") + "</p>");
    }

    private RateLimiter limiter(WebCallbacks w) {
        RateLimiter l = formLimiter;
        if (l == null || formLimiterRate != w.formPerMinute()) {
            l = RateLimiter.perMinute(clock, w.formPerMinute(), w.formPerMinute(), 10_000);
            formLimiter = l;
            formLimiterRate = w.formPerMinute();
        }
        return l;
    }

    /** A browser's post from another site carries its Origin: refused unless it is this server's own. */
    static boolean sameOrigin(HttpRequestInfo r) {
        String origin = r.header("origin").orElse(null);
        if (origin == null || origin.isEmpty()) {
            return true; // not a browser's cross-site post (those carry an Origin); the form token still applies
        }
        try {
            URI u = URI.create(origin);
            String host = r.header("host").orElse("");
            String originHost = u.getHost() + (u.getPort() > 0 ? ":" + u.getPort() : "");
            return !host.isEmpty() && host.equalsIgnoreCase(originHost);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private HttpResponseSpec formPage(Company c, WebCallbacks w, String error, int status) {
        StringBuilder b = new StringBuilder();
        if (error != null) {
            b.append("<p role=\"alert\" style=\"color:#a00\">").append(esc(error)).append("</p>");
        }
        b.append("<form method=\"post\" action=\"").append(FORM).append(esc(c.id())).append("\">")
                .append("<input type=\"hidden\" name=\"form-token\" value=\"")
                .append(esc(tokens.issue(w.formSecret(), c.id(), clock.instant()))).append("\">")
                .append("<p><label>Phone number <input name=\"number\" type=\"tel\" required autocomplete=\"tel\""
                        + " placeholder=\"010-1234-5678\"></label></p>")
                .append("<p><label>Product <select name=\"category\"><option value=\"\">(any)</option>");
        for (Category cat : c.categories()) {
            b.append("<option value=\"").append(esc(cat.id())).append("\">").append(esc(cat.id())).append("</option>");
        }
        b.append("</select></label></p>")
                .append("<p><label>Call me from <input name=\"window-start\" type=\"datetime-local\"></label>"
                        + " <label>until <input name=\"window-end\" type=\"datetime-local\"></label> (empty: as soon as possible)</p>")
                .append("<p><label><input type=\"checkbox\" name=\"consent\" value=\"yes\" required> I agree that ")
                .append(esc(c.name())).append("'s service center calls me back at this number and keeps it for that call.</label></p>")
                .append("<p><button type=\"submit\">Call me back</button></p></form>");
        return page(status, "Call me back - " + c.name(), b.toString());
    }

    private static HttpResponseSpec page(int status, String title, String body) {
        String html = "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\""
                + " content=\"width=device-width\"><title>" + esc(title) + "</title></head><body><h1>" + esc(title) + "</h1>" + body
                + "</body></html>";
        HttpResponseSpec s = new HttpResponseSpec(status, HTML, html.getBytes(StandardCharsets.UTF_8), Map.of());
        for (Map.Entry<String, String> h : PAGE_HEADERS.entrySet()) {
            s = s.withHeader(h.getKey(), h.getValue());
        }
        return s;
    }

    static String esc(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (char ch : s.toCharArray()) {
            switch (ch) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(ch);
            }
        }
        return b.toString();
    }

    private static Map<String, List<String>> fields(HttpRequestInfo r) {
        return new QueryStringDecoder(r.bodyText(), StandardCharsets.UTF_8, false, 32).parameters();
    }

    private static String field(Map<String, List<String>> f, String name) {
        List<String> v = f.get(name);
        return v == null || v.isEmpty() ? null : v.get(0);
    }
}
