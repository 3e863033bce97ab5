package ascc.core.overflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ascc.core.agents.AgentStateTracker;
import ascc.core.ami.AmiAction;
import ascc.core.ami.AmiEvent;
import ascc.core.ami.AmiEvents;
import ascc.core.ami.AmiMessage;
import ascc.core.callbacks.CallbackStore;
import ascc.core.config.yaml.ConfigLoader;
import ascc.core.db.Database;
import ascc.core.db.DbSettings;
import ascc.routing.config.CenterConfig;
import ascc.routing.config.OverflowConfig;
import ascc.testsupport.time.ManualClock;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A supervisor's actions on a waiting caller through overflow's machinery: a move to another desk is a Redirect to the
 * inbound context's enqueue label with that desk's queue, recorded as a step; a callback taken for the caller is booked
 * (stored) keeping their place before the caller is thanked and let go.
 */
class WaitingMovesTest {
    @TempDir
    Path dir;
    private final ManualClock clock = new ManualClock(Instant.parse("2026-11-23T01:00:00Z"));
    private final OverflowTest.FakeAmi ami = new OverflowTest.FakeAmi();
    private final List<Overflow.Taken> taken = new ArrayList<>();
    private final List<String> planned = new ArrayList<>();
    private final List<AmiAction> originates = new ArrayList<>();
    private Database db;
    private CenterConfig config;
    private AgentStateTracker tracker;
    private Overflow overflow;

    @BeforeEach
    void setUp() throws Exception {
        db = Database.open(DbSettings.embedded(dir.resolve("ascc").toString(), 2));
        config = ConfigLoader.load(Path.of("src/test/resources/it-conf"), Map.of());
        tracker = new AgentStateTracker(clock, () -> config, 20, i -> { });
        tracker.memberAdded("desk-appliance", "2101", false, null);
    }

    @AfterEach
    void tearDown() {
        db.close();
    }

    private WaitingMoves moves(String trunkDial) {
        OverflowConfig cfg = new OverflowConfig(Map.of(), Map.of(), new OverflowConfig.CallbackRules(2, 30, 20, 600, "1", "offer",
                "thanks-callback"), trunkDial);
        OverflowCallbacks callbacks = new OverflowCallbacks(new CallbackStore(db.dataSource()), cfg, (a, timeout) -> {
            originates.add(a);
            return new CompletableFuture<AmiEvents.OriginateResponse>();
        }, (task, after) -> { }, clock, (queue, firstJoined) -> 1);
        overflow = new Overflow(cfg, () -> config, tracker, ami, clock, taken::add, new Overflow.Callbacks() {
            @Override
            public void accepted(Overflow.Accepted a) {
                throw new AssertionError("no callback offer in these tests");
            }

            @Override
            public Instant placeholderJoined(String exten) {
                return null;
            }
        });
        return new WaitingMoves(overflow, callbacks, () -> cfg, () -> config, (linkedId, outcome) -> planned.add(linkedId + " " + outcome),
                clock);
    }

    private void join(String uniqueId, String channel, String number) {
        tracker.callerJoined("desk-appliance", uniqueId);
        overflow.onEvent(new AmiEvent("QueueCallerJoin", AmiMessage.of("Event", "QueueCallerJoin", "Queue", "desk-appliance",
                "Uniqueid", uniqueId, "Linkedid", "1796.1", "Channel", channel, "CallerIDNum", number), clock.instant()));
    }

    private List<String> sent() {
        List<String> out = new ArrayList<>();
        for (AmiAction a : ami.sent) {
            out.add(a.name().equals("Setvar") ? "Setvar " + a.get("Variable") + "=" + a.get("Value")
                    : a.name() + " " + a.get("Channel") + " " + a.get("Context") + "," + a.get("Exten") + "," + a.get("Priority"));
        }
        return out;
    }

    @Test
    void aMovedCallerReentersTheInboundEnqueueLabelWithTheOtherDesksQueueAndTheMoveIsRecordedAsAStep() {
        WaitingMoves m = moves("PJSIP/customer-trunk/sip:{number}@127.0.0.1:5090");
        join("c1", "PJSIP/anonymous-1", "01055501234");
        clock.advance(Duration.ofSeconds(42));
        m.moveToDesk("c1", config.desks().get("digital"), "0700000001", "kim").join();
        assertEquals(List.of("Setvar CC_QUEUE=desk-digital", "Setvar __CC_DESK=digital", "Setvar QUEUE_MAX_PENALTY=",
                "Redirect PJSIP/anonymous-1 ascc-inbound,0700000001,enqueue"), sent());
        assertEquals(1, taken.size());
        Overflow.Taken t = taken.get(0);
        assertEquals(List.of("c1", "1796.1", "appliance", "0", "moved to desk digital by kim", "42"), List.of(t.uniqueId(), t.linkedId(),
                t.deskId(), Integer.toString(t.stepNo()), t.action(), Long.toString(t.waitedSeconds())));
    }

    @Test
    void aCallerNotWaitingOrAlreadyInTheDeskOrWithoutADialedNumberIsNotMoved() {
        WaitingMoves m = moves("PJSIP/customer-trunk/sip:{number}@127.0.0.1:5090");
        join("c1", "PJSIP/anonymous-1", "01055501234");
        assertThrows(WaitingMoves.Refused.class, () -> m.moveToDesk("c9", config.desks().get("digital"), "0700000001", "kim"));
        assertThrows(WaitingMoves.Refused.class, () -> m.moveToDesk("c1", config.desks().get("appliance"), "0700000001", "kim"));
        assertThrows(WaitingMoves.Refused.class, () -> m.moveToDesk("c1", config.desks().get("digital"), null, "kim"));
        assertEquals(List.of(), ami.sent);
        assertEquals(List.of(), taken);
    }

    @Test
    void aMoveAsteriskRefusesFailsAndRecordsNothing() {
        WaitingMoves m = moves("PJSIP/customer-trunk/sip:{number}@127.0.0.1:5090");
        join("c1", "PJSIP/anonymous-1", "01055501234");
        ami.gone.add("PJSIP/anonymous-1"); // hung up meanwhile
        CompletableFuture<Void> f = m.moveToDesk("c1", config.desks().get("digital"), "0700000001", "kim");
        assertThrows(CompletionException.class, f::join);
        assertEquals(List.of(), taken);
    }

    @Test
    void aTakenCallbackIsStoredKeepingThePlaceBeforeTheCallerIsThankedAndLetGo() throws Exception {
        WaitingMoves m = moves("PJSIP/customer-trunk/sip:{number}@127.0.0.1:5090");
        join("c1", "PJSIP/anonymous-1", "01055501234");
        clock.advance(Duration.ofSeconds(30));
        CompletableFuture<Void> f = m.takeCallback("c1", "kim");
        assertEquals("01055501234 desk-appliance", callbackRow("1796.1"),
                "stored (the engine journals it first) when takeCallback returns");
        assertEquals(1, originates.size(), "the place holder takes the caller's place in the queue");
        f.join();
        assertEquals(List.of("1796.1 CALLBACK_REQUESTED"), planned);
        assertEquals(List.of("Setvar CC_PROMPT=thanks-callback", "Redirect PJSIP/anonymous-1 ascc-wait-keys,1,booked"), sent());
        assertEquals("callback taken by kim", taken.get(0).action());
        assertThrows(WaitingMoves.Refused.class, () -> m.takeCallback("c1", "kim"), "booked once only");
    }

    @Test
    void noCallbackIsTakenWithoutATrunkToCallBackOver() throws Exception {
        WaitingMoves m = moves("");
        join("c1", "PJSIP/anonymous-1", "01055501234");
        WaitingMoves.Refused r = assertThrows(WaitingMoves.Refused.class, () -> m.takeCallback("c1", "kim"));
        assertTrue(r.getMessage().contains("trunk-dial"), r.getMessage());
        assertEquals("", callbackRow("1796.1"));
        assertEquals(List.of(), ami.sent);
    }

    private String callbackRow(String linkedId) throws Exception {
        try (Connection c = db.dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT callback_number, queue_name FROM callback_request WHERE linked_id = ?")) {
            ps.setString(1, linkedId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) + " " + rs.getString(2) : "";
            }
        }
    }
}
