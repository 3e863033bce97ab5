package ascc.agi;

import java.util.List;
import java.util.Map;

/**
 * The AGI environment (the {@code agi_*} lines) of one session, immutable.
 *
 * @param script script name from the AGI URL path, e.g. {@code inbound} for {@code agi://host/inbound}
 * @param env every {@code agi_*} variable, keyed without the prefix ({@code channel}, {@code uniqueid}, ...)
 * @param args the {@code agi_arg_N} values in order
 */
public record AgiRequest(String script, Map<String, String> env, List<String> args) {
    public AgiRequest {
        env = Map.copyOf(env);
        args = List.copyOf(args);
    }

    public String channel() {
        return env.getOrDefault("channel", "");
    }

    public String uniqueId() {
        return env.getOrDefault("uniqueid", "");
    }

    /** Linked id of the call; falls back to the unique id on old Asterisk versions. */
    public String linkedId() {
        return env.getOrDefault("linkedid", uniqueId());
    }

    public String callerId() {
        return env.getOrDefault("callerid", "");
    }

    /** The number the customer dialed (the extension the dialplan ran the AGI in). */
    public String extension() {
        return env.getOrDefault("extension", "");
    }

    public String arg(int i) {
        return i < args.size() ? args.get(i) : "";
    }
}
