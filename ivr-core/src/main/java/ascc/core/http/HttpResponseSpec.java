package ascc.core.http;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a handler answers.
 *
 * @param status HTTP status code
 * @param contentType value of {@code Content-Type}
 * @param body the body bytes
 * @param headers extra headers
 * @param file null, or a file whose content is the body instead of {@code body}: the server streams it from disk
 *     (zero-copy, constant memory, never read whole) and answers a {@code Range} request with 206 or 416
 * @param stream null, or a server-sent event stream ({@link #events}): the server writes the head, then keeps the connection
 *     for the events the stream sends, until either side closes it
 */
public record HttpResponseSpec(int status, String contentType, byte[] body, Map<String, String> headers, Path file,
                               EventStream stream) {

    public HttpResponseSpec(int status, String contentType, byte[] body, Map<String, String> headers) {
        this(status, contentType, body, headers, null, null);
    }

    public HttpResponseSpec(int status, String contentType, byte[] body, Map<String, String> headers, Path file) {
        this(status, contentType, body, headers, file, null);
    }

    /**
     * A {@code text/event-stream} answer (server-sent events, what a browser's {@code EventSource} reads): once the head is
     * written the server calls {@link EventStream#open} with the connection's {@link EventSink}.
     */
    public static HttpResponseSpec events(EventStream stream) {
        return new HttpResponseSpec(200, "text/event-stream; charset=utf-8", null, Map.of(), null,
                java.util.Objects.requireNonNull(stream, "stream"));
    }

    /** An HTML page. */
    public static HttpResponseSpec html(int status, String html) {
        return new HttpResponseSpec(status, "text/html; charset=utf-8", html.getBytes(StandardCharsets.UTF_8), Map.of());
    }

    /** A 303 to {@code location} (after a form post, or to the login page). */
    public static HttpResponseSpec redirect(String location) {
        return new HttpResponseSpec(303, "text/plain; charset=utf-8", new byte[0], Map.of("Location", location));
    }

    /**
     * A 200 whose body is {@code file}, streamed by the server ({@code Range} honoured). The file is opened when the
     * answer is written: if it is gone by then the answer is 404.
     */
    public static HttpResponseSpec file(String contentType, Path file, Map<String, String> headers) {
        return new HttpResponseSpec(200, contentType, null, headers, java.util.Objects.requireNonNull(file, "file"));
    }

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
        return new HttpResponseSpec(status, contentType, body, h, file, stream);
    }

    int bodyLength() {
        return body.length;
    }

    byte[] bodyUnsafe() {
        return body;
    }
}
