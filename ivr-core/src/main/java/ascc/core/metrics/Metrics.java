package ascc.core.metrics;

import ascc.routing.Phones;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine's meters: a thin facade over a Micrometer {@link PrometheusMeterRegistry}, rendered by {@code GET /metrics}.
 * Names are written as Prometheus shows them ({@code ascc_agi_sessions_total}); tags are given as key/value pairs
 * ({@code "desk", "desk-a"}). Tag by desk, queue or another small, configured set; never by a customer's number.
 * {@link #registry()} is the Micrometer registry, for binders such as HikariCP's.
 */
public final class Metrics implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Metrics.class);

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final List<AutoCloseable> binders = new ArrayList<>();

    /**
     * An empty registry (tests, tools). A meter the Prometheus registry cannot show (a name taken by another type, as the
     * counter {@code x_total} takes the gauge {@code x}, or other tag keys than the first meter of that name) is an
     * {@link IllegalArgumentException} at registration, not a meter silently missing from {@code /metrics}.
     */
    public Metrics() {
        // a tag value is never a customer's number: the one masking policy applies to every meter's tags
        registry.config().meterFilter(new MeterFilter() {
            @Override
            public Meter.Id map(Meter.Id id) {
                List<Tag> tags = id.getTags();
                if (tags.stream().noneMatch(t -> !t.getValue().equals(Phones.maskText(t.getValue())))) {
                    return id;
                }
                return id.replaceTags(tags.stream().map(t -> Tag.of(t.getKey(), Phones.maskText(t.getValue()))).toList());
            }
        });
        registry.config().onMeterRegistrationFailed((id, reason) -> {
            throw new IllegalArgumentException("meter " + id.getName() + " " + id.getTags() + " cannot be registered: " + reason);
        });
    }

    /** The engine's registry: with JVM (memory, GC, threads, classes) and process (CPU, uptime, files) metrics. */
    public static Metrics withJvmMetrics() {
        Metrics m = new Metrics();
        JvmGcMetrics gc = new JvmGcMetrics();
        m.binders.add(gc);
        for (MeterBinder b : List.of(new JvmMemoryMetrics(), gc, new JvmThreadMetrics(), new ClassLoaderMetrics(),
                new ProcessorMetrics(), new UptimeMetrics(), new FileDescriptorMetrics())) {
            b.bindTo(m.registry);
        }
        return m;
    }

    /** The Micrometer registry behind this facade. */
    public MeterRegistry registry() {
        return registry;
    }

    /**
     * A counter name with these tag keys whose counters are looked up once per distinct tag values: for counters
     * incremented per call (see {@link CounterFamily}).
     */
    public CounterFamily counters(String name, String help, String... tagKeys) {
        return new CounterFamily(this, name, help, tagKeys);
    }

    /** Registers (or returns the existing) counter of that name and tags. */
    public Counter counter(String name, String help, String... tags) {
        return Counter.builder(name).description(help).tags(tags).register(registry);
    }

    /**
     * Registers a gauge read at scrape time. A second registration with the same name and tags replaces the first
     * (the registry holds {@code value} strongly).
     */
    public void gauge(String name, String help, LongSupplier value, String... tags) {
        Gauge existing = registry.find(name).tags(tags).gauge();
        if (existing != null) {
            registry.remove(existing);
        }
        Gauge.builder(name, value, v -> v.getAsLong()).description(help).tags(tags).strongReference(true).register(registry);
    }

    /** Prometheus text exposition format (version 0.0.4). */
    public String render() {
        return registry.scrape();
    }

    /** Stops the JVM binders (GC listeners) and the registry. */
    @Override
    public void close() {
        for (AutoCloseable b : binders) {
            try {
                b.close();
            } catch (Exception e) {
                LOG.warn("closing metrics binder {} failed: {}", b, e.toString());
            }
        }
        registry.close();
    }
}
