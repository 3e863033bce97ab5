package ascc.core.http;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * An HTTP request as handlers see it: immutable, body already read (at most the server's body limit).
 *
 * @param method upper-case method ({@code GET})
 * @param path decoded path without query ({@code /calls})
 * @param query decoded query parameters
 * @param headers header names in lower case; a repeated header keeps its first value
 * @param body the body bytes (empty if none)
 */
public record HttpRequestInfo(String method, String path, Map<String, List<String>> query, Map<String, String> headers, byte[] body) {
    /**
     * A header the server sets itself (over any a client sent): the client's address, e.g. for a per-address limit of a
     * public form.
     */
    public static final String REMOTE_ADDRESS = "x-ascc-remote-address";

    public HttpRequestInfo {
        query = Map.copyOf(query);
        headers = Map.copyOf(headers);
        body = body == null ? new byte[0] : body.clone();
    }

    @Override
    public byte[] body() {
        return body.clone();
    }

    /** The body as UTF-8 text. */
    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    public Optional<String> header(String name) {
        return Optional.ofNullable(headers.get(name.toLowerCase(Locale.ROOT)));
    }

    /** First value of a query parameter. */
    public Optional<String> queryParam(String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    @Override
    public String toString() {
        // no headers: they carry the bearer token
        return "HttpRequestInfo[" + method + " " + path + ", " + body.length + " bytes]";
    }
}
