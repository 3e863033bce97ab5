package ascc.core.http;

/**
 * Handles one request on a route added with {@link HttpServer#route}. Runs on a virtual thread, never on the event loop,
 * so it may block (database, files). An exception becomes a 500 and is logged with the method and path.
 */
@FunctionalInterface
public interface Handler {
    HttpResponseSpec handle(HttpRequestInfo request) throws Exception;
}
