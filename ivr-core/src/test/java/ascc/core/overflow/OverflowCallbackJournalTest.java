package ascc.core.overflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ascc.core.ami.AmiAction;
import ascc.core.ami.AmiEvents;
import ascc.core.callbacks.CallbackRequest;
import ascc.core.callbacks.CallbackStore;
import ascc.core.db.Database;
import ascc.core.db.DbSettings;
import ascc.core.durable.Crashes;
import ascc.core.durable.DurableWriter;
import ascc.core.metrics.Metrics;
import ascc.routing.callbacks.OverflowCallbackStatus;
import ascc.routing.config.OverflowConfig;
import ascc.testsupport.time.Await;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Overflow callbacks go through the durable path: a callback accepted while the database is away is journaled before it is
 * placed, survives a kill -9 and is stored by the next start; the replay only stores (insert by linked id): it neither
 * doubles the row nor places or dials the callback again.
 */
class OverflowCallbackJournalTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final Instant T0 = Instant.parse("2026-03-02T05:00:00Z");
    private static final Clock CLOCK = Clock.fixed(T0, ZoneOffset.UTC);
    private static final String NUMBER = "01055507777";

    @TempDir
    Path dir;
    private Database db;
    private final AtomicBoolean away = new AtomicBoolean();
    private final List<AmiAction> originates = new ArrayList<>();
    private final List<DurableWriter<CallbackRequest>> writers = new ArrayList<>();
    private CallbackStore store;

    @BeforeEach
    void open() {
        db = Database.open(DbSettings.embedded(dir.resolve("ascc").toString(), 2));
        DataSource real = db.dataSource();
        // the database as the callback store sees it: every connection refused while away (a hand-written fake, no mocks)
        DataSource outage = (DataSource) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {DataSource.class},
            (proxy, m, args) -> {
                if (away.get() && m.getName().equals("getConnection")) {
                    throw new SQLTransientConnectionException("Connection refused (test outage)", "08S01");
                }
                try {
                    return m.invoke(real, args);
                } catch (InvocationTargetException e) {
                    throw e.getCause();
                }
            });
        store = new CallbackStore(outage);
    }

    @AfterEach
    void close() {
        writers.forEach(w -> w.close(Duration.ofSeconds(2)));
        db.close();
    }

    private DurableWriter<CallbackRequest> writer() {
        DurableWriter<CallbackRequest> w = OverflowCallbacks.writer(store, dir.resolve("spool"), new Metrics(), CLOCK);
        writers.add(w);
        return w;
    }

    private OverflowCallbacks run(DurableWriter<CallbackRequest> bookings) {
        OverflowConfig cfg = new OverflowConfig(Map.of(), Map.of(), new OverflowConfig.CallbackRules(2, 30, 20, 600, "1", "p", "t"),
                "PJSIP/customer-trunk/sip:{number}@127.0.0.1:5090");
        return new OverflowCallbacks(store, () -> cfg, (a, timeout) -> {
            originates.add(a);
            return new CompletableFuture<AmiEvents.OriginateResponse>();
        }, (task, after) -> { }, CLOCK, (queue, firstJoined) -> 3, bookings);
    }

    private Optional<CallbackRequest> stored(String linkedId) throws SQLException {
        return new CallbackStore(db.dataSource()).find(linkedId);
    }

    private boolean isStored(String linkedId) {
        try {
            return stored(linkedId).isPresent();
        } catch (SQLException e) {
            return false;
        }
    }

    @Test
    void overflowCallbackAcceptedDuringADatabaseOutageIsStoredAfterRestart() throws Exception {
        away.set(true);
        DurableWriter<CallbackRequest> first = writer();
        run(first).accepted(new Overflow.Accepted("17.5", "17.5", "appliance", "desk-appliance", NUMBER, T0.minusSeconds(40)));
        assertEquals(1, originates.size(), "placed once, the booking on disk");
        Crashes.kill(first); // kill -9 while the database is away
        writers.remove(first);
        away.set(false);
        assertTrue(stored("17.5").isEmpty());

        DurableWriter<CallbackRequest> second = writer(); // the next start replays the journal
        Await.until(() -> second.pending() == 0 && second.spoolSize() == 0 && isStored("17.5"), WAIT,
                () -> "booking stored after the restart");
        CallbackRequest r = stored("17.5").orElseThrow();
        assertEquals(NUMBER, r.number());
        assertEquals("desk-appliance", r.queueName());
        assertEquals(OverflowCallbackStatus.INITIAL, r.status(), "as accepted: recovery at the next AMI connect serves it");
        assertEquals(1, originates.size(), "the replay stores, it does not place or dial");
    }

    @Test
    void aReplayedBookingNeitherDoublesNorResetsTheCallback() throws Exception {
        DurableWriter<CallbackRequest> w = writer();
        run(w).accepted(new Overflow.Accepted("18.1", "18.1", "appliance", "desk-appliance", NUMBER, T0.minusSeconds(40)));
        assertEquals(OverflowCallbackStatus.QUEUED, stored("18.1").orElseThrow().status(), "stored, then placed");
        assertTrue(w.submit(new CallbackRequest("18.1", null, "appliance", "desk-appliance", NUMBER, T0, T0,
                OverflowCallbackStatus.INITIAL))); // as a replay of the journal would
        assertTrue(w.flush(WAIT));
        assertEquals(OverflowCallbackStatus.QUEUED, stored("18.1").orElseThrow().status(), "not reset by the replay");
        assertEquals(1, originates.size(), "not placed again");
    }
}
