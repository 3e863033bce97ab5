package ascc.core.overflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ascc.core.ami.AmiAction;
import ascc.core.ami.AmiEvent;
import ascc.core.ami.AmiEvents;
import ascc.core.ami.AmiMessage;
import ascc.core.callbacks.CallbackRequest;
import ascc.core.callbacks.CallbackStore;
import ascc.core.db.Database;
import ascc.core.db.DbSettings;
import ascc.core.durable.Crashes;
import ascc.core.durable.DurableWriter;
import ascc.core.metrics.Metrics;
import ascc.routing.callbacks.CallbackKind;
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
        return writer("spool");
    }

    /** A node's bookings' writer over its own journal ({@code dir/spool}). */
    private DurableWriter<CallbackRequest> writer(String spool) {
        DurableWriter<CallbackRequest> w = OverflowCallbackJournal.writer(store, dir.resolve(spool), new Metrics(), CLOCK);
        writers.add(w);
        return w;
    }

    private OverflowCallbacks run(DurableWriter<CallbackRequest> bookings) {
        return node(bookings, originates, new ArrayList<>());
    }

    /** One engine node: its place holders' Originates in {@code sent}, the first-joined times it placed at in {@code placedAt}. */
    private OverflowCallbacks node(DurableWriter<CallbackRequest> bookings, List<AmiAction> sent, List<Instant> placedAt) {
        OverflowConfig cfg = new OverflowConfig(Map.of(), Map.of(), new OverflowConfig.CallbackRules(2, 30, 20, 600, "1", "p", "t"),
                "PJSIP/customer-trunk/sip:{number}@127.0.0.1:5090");
        return new OverflowCallbacks(store, () -> cfg, (a, timeout) -> {
            sent.add(a);
            return new CompletableFuture<AmiEvents.OriginateResponse>();
        }, (task, after) -> { }, CLOCK, (queue, firstJoined) -> {
            placedAt.add(firstJoined);
            return 3;
        }, bookings);
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

    @Test
    void aCallbackKeyPressedOnANodeWithoutTheLeaseIsBookedDurablyAndPlacedOnceByTheHolder() throws Exception {
        List<AmiAction> sentA = new ArrayList<>();
        List<AmiAction> sentB = new ArrayList<>();
        List<Instant> placedB = new ArrayList<>();
        OverflowCallbacks nodeA = node(writer("spool-a"), sentA, new ArrayList<>()); // answers the AGI session, no lease
        OverflowCallbacks holder = node(writer("spool-b"), sentB, placedB);
        Instant joined = T0.minusSeconds(95);

        assertTrue(nodeA.bookForHolder(new Overflow.Accepted("19.1", "19.1", "appliance", "desk-appliance", NUMBER, joined)),
                "booked: the caller may hear the thanks prompt");
        CallbackRequest r = stored("19.1").orElseThrow();
        assertEquals(OverflowCallbackStatus.QUEUED, r.status());
        assertEquals(CallbackKind.OVERFLOW, r.status().kind());
        assertEquals("desk-appliance", r.queueName());
        assertEquals(NUMBER, r.number());
        assertEquals(joined, r.dueAt(), "the caller's first-joined time: their place");
        assertEquals(0, sentA.size(), "the node without the lease originates nothing");
        assertEquals(0, nodeA.active(), "nor follows it");

        assertEquals(List.of("19.1"), holder.adoptBooked());
        assertEquals(1, sentB.size(), "the holder places it");
        assertEquals(List.of(joined), placedB, "at the place of a caller who joined when the caller did");
        assertTrue(sentB.get(0).toString().contains("19.1"), sentB.get(0).toString());

        // the caller leaves after "booked": their channel's hang-up is not the place holder's
        holder.onEvent(new AmiEvent("Hangup", AmiMessage.of("Event", "Hangup", "Channel", "PJSIP/caller-00000003",
                "Uniqueid", "19.1", "Linkedid", "19.1"), T0));
        assertEquals(1, holder.active(), "still being served");
        assertEquals(OverflowCallbackStatus.QUEUED, stored("19.1").orElseThrow().status(), "no attempt counted");
        assertEquals(0, new CallbackStore(db.dataSource()).attempts("19.1"));

        assertEquals(List.of(), holder.adoptBooked(), "the next check places nothing");
        assertEquals(1, sentB.size(), "placed once");
        assertEquals(0, sentA.size());
    }

    @Test
    void aCallbackKeyBookedWhileTheDatabaseIsDownIsAdoptedByTheHolderAfterItReturns() throws Exception {
        List<AmiAction> sentB = new ArrayList<>();
        List<Instant> placedB = new ArrayList<>();
        DurableWriter<CallbackRequest> journalA = writer("spool-a");
        OverflowCallbacks nodeA = node(journalA, new ArrayList<>(), new ArrayList<>());
        OverflowCallbacks holder = node(writer("spool-b"), sentB, placedB);
        away.set(true);
        assertTrue(nodeA.bookForHolder(new Overflow.Accepted("19.2", "19.2", "appliance", "desk-appliance", NUMBER,
                T0.minusSeconds(30))), "journaled on node A's disk: booked");
        assertEquals(List.of(), holder.adoptBooked(), "nothing to read while the database is down");
        assertEquals(-1, holder.recover(List.of()), "a recover that read nothing says so: the feature adopts nothing after it");
        away.set(false);
        assertTrue(stored("19.2").isEmpty(), "not stored yet");
        Await.until(() -> journalA.pending() == 0 && journalA.spoolSize() == 0 && isStored("19.2"), WAIT,
                () -> "booking stored when the database returned");
        assertEquals(List.of("19.2"), holder.adoptBooked());
        assertEquals(List.of(T0.minusSeconds(30)), placedB);
        assertEquals(1, sentB.size());
    }

    @Test
    void twoChecksInARowPlaceABookingOnceAndNeverTheHoldersOwn() throws Exception {
        List<AmiAction> sentB = new ArrayList<>();
        OverflowCallbacks nodeA = node(writer("spool-a"), new ArrayList<>(), new ArrayList<>());
        OverflowCallbacks holder = node(writer("spool-b"), sentB, new ArrayList<>());
        assertTrue(nodeA.bookForHolder(new Overflow.Accepted("19.3", "19.3", "appliance", "desk-appliance", NUMBER, T0)));
        assertTrue(holder.acceptNow(new Overflow.Accepted("19.4", "19.4", "appliance", "desk-appliance", NUMBER, T0)),
                "the holder's own booking, placed at once");
        assertEquals(1, sentB.size());

        assertEquals(List.of("19.3"), holder.adoptBooked());
        assertEquals(List.of(), holder.adoptBooked());
        assertEquals(2, sentB.size(), "each placed once");
        assertTrue(nodeA.bookForHolder(new Overflow.Accepted("19.3", "19.3", "appliance", "desk-appliance", NUMBER, T0)),
                "a second press is booked again: idempotent by linked id");
        assertEquals(List.of(), holder.adoptBooked(), "nothing new to place");
        assertEquals(2, sentB.size());
    }

    @Test
    void aCallbackAnsweredWhileItsStatusCouldNotBeSavedIsNotAdoptedAgain() throws Exception {
        List<AmiAction> sentB = new ArrayList<>();
        OverflowCallbacks nodeA = node(writer("spool-a"), new ArrayList<>(), new ArrayList<>());
        OverflowCallbacks holder = node(writer("spool-b"), sentB, new ArrayList<>());
        assertTrue(nodeA.bookForHolder(new Overflow.Accepted("19.6", "19.6", "appliance", "desk-appliance", NUMBER, T0)));
        assertEquals(List.of("19.6"), holder.adoptBooked());
        away.set(true); // the answer's status update is lost: the row stays QUEUED
        holder.onEvent(new AmiEvent("UserEvent", AmiMessage.of("Event", "UserEvent", "UserEvent", "ASCCCallback", "Id", "19.6",
                "Status", "ANSWER"), T0));
        away.set(false);
        assertEquals(OverflowCallbackStatus.QUEUED, stored("19.6").orElseThrow().status());
        assertEquals(List.of(), holder.adoptBooked(), "served here already: never placed a second time");
        assertEquals(1, sentB.size());
    }

    @Test
    void aNewHoldersRecoverAtLeaseGainPlacesABookingTheOldHolderNeverAdopted() throws Exception {
        List<AmiAction> sentC = new ArrayList<>();
        List<Instant> placedC = new ArrayList<>();
        OverflowCallbacks nodeA = node(writer("spool-a"), new ArrayList<>(), new ArrayList<>());
        Instant joined = T0.minusSeconds(50);
        assertTrue(nodeA.bookForHolder(new Overflow.Accepted("19.5", "19.5", "appliance", "desk-appliance", NUMBER, joined)));
        OverflowCallbacks newHolder = node(writer("spool-c"), sentC, placedC);
        assertEquals(1, newHolder.recover(List.of()), "QUEUED without a live place holder: placed at lease gain");
        assertEquals(List.of(joined), placedC, "at the caller's place");
        assertEquals(List.of(), newHolder.adoptBooked(), "the check after it places nothing more");
        assertEquals(1, sentC.size());
    }
}
