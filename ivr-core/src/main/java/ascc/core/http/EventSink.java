package ascc.core.http;

/**
 * One open server-sent event stream (one browser's {@code EventSource}). Thread-safe: {@link #send} may be called from
 * any thread and never blocks; the bytes are written on the connection's event loop.
 *
 * <p>Each event should carry a whole state (a snapshot), not a delta: when the client reads slower than events come, an
 * event not yet written is replaced by the next one (the newest wins), so a slow browser never grows the engine's memory.
 */
public interface EventSink {
    /**
     * Queues one event.
     *
     * @param event the event name ({@code event:} line; letters, digits, {@code -})
     * @param data the data; each line becomes a {@code data:} line
     * @return false when the stream is closed (drop this sink)
     */
    boolean send(String event, String data);

    /** False once either side closed the connection. */
    boolean isOpen();

    /** Runs {@code action} (on the event loop) when the stream closes; at once if it is closed already. */
    void onClose(Runnable action);

    /** Ends the stream from the server's side (the session behind it ended); any thread. */
    void close();
}
