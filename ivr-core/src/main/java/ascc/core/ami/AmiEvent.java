package ascc.core.ami;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An AMI event as handed to subscribers: immutable, stamped with the injected clock when the I/O thread decoded it.
 * Typed views of the events the engine uses: {@link AmiEvents#typed(AmiEvent)}.
 *
 * @param name the {@code Event:} value, e.g. {@code QueueCallerJoin}
 * @param message all lines, in order, repeated keys kept
 * @param received when it was decoded
 * @param box id of the Asterisk box whose AMI link delivered it (engine.yaml {@code boxes}); "" on the one-box link
 */
public record AmiEvent(String name, AmiMessage message, Instant received, String box) {

    public AmiEvent {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(received, "received");
        Objects.requireNonNull(box, "box");
    }

    /** An event of the one-box link (no box id). */
    public AmiEvent(String name, AmiMessage message, Instant received) {
        this(name, message, received, "");
    }

    static AmiEvent of(AmiMessage message, Instant received) {
        return new AmiEvent(message.eventName(), message, received);
    }

    static AmiEvent of(AmiMessage message, Instant received, String box) {
        return new AmiEvent(message.eventName(), message, received, box);
    }

    /** True if this is event {@code eventName} (case-insensitive). */
    public boolean is(String eventName) {
        return name.equalsIgnoreCase(eventName);
    }

    /** The first value of {@code key} (case-insensitive), or null. */
    public String get(String key) {
        return message.get(key);
    }

    /** The first value of {@code key}, or {@code fallback} when absent. */
    public String get(String key, String fallback) {
        String v = message.get(key);
        return v == null ? fallback : v;
    }

    /** An integer field; {@code fallback} when absent or not a number. */
    public int getInt(String key, int fallback) {
        String v = message.get(key);
        if (v == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(v.strip());
        } catch (NumberFormatException ignored) {
            return fallback;
        }
    }

    /** A long field; {@code fallback} when absent or not a number. */
    public long getLong(String key, long fallback) {
        String v = message.get(key);
        if (v == null) {
            return fallback;
        }
        try {
            return Long.parseLong(v.strip());
        } catch (NumberFormatException ignored) {
            return fallback;
        }
    }

    /** All values of a repeated key such as {@code ChanVariable}. */
    public List<String> getAll(String key) {
        return message.getAll(key);
    }

    /** First value per key in arrival order (keys as sent). */
    public Map<String, String> fields() {
        return message.firstValues();
    }

    public String actionId() {
        return message.actionId();
    }

    public String queue() {
        return message.get("Queue");
    }

    public String uniqueId() {
        return message.get("Uniqueid");
    }

    public String linkedId() {
        return message.get("Linkedid");
    }

    public String channel() {
        return message.get("Channel");
    }

    /** The member interface of queue events ({@code Interface:}, e.g. {@code PJSIP/agent-7}). */
    public String memberInterface() {
        return message.get("Interface");
    }

    @Override
    public String toString() {
        return "AmiEvent{" + name + (box.isEmpty() ? "" : " from box " + box) + " at " + received + ", " + message + "}";
    }
}
