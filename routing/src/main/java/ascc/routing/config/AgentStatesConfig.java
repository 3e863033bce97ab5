package ascc.routing.config;

import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Agent-state settings from {@code conf/agent-states.yaml} (optional file; defaults when absent).
 *
 * @param autoLogin when true the engine logs every agent into their desks' queues over AMI when it connects
 *                  (and after each AMI reconnect), except agents who logged out from their phone
 * @param reasons pause reason code (the digits after {@code *13}) to reason name, e.g. 1 to "break"
 * @param serviceLevelSeconds a call answered within this many seconds of joining the queue counts as in service level
 */
public record AgentStatesConfig(boolean autoLogin, Map<Integer, String> reasons, int serviceLevelSeconds) {
    public static final String FILE = "agent-states.yaml";

    public AgentStatesConfig {
        reasons = Collections.unmodifiableMap(new TreeMap<>(reasons));
    }

    /** Settings used when the file is absent: auto-login on, reasons 1 break, 2 training, 3 after-call work, 20 s. */
    public static AgentStatesConfig defaults() {
        return new AgentStatesConfig(true, Map.of(1, "break", 2, "training", 3, "after-call work"), 20);
    }

    /** The reason name of a code, if configured. */
    public Optional<String> reason(int code) {
        return Optional.ofNullable(reasons.get(code));
    }
}
