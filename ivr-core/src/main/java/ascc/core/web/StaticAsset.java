package ascc.core.web;

import ascc.core.http.Handler;
import ascc.core.http.HttpResponseSpec;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * A file of the front end ({@code src/main/resources/ascc/core/web/static/}), read from the jar once at start and served
 * from memory on an open route ({@code /web/<name>}): no build step, no file system path from a request.
 */
public final class StaticAsset {
    private StaticAsset() {
    }

    /**
     * The handler of {@code /web/<name>}.
     *
     * @throws IllegalStateException when the jar has no such file
     */
    public static Handler of(String name) {
        byte[] body;
        try (InputStream in = StaticAsset.class.getResourceAsStream("static/" + name)) {
            if (in == null) {
                throw new IllegalStateException("no web asset static/" + name + " in the jar");
            }
            body = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read web asset " + name, e);
        }
        String type = name.endsWith(".js") ? "text/javascript; charset=utf-8" : name.endsWith(".css") ? "text/css; charset=utf-8"
                : name.endsWith(".svg") ? "image/svg+xml" : "application/octet-stream";
        HttpResponseSpec answer = WebAuth.secure(new HttpResponseSpec(200, type, body, Map.of()));
        return req -> answer;
    }
}
