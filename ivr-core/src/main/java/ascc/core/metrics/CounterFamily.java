package ascc.core.metrics;

import io.micrometer.core.instrument.Counter;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One counter name with fixed tag keys, its counters looked up once per distinct tag values and kept: for counters
 * incremented per call ({@code ascc_calls_ended_total} by desk, queue and outcome). {@link Metrics#counter} builds a meter
 * id, runs the registry's filters (the phone-number masking of every tag value) and searches the registry on every call;
 * here that happens once per combination (a small, configured set: desks, queues, outcomes; never a customer's number).
 */
public final class CounterFamily {
    private final Metrics metrics;
    private final String name;
    private final String help;
    private final String[] keys;
    private final Map<List<String>, Counter> counters = new ConcurrentHashMap<>();

    CounterFamily(Metrics metrics, String name, String help, String... keys) {
        this.metrics = metrics;
        this.name = name;
        this.help = help;
        this.keys = keys.clone();
    }

    /** The counter for these tag values, in the order of the keys given at creation. */
    public Counter with(String... values) {
        if (values.length != keys.length) {
            throw new IllegalArgumentException(name + ": " + values.length + " tag values for the keys " + Arrays.toString(keys));
        }
        return counters.computeIfAbsent(List.of(values), this::register);
    }

    private Counter register(List<String> values) {
        String[] tags = new String[keys.length * 2];
        for (int i = 0; i < keys.length; i++) {
            tags[2 * i] = keys[i];
            tags[2 * i + 1] = values.get(i);
        }
        return metrics.counter(name, help, tags);
    }
}
