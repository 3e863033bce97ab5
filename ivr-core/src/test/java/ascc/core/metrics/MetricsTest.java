package ascc.core.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ascc.core.db.Database;
import ascc.core.db.DbSettings;
import io.micrometer.core.instrument.Counter;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetricsTest {
    @TempDir
    Path dir;

    @Test
    void countersAndGaugesRenderInPrometheusTextWithTheirTags() {
        try (Metrics metrics = new Metrics()) {
            Counter a = metrics.counter("ascc_test_calls_total", "calls", "desk", "desk-a", "queue", "q-a");
            a.increment(2);
            metrics.counter("ascc_test_calls_total", "calls", "desk", "desk-b", "queue", "q-b").increment();
            assertEquals(a, metrics.counter("ascc_test_calls_total", "calls", "desk", "desk-a", "queue", "q-a"), "same meter");
            metrics.gauge("ascc_test_waiting", "waiting", () -> 7);
            String text = metrics.render();
            assertTrue(text.contains("# TYPE ascc_test_calls_total counter\n"), text);
            assertTrue(text.contains("ascc_test_calls_total{desk=\"desk-a\",queue=\"q-a\"} 2.0\n"), text);
            assertTrue(text.contains("ascc_test_calls_total{desk=\"desk-b\",queue=\"q-b\"} 1.0\n"), text);
            assertTrue(text.contains("ascc_test_waiting 7.0\n"), text);
        }
    }

    @Test
    void aCounterFamilyKeepsOneCounterPerTagValuesAndMasksNumbersLikeAnyCounter() {
        try (Metrics metrics = new Metrics()) {
            CounterFamily ended = metrics.counters("ascc_test_ended_total", "ended", "desk", "outcome");
            Counter a = ended.with("desk-a", "ABANDONED");
            a.increment();
            assertEquals(a, ended.with("desk-a", "ABANDONED"), "kept, not looked up again");
            assertEquals(a, metrics.counter("ascc_test_ended_total", "ended", "desk", "desk-a", "outcome", "ABANDONED"));
            ended.with("01055512345", "ANSWERED").increment(2);
            String text = metrics.render();
            assertTrue(text.contains("ascc_test_ended_total{desk=\"desk-a\",outcome=\"ABANDONED\"} 1.0\n"), text);
            assertFalse(text.contains("01055512345"), text);
            assertThrows(IllegalArgumentException.class, () -> ended.with("desk-a"));
        }
    }

    @Test
    void aSecondGaugeOfTheSameNameAndTagsReplacesTheFirst() {
        try (Metrics metrics = new Metrics()) {
            AtomicLong second = new AtomicLong(2);
            metrics.gauge("ascc_test_size", "size", () -> 1);
            metrics.gauge("ascc_test_size", "size", second::get);
            assertTrue(metrics.render().contains("ascc_test_size 2.0\n"), metrics.render());
        }
    }

    @Test
    void aMeterPrometheusCannotShowIsRefusedAtRegistration() {
        try (Metrics metrics = new Metrics()) {
            metrics.gauge("ascc_test_spooled", "in the spool", () -> 1);
            assertThrows(IllegalArgumentException.class, () -> metrics.counter("ascc_test_spooled_total", "spooled"));
            metrics.counter("ascc_test_written_total", "written", "writer", "a");
            assertThrows(IllegalArgumentException.class, () -> metrics.counter("ascc_test_written_total", "written"));
        }
    }

    @Test
    void theEngineRegistryHasJvmProcessAndConnectionPoolMetrics() {
        try (Metrics metrics = Metrics.withJvmMetrics();
             Database db = Database.open(DbSettings.embedded(dir.resolve("ascc").toString(), 2), metrics.registry())) {
            String text = metrics.render();
            assertTrue(text.contains("jvm_memory_used_bytes{"), text);
            assertTrue(text.contains("jvm_threads_live_threads "), text);
            assertTrue(text.contains("process_uptime_seconds "), text);
            assertTrue(text.contains("hikaricp_connections_max{pool=\"ascc-db\"} 2.0\n"), text);
            assertTrue(db.isHealthy());
        }
    }

    @Test
    void aCustomersNumberInATagValueIsMasked() {
        try (Metrics m = new Metrics()) {
            m.counter("ascc_test_calls_total", "test", "caller", "010-1234-5678", "desk", "appliance").increment();
            String text = m.render();
            assertTrue(text.contains("caller=\"010-****-**78\""), text);
            assertFalse(text.contains("1234"), text);
        }
    }
}
