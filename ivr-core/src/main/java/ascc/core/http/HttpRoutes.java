package ascc.core.http;

import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@link HttpServer}'s route table: exact routes behind the admin token, exact open routes (their handlers
 * authorize), and self-authorized prefix routes, each by path then upper-case method. Registration checks the shape of a
 * route and refuses the built-in paths and duplicates; lookups run on the handler threads (concurrent maps).
 */
final class HttpRoutes {
    /** Exact routes behind the admin token. */
    private final Map<String, Map<String, Handler>> routes = new ConcurrentHashMap<>();
    /** Exact routes the admin token does not guard: their handlers authorize (web pages: a session, or none for the login). */
    private final Map<String, Map<String, Handler>> openRoutes = new ConcurrentHashMap<>();
    /** Prefix routes whose handlers authorize the request themselves (e.g. per-company tokens), by prefix then method. */
    private final Map<String, Map<String, Handler>> selfAuthorizedPrefixes = new ConcurrentHashMap<>();

    /** See {@link HttpServer#route}. */
    void add(String method, String path, Handler handler) {
        String m = checkedExact(method, path, handler);
        Handler previous = routes.computeIfAbsent(path, p -> new ConcurrentHashMap<>()).putIfAbsent(m, handler);
        if (previous != null) {
            throw new IllegalArgumentException("route " + m + " " + path + " is registered already");
        }
    }

    /** See {@link HttpServer#openRoute}. */
    void addOpen(String method, String path, Handler handler) {
        String m = checkedExact(method, path, handler);
        Handler previous = openRoutes.computeIfAbsent(path, p -> new ConcurrentHashMap<>()).putIfAbsent(m, handler);
        if (previous != null || routes.getOrDefault(path, Map.of()).containsKey(m)) {
            throw new IllegalArgumentException("route " + m + " " + path + " is registered already");
        }
    }

    /** See {@link HttpServer#selfAuthorizedPrefixRoute}. */
    void addSelfAuthorizedPrefix(String method, String prefix, Handler handler) {
        Objects.requireNonNull(handler, "handler");
        if (!prefix.startsWith("/") || !prefix.endsWith("/") || prefix.length() < 3) {
            throw new IllegalArgumentException("prefix route must start and end with / (prefix=" + prefix + ")");
        }
        if (prefix.startsWith("/health/") || prefix.startsWith("/metrics/")) {
            throw new IllegalArgumentException("prefix " + prefix + " is built in");
        }
        String m = method.toUpperCase(Locale.ROOT);
        Handler previous = selfAuthorizedPrefixes.computeIfAbsent(prefix, p -> new ConcurrentHashMap<>()).putIfAbsent(m, handler);
        if (previous != null) {
            throw new IllegalArgumentException("prefix route " + m + " " + prefix + " is registered already");
        }
    }

    private static String checkedExact(String method, String path, Handler handler) {
        Objects.requireNonNull(handler, "handler");
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException("route path must start with / (path=" + path + ")");
        }
        if (path.equals("/health") || path.equals("/metrics")) {
            throw new IllegalArgumentException("route " + path + " is built in");
        }
        return method.toUpperCase(Locale.ROOT);
    }

    /** The open route of {@code path} by method, or null. */
    Map<String, Handler> open(String path) {
        return openRoutes.get(path);
    }

    /**
     * The self-authorized prefix route serving {@code path} by method, or null; exact routes behind the admin token are
     * matched first (so this is null for their paths). The prefix without its last {@code /} is served too.
     */
    Map<String, Handler> selfAuthorized(String path) {
        if (routes.containsKey(path)) {
            return null;
        }
        for (Map.Entry<String, Map<String, Handler>> e : selfAuthorizedPrefixes.entrySet()) {
            if (path.startsWith(e.getKey()) || (path + "/").equals(e.getKey())) {
                return e.getValue();
            }
        }
        return null;
    }

    /** The exact route of {@code path} behind the admin token by method, or null. */
    Map<String, Handler> exact(String path) {
        return routes.get(path);
    }
}
