package ascc.core.campaign;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ascc.testsupport.time.ManualClock;
import ascc.core.billing.SurveyUsage;
import ascc.core.cluster.SqlTrunkSlotStore;
import ascc.core.cluster.TrunkSlots;
import ascc.core.metrics.Metrics;
import ascc.routing.config.AsteriskBox;
import ascc.testsupport.time.Await;
import ascc.core.db.Database;
import ascc.core.db.DbSettings;
import ascc.routing.asterisk.Channels;
import ascc.routing.campaign.AttemptResult;
import ascc.routing.campaign.CampaignsConfig;
import ascc.core.config.yaml.CampaignsLoader;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CampaignRunnerTest {
    private static final ZoneId SEOUL = ZoneId.of("Asia/Seoul");
    /** Monday 2026-11-23 11:00 in Seoul. */
    private static final Instant MONDAY_11 = Instant.parse("2026-11-23T02:00:00Z");
    private static final String YAML = """
            trunk-channels: 5
            dial: {channel: "PJSIP/ascc-outbound/sip:{number}@127.0.0.1:5301", ring-seconds: 10}
            campaigns:
              - company: hanbit
                id: q4
                kind: survey
                questions:
                  - {id: q1, kind: scale1to5, prompt: survey-q1}
                  - {id: q2, kind: yes-no, prompt: survey-q2}
                schedule: "0 0/5 10-17 ? * MON-FRI"
                window: {days: [mon, tue, wed, thu, fri], hours: "10:00-18:00"}
                pacing: {max-concurrent: 2, calls-per-second: 1}
                retries:
                  busy: {max-attempts: 2, backoff: 10m}
                end-date: 2026-12-31
            """;

    @TempDir
    Path dir;
    private Database db;
    private CampaignStore store;
    private DialerStore dialerStore;
    private final ManualClock clock = new ManualClock(MONDAY_11);
    /** Result per number; every dial is checked against the database first. */
    private final Map<String, AttemptResult> answers = new HashMap<>();
    private final List<String> dialed = new ArrayList<>();
    private final Set<LocalDate> holidays = new java.util.HashSet<>();
    private CampaignRunner runner;

    @BeforeEach
    void open() throws Exception {
        db = Database.open(DbSettings.embedded(dir.resolve("ascc").toString(), 4));
        store = new CampaignStore(db.dataSource(), clock, "node-a");
        dialerStore = new DialerStore(db.dataSource());
        CampaignsConfig cfg = CampaignsLoader.parse(YAML, Set.of("hanbit"));
        runner = new CampaignRunner(store, dialerStore, (t, box) -> dial(t), () -> cfg, () -> SEOUL, () -> holidays, c -> "survey", clock,
                d -> clock.advance(d), () -> true);
        store.importTargets("hanbit", "q4", List.of(target("01000000001", true), target("01000000002", true),
                target("01000000003", false), target("01000000004", true)), n -> { });
        store.addDoNotCall(null, "01000000004", "asked");
        answers.put("01000000001", AttemptResult.COMPLETED);
        answers.put("01000000002", AttemptResult.BUSY);
    }

    @AfterEach
    void close() {
        db.close();
    }

    private static TargetCsv.Target target(String phone, boolean consent) {
        return new TargetCsv.Target(2, phone, "N", consent, consent ? Optional.of(LocalDate.of(2026, 3, 1)) : Optional.empty());
    }

    private CompletableFuture<OutboundDialer.Result> dial(OutboundDialer.Target t) {
        try (Connection c = db.dataSource().getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT phone, ended_at FROM campaign_attempt WHERE id = ?")) {
            ps.setLong(1, Long.parseLong(t.attemptId()));
            try (ResultSet rs = ps.executeQuery()) {
                assertTrue(rs.next(), "the attempt row is committed before the dial: " + t);
                assertEquals(t.number(), rs.getString(1));
                assertEquals(null, rs.getTimestamp(2));
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
        dialed.add(t.number());
        return CompletableFuture.completedFuture(new OutboundDialer.Result(answers.get(t.number()), "test"));
    }

    private Map<String, Integer> status() throws Exception {
        return store.statusCounts().get("hanbit/q4");
    }

    @Test
    void aSurveyWaitsForStartThenDialsOnlyConsentingNumbersOffTheDoNotCallList() throws Exception {
        assertEquals(0, runner.run("hanbit", "q4").dialed());
        assertTrue(dialed.isEmpty(), "not started: nobody dialed");
        dialerStore.setState("hanbit", "q4", DialerStore.RUNNING, clock.instant(), "test");
        CampaignRunner.RunSummary s = runner.run("hanbit", "q4");
        assertEquals(List.of("01000000001", "01000000002"), dialed);
        assertEquals("nothing due", s.stoppedBecause());
        assertEquals(Map.of("completed", 1, "retry", 1, "no-consent", 1, "do-not-call", 1), status());
    }

    @Test
    void aBusyTargetIsRetriedAfterItsBackoffAndThenMarkedBusy() throws Exception {
        dialerStore.setState("hanbit", "q4", DialerStore.RUNNING, clock.instant(), "test");
        runner.run("hanbit", "q4");
        clock.advance(Duration.ofMinutes(5));
        runner.run("hanbit", "q4");
        assertEquals(2, dialed.size(), "backoff not over: no retry yet " + dialed);
        clock.advance(Duration.ofMinutes(6));
        runner.run("hanbit", "q4");
        assertEquals(List.of("01000000001", "01000000002", "01000000002"), dialed);
        assertEquals(1, status().get("busy"));
        clock.advance(Duration.ofHours(1));
        runner.run("hanbit", "q4");
        assertEquals(3, dialed.size(), "max attempts reached: final");
    }

    @Test
    void pausedOutsideTheWindowOrOnAHolidayNothingIsDialed() throws Exception {
        dialerStore.setState("hanbit", "q4", DialerStore.PAUSED, clock.instant(), "test");
        assertEquals("paused", runner.run("hanbit", "q4").stoppedBecause());
        dialerStore.setState("hanbit", "q4", DialerStore.RUNNING, clock.instant(), "test");
        clock.set(Instant.parse("2026-11-23T09:30:00Z")); // 18:30 in Seoul
        assertEquals("outside its call window", runner.run("hanbit", "q4").stoppedBecause());
        clock.set(MONDAY_11);
        holidays.add(LocalDate.of(2026, 11, 23));
        assertEquals("outside its call window", runner.run("hanbit", "q4").stoppedBecause());
        assertTrue(dialed.isEmpty());
    }

    @Test
    void eachAttemptClaimsATrunkSlotOfEveryNodesOnTheFreestBoxAndWaitsWhileAllAreTaken() throws Exception {
        TrunkSlots.BoxOriginator unused = (box, o, t) -> {
            throw new AssertionError("the runner dials through its dialer");
        };
        Metrics metrics = new Metrics();
        SqlTrunkSlotStore slotStore = new SqlTrunkSlotStore(db.dataSource());
        List<AsteriskBox> boxes = List.of(box("seoul-1", 3), box("busan-1", 5));
        TrunkSlots here = new TrunkSlots(slotStore, "node-a", () -> 5, boxes, b -> true, unused, metrics);
        TrunkSlots other = new TrunkSlots(slotStore, "node-z", () -> 5, boxes, b -> true, unused, new Metrics());
        // another node's calls hold the whole limit: this node's run waits for them
        List<String> others = List.of("ascc-att-z1", "ascc-att-z2", "ascc-att-z3");
        for (String k : others) {
            other.claim(k, TrunkSlots.CAMPAIGN);
        }
        other.claim("cb-z4", TrunkSlots.CALLBACK);
        other.claim("cb-z5", TrunkSlots.CALLBACK);
        List<String> viaBox = new java.util.concurrent.CopyOnWriteArrayList<>();
        CampaignRunner.Dialer dialer = new CampaignRunner.Dialer() {
            @Override
            public CompletableFuture<OutboundDialer.Result> dial(OutboundDialer.Target t) {
                throw new AssertionError("dialed without a box: " + t);
            }

            @Override
            public CompletableFuture<OutboundDialer.Result> dial(OutboundDialer.Target t, String box) {
                assertEquals(List.of(box + " node-a"), slotOf(Channels.attemptChannelId(t.attemptId())),
                        "the slot is claimed under the call's channel id before the dial");
                viaBox.add(box);
                return CampaignRunnerTest.this.dial(t);
            }
        };
        CampaignsConfig cfg = CampaignsLoader.parse(YAML, Set.of("hanbit"));
        CampaignRunner r = new CampaignRunner(store, dialerStore, dialer, () -> cfg, () -> SEOUL, () -> holidays, c -> "survey", clock,
                d -> clock.advance(d), () -> true, here);
        dialerStore.setState("hanbit", "q4", DialerStore.RUNNING, clock.instant(), "test");
        CompletableFuture<CampaignRunner.RunSummary> run = CompletableFuture.supplyAsync(() -> {
            try {
                return r.run("hanbit", "q4");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        Await.until(() -> metrics.registry().find("ascc_trunk_slot_refusals_total").counter().count() >= 2, Duration.ofSeconds(20),
                () -> "the run tried for a slot and found none: " + metrics.render());
        assertTrue(dialed.isEmpty(), "no slot, no attempt and no dial: " + dialed);
        others.forEach(k -> other.onEvent(new ascc.core.ami.AmiEvent("Hangup", ascc.core.ami.AmiMessage.of("Event", "Hangup",
                "Channel", "PJSIP/trunk-1", "Uniqueid", k), clock.instant())));
        assertEquals(2, run.get(20, java.util.concurrent.TimeUnit.SECONDS).dialed());
        assertEquals(List.of("01000000001", "01000000002"), dialed);
        // left by the other node: a callback on each box; busan-1 has 4 of 5 free, seoul-1 2 of 3
        assertEquals(List.of("busan-1", "busan-1"), viaBox, "each dial through the box with the most free capacity");
        assertEquals(Map.of("busan-1", 1, "seoul-1", 1), here.held(), "this run's slots given back when its calls ended");
        assertEquals(0, here.heldHere());
    }

    private List<String> slotOf(String key) {
        List<String> out = new ArrayList<>();
        try (Connection c = db.dataSource().getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT box, node FROM trunk_slot WHERE call_key = ?")) {
            ps.setString(1, key);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1) + " " + rs.getString(2));
                }
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }

    private static AsteriskBox box(String id, int capacity) {
        return new AsteriskBox(id, "10.0.0." + capacity, 5038, "ascc", ascc.routing.config.Secret.of("secret-secret"),
                "10.0.1." + capacity, capacity);
    }

    @Test
    void recoveryClosesAnAttemptLeftOpenByADeadEngineFromItsStoredAnswersWithoutDialing() throws Exception {
        CampaignStore.Attempt a = store.claimNextAttempt("hanbit", "q4", clock.instant()).orElseThrow();
        CampaignStore.Attempt b = store.claimNextAttempt("hanbit", "q4", clock.instant()).orElseThrow();
        dialerStore.saveAnswer(a.id(), "hanbit", "q4", "q1", 4, clock.instant());
        dialerStore.saveAnswer(a.id(), "hanbit", "q4", "q2", 1, clock.instant());
        assertEquals(0, runner.recover(Set.of(), Set.of()), "too young: may still be ringing on another engine");
        clock.advance(Duration.ofMinutes(2));
        assertEquals(1, runner.recover(Set.of(), Set.of("ascc-att-" + b.id())), "a live channel is left alone");
        assertEquals(1, runner.recover(Set.of(), Set.of()));
        assertEquals(0, runner.recover(Set.of(), Set.of()), "closed once");
        assertTrue(dialed.isEmpty());
        assertEquals(Map.of("completed", 1, "failed", 1, "no-consent", 1, "pending", 1), status());

        SurveyUsage u = usage();
        assertEquals(new SurveyUsage(0, 2, 1), u, "two survey calls, one billable response");
    }

    private SurveyUsage usage() throws Exception {
        CampaignsConfig cfg = CampaignsLoader.parse(YAML, Set.of("hanbit"));
        try (Connection c = db.dataSource().getConnection()) {
            return new CampaignUsage(() -> cfg).usage(c, MONDAY_11.minus(Duration.ofDays(1)), MONDAY_11.plus(Duration.ofDays(1)))
                    .get("hanbit");
        }
    }
}
