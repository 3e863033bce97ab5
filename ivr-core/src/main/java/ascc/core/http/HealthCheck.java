package ascc.core.http;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * Named component states for {@code /health} ({@code ami}, {@code db}, {@code agi}, ...). The engine is UP when every
 * component is UP. Called off the event loop, so an implementation may block briefly (e.g. a 2 s database ping).
 */
@FunctionalInterface
public interface HealthCheck {

    /** Component name to state, in the order they should be shown. */
    Map<String, HealthStatus> check();

    /** Why components are DOWN, by name (only those that say), for {@code /health}'s {@code reasons}; never secrets. */
    default Map<String, String> reasons() {
        return Map.of();
    }

    /** A check from named probes (see {@link #of(Map)}) and, for some of them, why they are down (null when up). */
    static HealthCheck of(Map<String, BooleanSupplier> probes, Map<String, java.util.function.Supplier<String>> whyDown) {
        HealthCheck states = of(probes);
        Map<String, java.util.function.Supplier<String>> why = new LinkedHashMap<>(whyDown);
        return new HealthCheck() {
            @Override
            public Map<String, HealthStatus> check() {
                return states.check();
            }

            @Override
            public Map<String, String> reasons() {
                Map<String, String> out = new LinkedHashMap<>();
                why.forEach((name, reason) -> {
                    try {
                        String r = reason.get();
                        if (r != null && !r.isBlank()) {
                            out.put(name, r);
                        }
                    } catch (RuntimeException e) {
                        out.put(name, "reason unavailable: " + e);
                    }
                });
                return out;
            }
        };
    }

    /** A check from named probes (true = UP), shown in the map's iteration order. A probe that throws counts as DOWN. */
    static HealthCheck of(Map<String, BooleanSupplier> probes) {
        Map<String, BooleanSupplier> copy = new LinkedHashMap<>(probes);
        return () -> {
            Map<String, HealthStatus> out = new LinkedHashMap<>();
            copy.forEach((name, probe) -> {
                HealthStatus s;
                try {
                    s = probe.getAsBoolean() ? HealthStatus.UP : HealthStatus.DOWN;
                } catch (RuntimeException e) {
                    org.slf4j.LoggerFactory.getLogger(HealthCheck.class).debug("health probe {} failed", name, e);
                    s = HealthStatus.DOWN;
                }
                out.put(name, s);
            });
            return out;
        };
    }
}
