package ascc.core.ami;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One AMI message as received: {@code Key: Value} lines up to a blank line.
 * Keys keep their order and spelling; look-ups are case-insensitive; repeated keys (e.g. {@code ChanVariable},
 * {@code Output}) are all kept. {@link #toString()} masks secrets and callers' numbers.
 *
 * @param fields the lines in arrival order
 */
public record AmiMessage(List<Field> fields) {

    /**
     * One {@code Key: Value} line.
     *
     * @param key the key as sent (never null)
     * @param value the value with the separator's blanks removed (never null, may be empty)
     */
    public record Field(String key, String value) {
        public Field {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(value, "value");
        }

        @Override
        public String toString() {
            return key + ": " + AmiMasking.maskValue(key, value);
        }
    }

    public AmiMessage {
        fields = List.copyOf(fields);
    }

    /** Builds a message from alternating keys and values (tests, fakes). */
    public static AmiMessage of(String... keysAndValues) {
        if (keysAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("need key/value pairs, got " + keysAndValues.length + " strings");
        }
        List<Field> list = new ArrayList<>(keysAndValues.length / 2);
        for (int i = 0; i < keysAndValues.length; i += 2) {
            list.add(new Field(keysAndValues[i], keysAndValues[i + 1]));
        }
        return new AmiMessage(list);
    }

    /** The first value of {@code key} (case-insensitive), or null. */
    public String get(String key) {
        for (Field f : fields) {
            if (f.key().equalsIgnoreCase(key)) {
                return f.value();
            }
        }
        return null;
    }

    /** The first value of {@code key} (case-insensitive), if present. */
    public Optional<String> find(String key) {
        return Optional.ofNullable(get(key));
    }

    /** All values of {@code key} (case-insensitive) in arrival order; empty if absent. */
    public List<String> getAll(String key) {
        List<String> out = new ArrayList<>(2);
        for (Field f : fields) {
            if (f.key().equalsIgnoreCase(key)) {
                out.add(f.value());
            }
        }
        return List.copyOf(out);
    }

    public boolean has(String key) {
        return get(key) != null;
    }

    /** True for messages with an {@code Event:} line. */
    public boolean isEvent() {
        return has("Event");
    }

    /** True for messages with a {@code Response:} line. */
    public boolean isResponse() {
        return has("Response");
    }

    /** The {@code Event:} value or null. */
    public String eventName() {
        return get("Event");
    }

    /** The {@code ActionID:} value or null. */
    public String actionId() {
        return get("ActionID");
    }

    /** The {@code Response:} value (Success, Error, Goodbye, ...) or null. */
    public String response() {
        return get("Response");
    }

    /** First value per key, in first-arrival order, keys as sent. Repeated keys: use {@link #getAll(String)}. */
    public Map<String, String> firstValues() {
        Map<String, String> map = new LinkedHashMap<>();
        for (Field f : fields) {
            map.putIfAbsent(f.key(), f.value());
        }
        return Collections.unmodifiableMap(map);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(32 + fields.size() * 24).append("AmiMessage{");
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append(fields.get(i));
        }
        return sb.append('}').toString();
    }
}
