package ascc.routing.config;

import java.util.Objects;

/**
 * A disposition code an agent may pick for a call after it (desks.yaml, a list per desk): stored with the agent's note on
 * the call ({@code call_disposition}) and counted in the traffic report.
 *
 * @param code short id (a lowercase letter or digit, then up to 31 lowercase letters, digits or '-')
 * @param label what the agent desktop shows
 */
public record Disposition(String code, String label) {
    public Disposition {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(label, "label");
    }
}
