package ascc.core.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

class CachedHealthTest {
    private final AtomicInteger dbProbes = new AtomicInteger();
    private final AtomicBoolean dbUp = new AtomicBoolean(true);
    private final Map<String, BooleanSupplier> probes = new LinkedHashMap<>();

    CachedHealthTest() {
        probes.put("ami", () -> true);
        probes.put("db", () -> {
            dbProbes.incrementAndGet();
            if (!dbUp.get()) {
                throw new IllegalStateException("no database connection (MARIADB, SQLState 08000, error 0)");
            }
            return true;
        });
    }

    @Test
    void aFloodOfHealthRequestsRunsNoProbe() {
        CachedHealth h = new CachedHealth(probes);
        h.refresh();
        for (int i = 0; i < 10_000; i++) {
            assertEquals(HealthStatus.UP, h.check().get("db"));
        }
        assertEquals(1, dbProbes.get(), "only the refresh probed the database");
    }

    @Test
    void eachChangeOfStateIsReportedOnceNotOncePerProbe() {
        CachedHealth h = new CachedHealth(probes);
        assertEquals(List.of(), h.refresh(), "UP at start is not news");
        dbUp.set(false);
        List<CachedHealth.Change> down = h.refresh();
        assertEquals(1, down.size());
        assertEquals("db", down.get(0).component());
        assertEquals(HealthStatus.DOWN, down.get(0).now());
        assertTrue(down.get(0).reason().contains("SQLState 08000"), down.get(0).reason());
        for (int i = 0; i < 100; i++) {
            assertEquals(List.of(), h.refresh(), "still down: nothing new to log");
        }
        assertEquals(HealthStatus.DOWN, h.check().get("db"));
        dbUp.set(true);
        assertEquals(List.of(new CachedHealth.Change("db", HealthStatus.UP, "")), h.refresh());
        assertEquals(List.of(), h.refresh());
    }

    @Test
    void aComponentDownAtStartIsReportedOnceAndEverythingIsDownBeforeTheFirstProbe() {
        dbUp.set(false);
        CachedHealth h = new CachedHealth(probes);
        assertEquals(Map.of("ami", HealthStatus.DOWN, "db", HealthStatus.DOWN), h.check());
        assertEquals(1, h.refresh().size());
        assertEquals(List.of("ami", "db"), List.copyOf(h.check().keySet()), "shown in the probes' order");
        assertEquals(HealthStatus.UP, h.check().get("ami"));
    }
}
