package ascc.core.http;

/** State of one component (or of the whole engine) as shown by {@code /health}. */
public enum HealthStatus {
    UP,
    DOWN
}
