package ascc.core.http;

/** What a server-sent event answer ({@link HttpResponseSpec#events}) does once its head is written. */
@FunctionalInterface
public interface EventStream {
    /**
     * Called once, on the connection's event loop, when the stream is open: keep {@code sink} to send events. Must not
     * block (hand work to another thread).
     */
    void open(EventSink sink);
}
