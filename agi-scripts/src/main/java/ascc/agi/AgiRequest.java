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

    /**
     * The environment Asterisk sends for {@code agi://127.0.0.1/<script>} on {@code channel} (unique and linked id
     * {@code uniqueId}) in dialplan {@code context}, a call from {@code callerId} to {@code extension}, with
     * {@code args} as {@code agi_arg_1..N}: for dry runs and tests, which have no Asterisk to send it.
     */
    public static AgiRequest of(String script, String channel, String uniqueId, String context, String callerId,
            String extension, String... args) {
        Map<String, String> env = new java.util.HashMap<>();
        env.put("network", "yes");
        env.put("network_script", script);
        env.put("request", "agi://127.0.0.1/" + script);
        env.put("channel", channel);
        env.put("uniqueid", uniqueId);
        env.put("linkedid", uniqueId);
        env.put("callerid", callerId);
        env.put("extension", extension);
        env.put("context", context);
        env.put("priority", "1");
        for (int i = 0; i < args.length; i++) {
            env.put("arg_" + (i + 1), args[i]);
        }
        return new AgiRequest(script, env, List.of(args));
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
