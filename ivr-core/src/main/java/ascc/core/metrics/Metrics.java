package ascc.core.metrics;

import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * A tiny metrics registry rendered in Prometheus text format by {@code /metrics}.
 * Counters are {@link LongAdder}s (cheap on hot paths); gauges are suppliers read at scrape time.
 * Names follow Prometheus rules ({@code ascc_agi_sessions_total}); labels are not supported on purpose.
 */
public final class Metrics {
    private record Entry(String help, String type, LongAdder counter, LongSupplier gauge) {
    }

    private final Map<String, Entry> entries = new ConcurrentSkipListMap<>();

    /** Registers (or returns the existing) counter. */
    public LongAdder counter(String name, String help) {
        return entries.computeIfAbsent(name, n -> new Entry(help, "counter", new LongAdder(), null)).counter();
    }

    /** Registers a gauge read at scrape time; a second registration under the same name replaces the first. */
    public void gauge(String name, String help, LongSupplier value) {
        entries.put(name, new Entry(help, "gauge", null, value));
    }

    /** Prometheus text exposition format, version 0.0.4. */
    public String render() {
        StringBuilder sb = new StringBuilder(1024);
        entries.forEach((name, e) -> {
            long v = e.counter() != null ? e.counter().sum() : e.gauge().getAsLong();
            sb.append("# HELP ").append(name).append(' ').append(e.help()).append('\n');
            sb.append("# TYPE ").append(name).append(' ').append(e.type()).append('\n');
            sb.append(name).append(' ').append(v).append('\n');
        });
        return sb.toString();
    }
}
