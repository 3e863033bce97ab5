package ascc.core.ami;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * An immutable AMI action: {@code AmiAction.of("QueueStatus").with("Queue", "desk-a")}. Each {@code with} returns a
 * new action; a key may repeat (e.g. {@code Variable}). The client sets {@code ActionID} when sending, replacing any
 * given one. Values must not contain CR or LF (they would inject lines). {@link #toString()} masks {@code Secret}.
 *
 * @param name the action name ({@code Action:} value)
 * @param fields the other lines in order
 */
public record AmiAction(String name, List<AmiMessage.Field> fields) {

    public AmiAction {
        Objects.requireNonNull(name, "name");
        checkLine("Action", name);
        if (name.isBlank()) {
            throw new IllegalArgumentException("AMI action name is blank");
        }
        fields = List.copyOf(fields);
    }

    public static AmiAction of(String name) {
        return new AmiAction(name, List.of());
    }

    /** A copy with one more {@code key: value} line. */
    public AmiAction with(String key, String value) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, () -> "value of " + key);
        checkLine(key, key);
        checkLine(key, value);
        if (key.isBlank() || key.indexOf(':') >= 0) {
            throw new IllegalArgumentException("bad AMI key '" + key + "' in action " + name);
        }
        if (key.equalsIgnoreCase("Action")) {
            throw new IllegalArgumentException("set the action name with AmiAction.of, not with(\"Action\", ...)");
        }
        List<AmiMessage.Field> copy = new ArrayList<>(fields.size() + 1);
        copy.addAll(fields);
        copy.add(new AmiMessage.Field(key, value));
        return new AmiAction(name, copy);
    }

    /** A copy with one more line of a number. */
    public AmiAction with(String key, long value) {
        return with(key, Long.toString(value));
    }

    /** A copy whose {@code ActionID} is {@code actionId} (any earlier ActionID lines removed). */
    public AmiAction withActionId(String actionId) {
        List<AmiMessage.Field> copy = new ArrayList<>(fields.size() + 1);
        copy.add(new AmiMessage.Field("ActionID", actionId));
        for (AmiMessage.Field f : fields) {
            if (!f.key().equalsIgnoreCase("ActionID")) {
                copy.add(f);
            }
        }
        checkLine("ActionID", actionId);
        return new AmiAction(name, copy);
    }

    /** The first value of {@code key} (case-insensitive), or null. */
    public String get(String key) {
        for (AmiMessage.Field f : fields) {
            if (f.key().equalsIgnoreCase(key)) {
                return f.value();
            }
        }
        return null;
    }

    /** The ActionID line's value, or null before the client set one. */
    public String actionId() {
        return get("ActionID");
    }

    /** The wire form: {@code Action: X\r\n} then each line, then a blank line. Contains the secret of a Login. */
    String encode() {
        StringBuilder sb = new StringBuilder(32 + fields.size() * 24);
        sb.append("Action: ").append(name).append("\r\n");
        for (AmiMessage.Field f : fields) {
            sb.append(f.key()).append(": ").append(f.value()).append("\r\n");
        }
        return sb.append("\r\n").toString();
    }

    private static void checkLine(String key, String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\r' || c == '\n') {
                throw new IllegalArgumentException("AMI value of '" + key + "' contains CR/LF at index " + i);
            }
        }
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("AmiAction{Action: ").append(name);
        for (AmiMessage.Field f : fields) {
            sb.append(", ").append(f);
        }
        return sb.append('}').toString();
    }
}
