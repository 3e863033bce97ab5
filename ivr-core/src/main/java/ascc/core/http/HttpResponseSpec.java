package ascc.core.http;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a handler answers.
 *
 * @param status HTTP status code
 * @param contentType value of {@code Content-Type}
 * @param body the body bytes
 * @param headers extra headers
 */
public record HttpResponseSpec(int status, String contentType, byte[] body, Map<String, String> headers) {

    public HttpResponseSpec {
        if (status < 100 || status > 599) {
            throw new IllegalArgumentException("HTTP status out of range: " + status);
        }
        body = body == null ? new byte[0] : body.clone();
        headers = Map.copyOf(headers);
    }

    @Override
    public byte[] body() {
        return body.clone();
    }

    /** JSON body (the caller builds the JSON text). */
    public static HttpResponseSpec json(int status, String json) {
        return new HttpResponseSpec(status, "application/json; charset=utf-8", json.getBytes(StandardCharsets.UTF_8), Map.of());
    }

    /** Plain text body. */
    public static HttpResponseSpec text(int status, String text) {
        return new HttpResponseSpec(status, "text/plain; charset=utf-8", text.getBytes(StandardCharsets.UTF_8), Map.of());
    }

    /** This response with one more header. */
    public HttpResponseSpec withHeader(String name, String value) {
        Map<String, String> h = new LinkedHashMap<>(headers);
        h.put(name, value);
        return new HttpResponseSpec(status, contentType, body, h);
    }

    int bodyLength() {
        return body.length;
    }

    byte[] bodyUnsafe() {
        return body;
    }
}
