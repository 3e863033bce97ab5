package ascc.core.http;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /health} from cached state: the probes run on one thread ({@code health-probe}) every few seconds, never per
 * request, so a flood of {@code /health} costs no database round trip. Each component's change of state is logged once
 * (WARN when it goes DOWN, with the probe's reason; INFO when it is UP again), not once per request or per probe.
 */
public final class CachedHealth implements HealthCheck, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CachedHealth.class);
    /**
     * How often the engine runs the probes: 5 s; the real-stack tests shorten it with the system property
     * {@code ascc.test.health-every-ms} (at least 500) so a test waiting for {@code /health} to change waits less. No
     * operator setting.
     */
    public static final Duration DEFAULT_EVERY = Duration.ofMillis(Math.max(500, Long.getLong("ascc.test.health-every-ms", 5000)));

    /** One component's change of state, as logged. */
    public record Change(String component, HealthStatus now, String reason) {
    }

    private final Map<String, BooleanSupplier> probes;
    private final Map<String, Supplier<String>> whyDown;
    private volatile Map<String, String> reasons = Map.of();
    private volatile Map<String, HealthStatus> current;
    /** Written by refresh only (one thread at a time: the timer, or a test). */
    private volatile boolean everRun;
    private ScheduledExecutorService timer;

    /** Probes not yet run: every component shows DOWN until {@link #refresh()}. */
    public CachedHealth(Map<String, BooleanSupplier> probes) {
        this(probes, Map.of());
    }

    /** As {@link #CachedHealth(Map)}, with why some components are down (read at each refresh, cached like the states). */
    public CachedHealth(Map<String, BooleanSupplier> probes, Map<String, Supplier<String>> whyDown) {
        this.probes = new LinkedHashMap<>(probes);
        this.whyDown = new LinkedHashMap<>(whyDown);
        Map<String, HealthStatus> initial = new LinkedHashMap<>();
        this.probes.keySet().forEach(k -> initial.put(k, HealthStatus.DOWN));
        this.current = Collections.unmodifiableMap(initial);
    }

    /** Runs the probes now, then every {@code every} on the {@code health-probe} thread. */
    public static CachedHealth start(Map<String, BooleanSupplier> probes, Map<String, Supplier<String>> whyDown, Duration every) {
        CachedHealth h = new CachedHealth(probes, whyDown);
        h.refresh();
        h.timer = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("health-probe").daemon(true).factory());
        h.timer.scheduleWithFixedDelay(h::refreshLogged, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
        return h;
    }

    private void refreshLogged() {
        try {
            refresh();
        } catch (RuntimeException e) {
            // refresh catches every probe's failure; this is a bug, and a scheduled task that throws would stop for good
            LOG.error("health: refreshing the probes failed", e);
        }
    }

    /** Runs every probe once (a probe that throws is DOWN), updates the cached state, logs and returns the changes. */
    public synchronized List<Change> refresh() {
        Map<String, HealthStatus> before = current;
        Map<String, HealthStatus> next = new LinkedHashMap<>();
        List<Change> changes = new ArrayList<>();
        probes.forEach((name, probe) -> {
            HealthStatus s;
            String reason = "";
            try {
                s = probe.getAsBoolean() ? HealthStatus.UP : HealthStatus.DOWN;
            } catch (RuntimeException e) {
                s = HealthStatus.DOWN;
                reason = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
            }
            next.put(name, s);
            // the first run reports only what is DOWN; later runs every change
            if (everRun ? before.get(name) != s : s == HealthStatus.DOWN) {
                changes.add(new Change(name, s, reason));
            }
        });
        current = Collections.unmodifiableMap(next);
        reasons = HealthCheck.of(Map.of(), whyDown).reasons();
        everRun = true;
        for (Change c : changes) {
            if (c.now() == HealthStatus.DOWN) {
                LOG.warn("health: {} is DOWN{}", c.component(), c.reason().isEmpty() ? "" : " (" + c.reason() + ")");
            } else {
                LOG.info("health: {} is UP again", c.component());
            }
        }
        return changes;
    }

    /** The state of the last {@link #refresh()}; no probe runs. */
    @Override
    public Map<String, HealthStatus> check() {
        return current;
    }

    /** Why components were down at the last {@link #refresh()}. */
    @Override
    public Map<String, String> reasons() {
        return reasons;
    }

    @Override
    public void close() {
        if (timer != null) {
            timer.shutdownNow();
        }
    }
}
