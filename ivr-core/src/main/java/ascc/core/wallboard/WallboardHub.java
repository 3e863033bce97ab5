package ascc.core.wallboard;

import ascc.core.http.EventSink;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The open wallboard event streams. {@link #publish} sends the newest state to each (never blocks: a sink only queues on
 * its connection's event loop); a new stream gets the newest state at once. Bounded: beyond {@link #MAX_STREAMS} a new
 * stream is refused (each holds a connection of the server's cap).
 */
final class WallboardHub {
    static final String EVENT = "wallboard";
    static final int MAX_STREAMS = 64;
    private final List<EventSink> sinks = new CopyOnWriteArrayList<>();
    private volatile String latest;

    /** False when {@link #MAX_STREAMS} are open. */
    boolean hasRoom() {
        return sinks.size() < MAX_STREAMS;
    }

    /** On the new stream's event loop. */
    void open(EventSink sink) {
        sinks.add(sink);
        sink.onClose(() -> sinks.remove(sink));
        String now = latest;
        if (now != null) {
            sink.send(EVENT, now);
        }
    }

    void publish(String json) {
        latest = json;
        for (EventSink s : sinks) {
            if (!s.send(EVENT, json)) {
                sinks.remove(s);
            }
        }
    }

    String latest() {
        return latest;
    }

    int streams() {
        return sinks.size();
    }
}
