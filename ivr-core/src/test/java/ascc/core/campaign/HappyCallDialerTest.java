package ascc.core.campaign;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ascc.testsupport.time.ManualClock;
import ascc.agi.flows.HappyCallFlow;
import ascc.core.cluster.NoTrunkSlot;
import ascc.core.cluster.TrunkClaims;
import ascc.core.cluster.TrunkSlotFailure;
import ascc.core.db.Database;
import ascc.core.db.DbSettings;
import ascc.core.happycall.Dialer;
import ascc.core.happycall.OutboundRequest;
import ascc.routing.campaign.AttemptResult;
import ascc.routing.campaign.CallWindow;
import ascc.routing.campaign.CampaignsConfig;
import ascc.core.config.yaml.CampaignsLoader;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link HappyCallDialer} over a fake outbound dialer: one call per request with the happy-call script, the happy-call
 * campaign's cap, one outcome per request, and a request it may not place (paused) handed back unplaced. The clock is
 * virtual; the test waits only for the dialer's worker to act (events), never for wall time to pass.
 */
class HappyCallDialerTest {
    private static final ZoneId SEOUL = ZoneId.of("Asia/Seoul");
    /** Monday 2026-11-23 11:00 in Seoul. */
    private static final Instant MONDAY_11 = Instant.parse("2026-11-23T02:00:00Z");
    private static final String YAML = """
            trunk-channels: 3
            dial: {channel: "PJSIP/ascc-outbound/sip:{number}@127.0.0.1:5301", ring-seconds: 10, caller-id: "0700000001"}
            campaigns:
              - company: alpha
                id: happy-call
                kind: happy-call
                questions:
                  - {id: satisfaction, kind: scale1to5, prompt: beep}
                schedule: "0 * * ? * *"
                window: {days: [mon, tue, wed, thu, fri], hours: "10:00-18:00"}
                pacing: {max-concurrent: 1, calls-per-second: 100}
                happy-call:
                  outcomes: [answered]
                  inquiry-types: [fault]
                  delay: 0s
                  once-per-days: 1
                  prompt: beep
            """;

    @TempDir
    Path dir;
    private Database db;
    private DialerStore dialerStore;
    private final ManualClock clock = new ManualClock(MONDAY_11);
    private final LinkedBlockingQueue<OutboundDialer.Target> dialed = new LinkedBlockingQueue<>();
    private final Map<String, CompletableFuture<OutboundDialer.Result>> calls = new java.util.concurrent.ConcurrentHashMap<>();
    private HappyCallDialer happyDialer;

    @BeforeEach
    void open() throws Exception {
        db = Database.open(DbSettings.embedded(dir.resolve("ascc").toString(), 4));
        dialerStore = new DialerStore(db.dataSource());
        CampaignsConfig cfg = CampaignsLoader.parse(YAML, Set.of("alpha"));
        CampaignRunner.Dialer fake = (t, box) -> {
            CompletableFuture<OutboundDialer.Result> f = new CompletableFuture<>();
            calls.put(t.attemptId(), f);
            dialed.add(t);
            return f;
        };
        CampaignRunner runner = new CampaignRunner(new CampaignStore(db.dataSource(), clock, "node-a"), dialerStore, fake, () -> cfg,
                () -> SEOUL, Set::of, c -> "survey", clock, d -> clock.advance(d), () -> true);
        happyDialer = new HappyCallDialer(fake, runner, () -> cfg, clock);
    }

    @AfterEach
    void close() {
        happyDialer.close();
        db.close();
    }

    private OutboundRequest request(long id, String phone) {
        String s = Long.toString(id);
        return new OutboundRequest("happy-" + s, phone, "alpha", "happy-call", HappyCallFlow.SCRIPT,
                Map.of(OutboundRequest.ARG, s, HappyCallFlow.ID_VARIABLE, s), MONDAY_11,
                new CallWindow(EnumSet.allOf(DayOfWeek.class), LocalTime.of(10, 0), LocalTime.of(18, 0)), SEOUL, false);
    }

    @Test
    void eachRequestIsDialedOnceWithTheHappyCallScriptAndNeverAboveTheCampaignCap() throws Exception {
        CompletableFuture<Dialer.Outcome> first = happyDialer.dial(request(1, "01012340001")).toCompletableFuture();
        CompletableFuture<Dialer.Outcome> second = happyDialer.dial(request(2, "01012340002")).toCompletableFuture();
        Dialer.Outcome dup = happyDialer.dial(request(2, "01012340002")).toCompletableFuture().get(30, TimeUnit.SECONDS);
        assertEquals(0, dup.attempts(), "a request id queued already is not placed twice: " + dup);

        OutboundDialer.Target t = dialed.poll(30, TimeUnit.SECONDS);
        assertEquals("happy-1", t.attemptId());
        assertEquals("happy-call", t.script());
        assertEquals("PJSIP/ascc-outbound/sip:01012340001@127.0.0.1:5301", t.channel());
        assertEquals("0700000001", t.callerId());
        assertEquals(Map.of(HappyCallFlow.ID_VARIABLE, "1"), t.variables());
        clock.advance(Duration.ofSeconds(1));
        assertNull(dialed.poll(300, TimeUnit.MILLISECONDS), "max-concurrent 1: the second waits for the first to end");
        assertFalse(second.isDone());

        calls.get("happy-1").complete(new OutboundDialer.Result(AttemptResult.NO_ANSWER, "reason=3 cause=19"));
        assertEquals(new Dialer.Outcome(AttemptResult.NO_ANSWER, "reason=3 cause=19", 1), first.get(30, TimeUnit.SECONDS));
        OutboundDialer.Target t2 = dialed.poll(30, TimeUnit.SECONDS);
        assertEquals("happy-2", t2.attemptId());
        calls.get("happy-2").complete(new OutboundDialer.Result(AttemptResult.COMPLETED, "answered; 1 of 1 answered"));
        assertEquals(AttemptResult.COMPLETED, second.get(30, TimeUnit.SECONDS).result());
        assertTrue(happyDialer.held().isEmpty());
        assertEquals(2, calls.size(), "one call per request");
    }

    /** Hand-written trunk slots: full, or every claim on box busan-1; records claims and releases. */
    private static final class FakeSlots implements TrunkClaims {
        volatile boolean full = true;
        final java.util.List<String> log = new java.util.concurrent.CopyOnWriteArrayList<>();

        @Override
        public String claim(String key, String kind) throws TrunkSlotFailure {
            if (full) {
                throw new NoTrunkSlot("no trunk slot (limit=3, held=3, box=busan-1 free=7)");
            }
            log.add("claim " + key + " " + kind);
            return "busan-1";
        }

        @Override
        public void rekey(String from, String to) {
            log.add("rekey " + from + " " + to);
        }

        @Override
        public void release(String key) {
            log.add("release " + key);
        }
    }

    @Test
    void aHappyCallWaitsForATrunkSlotOfEveryNodesAndIsDialedThroughItsBox() throws Exception {
        FakeSlots slots = new FakeSlots();
        LinkedBlockingQueue<String> boxes = new LinkedBlockingQueue<>();
        CampaignRunner.Dialer viaBox = new CampaignRunner.Dialer() {
            @Override
            public CompletableFuture<OutboundDialer.Result> dial(OutboundDialer.Target t) {
                throw new AssertionError("dialed without a box");
            }

            @Override
            public CompletableFuture<OutboundDialer.Result> dial(OutboundDialer.Target t, String box) {
                boxes.add(t.attemptId() + "@" + box);
                return CompletableFuture.completedFuture(new OutboundDialer.Result(AttemptResult.COMPLETED, "answered"));
            }
        };
        CampaignsConfig cfg = CampaignsLoader.parse(YAML, Set.of("alpha"));
        CampaignRunner runner = new CampaignRunner(new CampaignStore(db.dataSource(), clock, "node-a"), dialerStore, viaBox,
                () -> cfg, () -> SEOUL, Set::of, c -> "survey", clock, d -> clock.advance(d), () -> true, slots);
        try (HappyCallDialer d = new HappyCallDialer(viaBox, runner, () -> cfg, clock)) {
            CompletableFuture<Dialer.Outcome> refused = d.dial(request(5, "01012340005")).toCompletableFuture();
            assertNull(boxes.poll(300, TimeUnit.MILLISECONDS), "no slot: not dialed");
            clock.advance(HappyCallDialer.MAX_QUEUE_WAIT.plus(Duration.ofSeconds(1)));
            Dialer.Outcome o = refused.get(30, TimeUnit.SECONDS);
            assertEquals(0, o.attempts(), "handed back unplaced: " + o);
            assertEquals("not placed: no trunk slot (limit=3, held=3, box=busan-1 free=7) for 60 s", o.asteriskResult());
            slots.full = false;
            clock.advance(Duration.ofSeconds(1)); // the pacing's next start (a start refused a slot used its turn)
            Dialer.Outcome placed = d.dial(request(6, "01012340006")).toCompletableFuture().get(30, TimeUnit.SECONDS);
            assertEquals(AttemptResult.COMPLETED, placed.result());
            assertEquals("happy-6@busan-1", boxes.poll(30, TimeUnit.SECONDS));
            assertEquals(java.util.List.of("claim ascc-att-happy-6 happy-call", "release ascc-att-happy-6"), slots.log);
        }
    }

    /**
     * The engine's wiring, {@code new HappyCallDialer(outboundDialer::dial, ...)}: the Originate goes to the link of the box
     * the happy-call's trunk slot is on. (Before 2026-12-06 the method reference took the one-argument dial, and every
     * happy-call went through the first box whatever its slot's box.)
     */
    @Test
    void aHappyCallOverTheEnginesOutboundDialerIsOriginatedThroughItsSlotsBox() throws Exception {
        FakeSlots slots = new FakeSlots();
        slots.full = false;
        LinkedBlockingQueue<String> originatedVia = new LinkedBlockingQueue<>();
        OutboundDialer.Ami ami = new OutboundDialer.Ami() {
            @Override
            public CompletableFuture<ascc.core.ami.AmiEvents.OriginateResponse> originate(ascc.core.ami.AmiAction a, Duration timeout) {
                return originate(null, a, timeout);
            }

            @Override
            public CompletableFuture<ascc.core.ami.AmiEvents.OriginateResponse> originate(String box, ascc.core.ami.AmiAction a,
                    Duration timeout) {
                originatedVia.add(a.get("ChannelId") + "@" + box);
                return new CompletableFuture<>(); // Asterisk has not answered yet
            }

            @Override
            public CompletableFuture<Set<String>> liveUniqueIds() {
                return CompletableFuture.completedFuture(Set.of());
            }
        };
        OutboundDialer outbound = new OutboundDialer(ami, "agi://127.0.0.1:4573", new OutboundDialer.Timers() {
            @Override
            public void schedule(Runnable task, Duration delay) {
                // the test never lets the call's grace times pass
            }

            @Override
            public void shutdown() {
                // nothing scheduled
            }
        });
        CampaignsConfig cfg = CampaignsLoader.parse(YAML, Set.of("alpha"));
        CampaignRunner runner = new CampaignRunner(new CampaignStore(db.dataSource(), clock, "node-a"), dialerStore, outbound::dial,
                () -> cfg, () -> SEOUL, Set::of, c -> "survey", clock, d -> clock.advance(d), () -> true, slots);
        try (HappyCallDialer d = new HappyCallDialer(outbound::dial, runner, () -> cfg, clock)) {
            d.dial(request(7, "01012340007"));
            assertEquals("ascc-att-happy-7@busan-1", originatedVia.poll(30, TimeUnit.SECONDS), "through the slot's box");
        } finally {
            outbound.close();
        }
    }

    @Test
    void pausedHappyCallsAreHandedBackUnplacedAfterTheQueueWait() throws Exception {
        dialerStore.setState("alpha", "happy-call", DialerStore.PAUSED, clock.instant(), "test");
        CompletableFuture<Dialer.Outcome> f = happyDialer.dial(request(3, "01012340003")).toCompletableFuture();
        assertNull(dialed.poll(300, TimeUnit.MILLISECONDS), "paused: not dialed");
        assertEquals(Set.of("happy-3"), happyDialer.held());
        clock.advance(HappyCallDialer.MAX_QUEUE_WAIT.plus(Duration.ofSeconds(1)));
        Dialer.Outcome o = f.get(30, TimeUnit.SECONDS);
        assertEquals(0, o.attempts(), o.toString());
        assertTrue(o.asteriskResult().startsWith("not placed: paused"), o.asteriskResult());
        assertTrue(dialed.isEmpty() && calls.isEmpty(), "nobody was called");
    }
}
