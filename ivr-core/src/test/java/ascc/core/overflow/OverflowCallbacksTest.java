package ascc.core.overflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ascc.core.ami.AmiAction;
import ascc.core.ami.AmiEvent;
import ascc.core.ami.AmiEvents;
import ascc.core.ami.AmiMessage;
import ascc.core.callbacks.CallbackRequest;
import ascc.core.callbacks.CallbackStore;
import ascc.core.cluster.NoTrunkSlot;
import ascc.core.db.Database;
import ascc.core.db.DbSettings;
import ascc.routing.callbacks.AfterHoursCallbackStatus;
import ascc.routing.callbacks.OverflowCallbackStatus;
import ascc.routing.config.OverflowConfig;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OverflowCallbacksTest {
    private static final Instant T0 = Instant.parse("2026-11-23T01:00:00Z");
    @TempDir
    Path dir;
    private Database db;
    private final List<AmiAction> originates = new ArrayList<>();
    private final List<CompletableFuture<AmiEvents.OriginateResponse>> responses = new ArrayList<>();
    private final List<Runnable> delayed = new ArrayList<>();
    private final List<Duration> delays = new ArrayList<>();
    private OverflowCallbacks callbacks;

    @BeforeEach
    void setUp() {
        db = Database.open(DbSettings.embedded(dir.resolve("ascc").toString(), 2));
        callbacks = newRun();
    }

    /** One engine run: the same database, AMI and timer fakes, nothing in memory. */
    private OverflowCallbacks newRun() {
        OverflowConfig cfg = new OverflowConfig(Map.of(), Map.of(), new OverflowConfig.CallbackRules(2, 30, 20, 600, "1", "p", "t"),
                "PJSIP/customer-trunk/sip:{number}@127.0.0.1:5090");
        return new OverflowCallbacks(new CallbackStore(db.dataSource()), cfg, (a, timeout) -> {
            originates.add(a);
            CompletableFuture<AmiEvents.OriginateResponse> f = new CompletableFuture<>();
            responses.add(f);
            return f;
        }, (task, after) -> {
            delayed.add(task);
            delays.add(after);
        }, Clock.fixed(T0, ZoneOffset.UTC), (queue, firstJoined) -> 3);
    }

    @AfterEach
    void tearDown() {
        db.close();
    }

    private static AmiEvent status(String id, String status) {
        return new AmiEvent("UserEvent", AmiMessage.of("Event", "UserEvent", "UserEvent", "ASCCCallback", "Id", id, "Status", status),
                T0);
    }

    /** status, attempts, last result, kind, number. */
    private List<String> row(String linkedId) throws Exception {
        try (Connection c = db.dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT status, attempts, last_result, kind, callback_number"
                     + " FROM callback_request WHERE linked_id = ?")) {
            ps.setString(1, linkedId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return Arrays.asList(rs.getString(1), Integer.toString(rs.getInt(2)), rs.getString(3), rs.getString(4), rs.getString(5));
            }
        }
    }

    private static List<String> vars(AmiAction a) {
        List<String> out = new ArrayList<>();
        for (AmiMessage.Field f : a.fields()) {
            if (f.key().equals("Variable")) {
                out.add(f.value());
            }
        }
        return out;
    }

    private void accept() {
        callbacks.accepted(new Overflow.Accepted("17.5", "17.5", "appliance", "desk-appliance", "01055507777", T0.minusSeconds(40)));
    }

    @Test
    void aCallbackThatFindsNoTrunkSlotTriesAgainLaterWithoutCountingAnAttempt() throws Exception {
        List<String> keys = new ArrayList<>();
        boolean[] full = {true};
        OverflowConfig cfg = new OverflowConfig(Map.of(), Map.of(), new OverflowConfig.CallbackRules(2, 30, 20, 600, "1", "p", "t"),
                "PJSIP/customer-trunk/sip:{number}@127.0.0.1:5090");
        callbacks = new OverflowCallbacks(new CallbackStore(db.dataSource()), () -> cfg, (key, a, timeout) -> {
            keys.add(key);
            if (full[0]) {
                throw new NoTrunkSlot("no trunk slot (limit=1, held=1, box=default free=9)");
            }
            originates.add(a);
            CompletableFuture<AmiEvents.OriginateResponse> f = new CompletableFuture<>();
            responses.add(f);
            return f;
        }, (task, after) -> {
            delayed.add(task);
            delays.add(after);
        }, Clock.fixed(T0, ZoneOffset.UTC), (queue, firstJoined) -> 3, null);
        accept();
        assertTrue(originates.isEmpty(), "nothing dialed without a slot");
        assertEquals(List.of(OverflowCallbacks.NO_SLOT_RETRY), delays);
        assertEquals(Arrays.asList("QUEUED", "0", null, "OVERFLOW", "01055507777"), row("17.5"), "no attempt counted");
        full[0] = false;
        delayed.removeFirst().run();
        assertEquals(1, originates.size());
        assertEquals(List.of("cb-17.5", "cb-17.5"), keys, "the slot's key is what the place holder's hang-up names");
        assertEquals("Local/17.5@ascc-callback-wait/n", originates.get(0).get("Channel"));
    }

    @Test
    void anAcceptedCallbackIsStoredAndAPlaceHolderEntersTheQueueAtTheCallersPlace() throws Exception {
        accept();
        assertEquals(Arrays.asList("QUEUED", "0", null, "OVERFLOW", "01055507777"), row("17.5"));
        AmiAction o = originates.get(0);
        assertEquals("Local/17.5@ascc-callback-wait/n", o.get("Channel"));
        assertEquals("ascc-callback-dial", o.get("Context"));
        List<String> v = vars(o);
        assertTrue(v.contains("CB_POS=3"), v.toString());
        assertTrue(v.contains("CB_QUEUE=desk-appliance"), v.toString());
        assertTrue(v.contains("CB_DIAL=PJSIP/customer-trunk/sip:01055507777@127.0.0.1:5090"), v.toString());
        assertTrue(v.contains("CB_RING=20"), v.toString());
        assertEquals(T0.minusSeconds(40), callbacks.placeholderJoined("17.5"));
        assertNull(callbacks.placeholderJoined("99.1"));
    }

    @Test
    void aCallOfOneOfSeveralBoxesWhoseLinkedIdCarriesTheBoxPrefixIsBookedAndPlaced() throws Exception {
        assertTrue(callbacks.acceptNow(new Overflow.Accepted("a-1765.12", "a-1765.12", "appliance", "desk-appliance", "01055507777",
                T0.minusSeconds(40))));
        assertEquals(Arrays.asList("QUEUED", "0", null, "OVERFLOW", "01055507777"), row("a-1765.12"));
        assertEquals("Local/a-1765.12@ascc-callback-wait/n", originates.getFirst().get("Channel"));
        assertFalse(callbacks.acceptNow(new Overflow.Accepted("a-1765.13;x", "a-1765.13;x", "appliance", "desk-appliance",
                "01055507777", T0)), "not a linked id");
    }

    @Test
    void agentFirstThenTheCustomerAnswersAndTheCallbackIsDone() throws Exception {
        accept();
        callbacks.onEvent(status("17.5", "AGENT"));
        assertEquals(List.of("CALLING", "1"), row("17.5").subList(0, 2));
        callbacks.onEvent(status("17.5", "ANSWER"));
        assertEquals(List.of("DONE", "1", "ANSWER"), row("17.5").subList(0, 3));
        assertEquals(0, callbacks.active());
        assertEquals(List.of(), delayed);
    }

    @Test
    void anUnansweredCallbackIsRetriedAtTheHeadAfterTheBackoffThenRecordedFailed() throws Exception {
        accept();
        callbacks.onEvent(status("17.5", "AGENT"));
        callbacks.onEvent(status("17.5", "NOANSWER"));
        assertEquals(List.of("RETRY", "1", "NOANSWER"), row("17.5").subList(0, 3));
        assertEquals(List.of(Duration.ofSeconds(30)), delays);
        delayed.get(0).run();
        assertEquals("QUEUED", row("17.5").get(0));
        assertEquals(2, originates.size());
        assertTrue(vars(originates.get(1)).contains("CB_POS=1"), "a retry goes to the head of the queue");

        callbacks.onEvent(status("17.5", "AGENT"));
        callbacks.onEvent(status("17.5", "BUSY"));
        assertEquals(List.of("FAILED", "2", "BUSY"), row("17.5").subList(0, 3));
        assertEquals(1, delayed.size(), "no third attempt");
        assertEquals(0, callbacks.active());
    }

    @Test
    void aPlaceHolderThatFindsNoAgentCountsAsAFailedAttempt() throws Exception {
        accept();
        responses.get(0).complete(new AmiEvents.OriginateResponse("a1", "Failure", "Local/17.5@ascc-callback-wait", "", 0, T0));
        assertEquals(List.of("RETRY", "1", "NOAGENT"), row("17.5").subList(0, 3));
        delayed.get(0).run();
        responses.get(1).completeExceptionally(new IllegalStateException("AMI down"));
        assertEquals(List.of("FAILED", "2", "NOAGENT"), row("17.5").subList(0, 3));
    }

    @Test
    void aDueAfterHoursCallbackIsDialedTheSameWayAtTheEndOfTheQueue() throws Exception {
        CallbackStore store = new CallbackStore(db.dataSource());
        CallbackRequest r = new CallbackRequest("19.2", "alpha", "appliance", "desk-appliance", "01055508888", T0.minusSeconds(3600),
                T0, AfterHoursCallbackStatus.DUE);
        store.insert(r, T0);
        callbacks.dialDue(r);
        callbacks.dialDue(r);
        assertEquals(1, originates.size(), "dialed once");
        assertEquals(Arrays.asList("QUEUED", "0", null, "AFTER_HOURS"), row("19.2").subList(0, 4));
        assertTrue(vars(originates.get(0)).contains("CB_DIAL=PJSIP/customer-trunk/sip:01055508888@127.0.0.1:5090"));
        callbacks.onEvent(status("19.2", "AGENT"));
        callbacks.onEvent(status("19.2", "ANSWER"));
        assertEquals(List.of("DONE", "1", "ANSWER"), row("19.2").subList(0, 3));
    }

    @Test
    void aCallerWithoutADialableNumberIsNotPlaced() {
        callbacks.accepted(new Overflow.Accepted("18.1", "18.1", "appliance", "desk-appliance", "anonymous", T0));
        assertEquals(List.of(), originates);
        assertEquals(0, callbacks.active());
    }

    @Test
    void eventsOfOtherCallbacksAreIgnored() {
        callbacks.onEvent(status("99.9", "ANSWER"));
        callbacks.onEvent(new AmiEvent("UserEvent", AmiMessage.of("Event", "UserEvent", "UserEvent", "Other"), T0));
        assertEquals(0, callbacks.active());
    }

    @Test
    void afterARestartCallbacksBeingDialedArePlacedAgainOrRetriedAndALivePlaceHolderIsFollowed() throws Exception {
        for (String id : List.of("17.5", "18.5", "19.5", "20.5")) {
            callbacks.accepted(new Overflow.Accepted(id, id, "appliance", "desk-appliance", "01055507777", T0.minusSeconds(40)));
        }
        callbacks.onEvent(status("18.5", "AGENT"));      // calling the customer when the engine stops
        callbacks.onEvent(status("19.5", "AGENT"));
        callbacks.onEvent(status("19.5", "NOANSWER"));   // waiting for its retry when the engine stops
        assertEquals(List.of("RETRY", "1"), row("19.5").subList(0, 2));
        originates.clear();
        delayed.clear();
        delays.clear();

        OverflowCallbacks restarted = newRun();
        assertEquals(0, restarted.active());
        int taken = restarted.recover(List.of("Local/20.5@ascc-callback-wait-00000007;2", "PJSIP/2101-00000003"));

        assertEquals(4, taken);
        assertEquals(4, restarted.active(), "none is lost");
        List<String> placed = originates.stream().map(a -> a.get("Channel")).toList();
        assertEquals(List.of("Local/17.5@ascc-callback-wait/n", "Local/19.5@ascc-callback-wait/n"), placed,
                "QUEUED and RETRY without a live place holder are placed again; the live one is not placed twice");
        assertEquals(List.of("QUEUED", "0"), row("17.5").subList(0, 2));
        assertEquals(List.of("QUEUED", "1"), row("19.5").subList(0, 2), "attempts made before the restart are kept");
        assertEquals(List.of("RETRY", "1", "LOST"), row("18.5").subList(0, 3), "CALLING whose channels are gone: a failed attempt");
        assertEquals(List.of(Duration.ofSeconds(30)), delays);
        assertEquals(List.of("QUEUED", "0"), row("20.5").subList(0, 2));

        // the live place holder's events now come to this run: it hangs up with no agent -> a failed attempt
        restarted.onEvent(new AmiEvent("Hangup", AmiMessage.of("Event", "Hangup", "Channel", "Local/20.5@ascc-callback-wait-00000007;2",
                "Uniqueid", "1.9"), T0));
        assertEquals(List.of("RETRY", "1", "NOAGENT"), row("20.5").subList(0, 3));
        restarted.onEvent(new AmiEvent("Hangup", AmiMessage.of("Event", "Hangup", "Channel", "Local/20.5@ascc-callback-wait-00000007;1",
                "Uniqueid", "1.8"), T0));
        assertEquals(List.of("RETRY", "1"), row("20.5").subList(0, 2), "the other half hanging up is the same attempt");

        assertEquals(0, restarted.recover(List.of()), "taken over once");
        assertEquals(2, originates.size());
    }

    @Test
    void aCallbackWhosePlaceHolderIsOnABoxThatIsDownIsLeftUntilARecoverSeesThatBox() throws Exception {
        callbacks.accepted(new Overflow.Accepted("b-17.5", "b-17.5", "appliance", "desk-appliance", "01055507777", T0.minusSeconds(40)));
        callbacks.accepted(new Overflow.Accepted("a-18.5", "a-18.5", "appliance", "desk-appliance", "01055507777", T0.minusSeconds(30)));
        originates.clear();

        OverflowCallbacks next = newRun(); // the next holder: box b's link is down, a-18.5's place holder is gone
        assertEquals(1, next.recover(List.of(), "b-17.5"::equals));
        assertEquals(List.of("Local/a-18.5@ascc-callback-wait/n"), originates.stream().map(a -> a.get("Channel")).toList());
        assertEquals(List.of(), next.adoptBooked(), "not placed by the 10 s check either while its box is unseen");

        // box b's link is back and its place holder is up: followed, not placed again
        assertEquals(1, next.recover(List.of("Local/b-17.5@ascc-callback-wait-00000002;2")));
        assertEquals(1, originates.size());
        assertEquals(2, next.active());
    }

    @Test
    void aPlaceHolderHangingUpInANormalRunIsNotCountedTwice() throws Exception {
        accept();
        callbacks.onEvent(new AmiEvent("Hangup", AmiMessage.of("Event", "Hangup", "Channel", "Local/17.5@ascc-callback-wait-00000001;2",
                "Uniqueid", "1.2"), T0));
        assertEquals(List.of("QUEUED", "0"), row("17.5").subList(0, 2), "the Originate answer counts the attempt, not the Hangup");
    }

    @Test
    void aCallbackStillBeingDialedLongAfterItsRequestIsRecordedExpiredNotDialedAfterARestart() throws Exception {
        new CallbackStore(db.dataSource()).insert(new CallbackRequest("5.1", null, "appliance", "desk-appliance",
                "01055507777", T0.minus(Duration.ofHours(13)), T0.minus(Duration.ofHours(13)), OverflowCallbackStatus.QUEUED), T0);
        assertEquals(0, newRun().recover(List.of()));
        assertEquals(List.of("FAILED", "0", "EXPIRED"), row("5.1").subList(0, 3));
        assertTrue(originates.isEmpty());
    }
}
