package ascc.core.happycall;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ascc.agi.flows.HappyCallFlow;
import ascc.agi.AgiRequest;
import ascc.agi.testing.FakeAgiChannel;
import ascc.routing.asterisk.Channels;
import ascc.core.callbacks.CallbackRequest;
import ascc.core.callbacks.CallbackStore;
import ascc.routing.callbacks.FollowUpStatus;
import ascc.routing.calls.CallOutcome;
import ascc.core.calls.CallRecord;
import ascc.core.calls.CallRecordStore;
import ascc.core.calls.CallRecordWriter;
import ascc.core.campaign.CampaignStore;
import ascc.core.db.Database;
import ascc.core.db.DbSettings;
import ascc.core.durable.Crashes;
import ascc.core.durable.DurableWriter;
import ascc.core.metrics.Metrics;
import ascc.testsupport.time.Await;
import ascc.routing.campaign.AttemptResult;
import ascc.routing.campaign.CampaignsConfig;
import ascc.core.config.yaml.CampaignsLoader;
import ascc.routing.config.CenterConfig;
import ascc.core.config.yaml.ConfigLoader;
import ascc.routing.happycall.HappyCallStatus;
import java.nio.file.Path;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HappyCallsTest {
    private static final ZoneId SEOUL = ZoneId.of("Asia/Seoul");
    /** Tuesday 2026-11-24 11:00 in Seoul. */
    private static final Instant TUESDAY = ZonedDateTime.of(2026, 11, 24, 11, 0, 0, 0, SEOUL).toInstant();
    private static final Instant WEDNESDAY_10 = ZonedDateTime.of(2026, 11, 25, 10, 0, 0, 0, SEOUL).toInstant();
    private static final String CAMPAIGNS = """
            campaigns:
              - company: alpha
                id: happy-call
                kind: happy-call
                questions:
                  - {id: satisfaction, kind: scale1to5, prompt: hc-satisfaction}
                  - {id: agent, kind: scale1to5, prompt: hc-agent}
                schedule: "0 0/10 10-17 ? * MON-FRI"
                window: {days: [mon, tue, wed, thu, fri], hours: "10:00-18:00"}
                pacing: {max-concurrent: 1, calls-per-second: 1}
                happy-call:
                  outcomes: [answered]
                  inquiry-types: [fault, howto]
                  delay: next-business-day
                  once-per-days: 30
                  prompt: alpha-intro
                  follow-up-desk: general
            """;

    @TempDir
    Path dir;
    private Database db;
    private CenterConfig center;
    private CampaignsConfig campaigns;
    private CallbackStore callbacks;
    private HappyCallStore store;

    @BeforeEach
    void setUp() throws Exception {
        db = Database.open(DbSettings.embedded(dir.resolve("ascc").toString(), 4));
        center = ConfigLoader.load(Path.of("src/test/resources/it-conf"), Map.of());
        campaigns = CampaignsLoader.parse(CAMPAIGNS, Set.of("alpha", "beta"));
        callbacks = new CallbackStore(db.dataSource());
        store = new HappyCallStore(db.dataSource());
    }

    @AfterEach
    void tearDown() {
        db.close();
    }

    private HappyCalls happyCalls(Instant now) {
        return happyCalls(now, this::storeNow);
    }

    private HappyCalls happyCalls(Instant now, HappyCalls.Answers answers) {
        return new HappyCalls(store, () -> campaigns, () -> center, task -> callbacks.insert(task, now), answers,
                (company, prompt) -> "ascc/" + company + "/" + prompt, Clock.fixed(now, ZoneOffset.UTC));
    }

    private Map<String, Integer> storedAnswers(HappyCall h) {
        try {
            return store.answers(h.id());
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The answers' journal as a synchronous write (the journal itself is tested below and in the durable package). */
    private boolean storeNow(HappyAnswer a) {
        try {
            store.saveAnswer(a.happyCallId(), a.questionId(), a.score(), a.at()); // false: stored already, the first stays
            return true;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void scoresKeyedWhileTheDatabaseIsAwayAreJournaledAndStoredByTheNextStart() throws Exception {
        HappyCall h = happyCalls(TUESDAY).schedule(call("orig-9", "alpha", "fault", CallOutcome.ANSWERED, "01012349999", TUESDAY))
                .orElseThrow();
        Path journal = dir.resolve("spool");
        DurableWriter<HappyAnswer> away = HappyAnswers.writer(answers -> {
            throw new SQLTransientConnectionException("Connection refused (test outage)", "08S01");
        }, journal, new Metrics(), Clock.fixed(WEDNESDAY_10, ZoneOffset.UTC));
        new HappyCallFlow(happyCalls(WEDNESDAY_10, away::submit)).run(happyChannel(h).pressDigits("45"));
        Crashes.kill(away); // kill -9 while the database is away: the scores are only in the journal
        assertEquals(Map.of(), store.answers(h.id()));

        DurableWriter<HappyAnswer> next = HappyAnswers.writer(HappyAnswers.sink(store), journal, new Metrics(),
                Clock.fixed(WEDNESDAY_10, ZoneOffset.UTC));
        try {
            Await.until(() -> next.pending() == 0 && next.spoolSize() == 0 && storedAnswers(h).size() == 2,
                    Duration.ofSeconds(20), () -> "stored: " + storedAnswers(h));
        } finally {
            next.close(Duration.ofSeconds(2));
        }
        assertEquals(Map.of("satisfaction", 4, "agent", 5), store.answers(h.id()));
    }

    private static CallRecord call(String linkedId, String company, String inquiry, CallOutcome outcome, String caller, Instant ended) {
        return new CallRecord(linkedId, linkedId + ".1", company, "home-appliances", inquiry, "appliance", "desk-appliance", "2101",
                "0700000001", caller, ended.minusSeconds(300), ended.minusSeconds(280), ended, 20_000L, 280_000L, outcome, "test",
                "node-a");
    }

    @Test
    void writtenQualifyingCallSchedulesOneHappyCallNextBusinessDayWithFullNumberAndAgent() throws Exception {
        CallRecordWriter.Sink sink = happyCalls(TUESDAY).sink(new CallRecordStore(db.dataSource())::upsert);
        CallRecord r = call("in-1", "alpha", "fault", CallOutcome.ANSWERED, "01012345678", TUESDAY);
        sink.upsert(List.of(r));
        sink.upsert(List.of(r)); // the same record written again (retry, spool replay): still one happy-call
        HappyCall h = store.findByOriginal("in-1").orElseThrow();
        assertEquals("01012345678", h.dialNumber(), "full number kept for dialing");
        assertEquals("2101", h.agentId());
        assertEquals("appliance", h.deskId());
        assertEquals(WEDNESDAY_10, h.dueAt());
        assertEquals(HappyCallStatus.SCHEDULED, h.status());
        assertFalse(h.toString().contains("01012345678"), h.toString());
        assertEquals(1, countRows("happy_call"));
    }

    @Test
    void nonQualifyingCallsGetNoHappyCall() throws Exception {
        HappyCalls hc = happyCalls(TUESDAY);
        assertTrue(hc.schedule(call("a", "alpha", "purchase", CallOutcome.ANSWERED, "01011112222", TUESDAY)).isEmpty());
        assertTrue(hc.schedule(call("b", "alpha", "fault", CallOutcome.ABANDONED_QUEUE, "01011112222", TUESDAY)).isEmpty());
        assertTrue(hc.schedule(call("c", "beta", "fault", CallOutcome.ANSWERED, "01011112222", TUESDAY)).isEmpty(), "no campaign");
        assertTrue(hc.schedule(call("d", "alpha", "fault", CallOutcome.ANSWERED, null, TUESDAY)).isEmpty(), "no number");
        assertEquals(0, countRows("happy_call"));
    }

    @Test
    void atMostOneHappyCallPerCustomerWithinOncePerDays() throws Exception {
        HappyCalls hc = happyCalls(TUESDAY);
        assertTrue(hc.schedule(call("first", "alpha", "fault", CallOutcome.ANSWERED, "01099998888", TUESDAY)).isPresent());
        Instant tenDaysLater = TUESDAY.plus(java.time.Duration.ofDays(10));
        assertTrue(happyCalls(tenDaysLater).schedule(call("second", "alpha", "howto", CallOutcome.ANSWERED, "01099998888",
                tenDaysLater)).isEmpty());
        Instant fortyDaysLater = TUESDAY.plus(java.time.Duration.ofDays(40));
        assertTrue(happyCalls(fortyDaysLater).schedule(call("third", "alpha", "fault", CallOutcome.ANSWERED, "01099998888",
                fortyDaysLater)).isPresent());
    }

    @Test
    void doNotCallNumberGetsNoHappyCall() throws Exception {
        new CampaignStore(db.dataSource(), Clock.fixed(TUESDAY, ZoneOffset.UTC), "t").addDoNotCall(null, "01055556666", "asked");
        assertTrue(happyCalls(TUESDAY).schedule(call("x", "alpha", "fault", CallOutcome.ANSWERED, "01055556666", TUESDAY)).isEmpty());
    }

    @Test
    void lowScoreOpensFollowUpForSeniorDeskTiedToOriginalCallAndAgent() throws Exception {
        HappyCall h = happyCalls(TUESDAY).schedule(call("orig-7", "alpha", "fault", CallOutcome.ANSWERED, "01012340000", TUESDAY))
                .orElseThrow();
        HappyCalls at = happyCalls(WEDNESDAY_10);
        FakeAgiChannel ch = happyChannel(h)
                .pressDigits("24");
        new HappyCallFlow(at).run(ch);
        assertEquals(List.of("ascc/alpha/alpha-intro", "ascc/alpha/hc-satisfaction", "ascc/alpha/hc-agent", HappyCalls.THANKS),
                ch.prompts());
        assertEquals(Map.of("satisfaction", 2, "agent", 4), store.answers(h.id()));
        HappyCall done = store.find(h.id()).orElseThrow();
        assertEquals(HappyCallStatus.COMPLETED, done.status());
        assertEquals(Channels.attemptChannelId(HappyCalls.requestId(Long.toString(h.id()))), done.callLinkedId());
        List<CallbackRequest> tasks = callbacks.findRelated("orig-7");
        assertEquals(1, tasks.size());
        CallbackRequest task = tasks.get(0);
        assertEquals("general", task.deskId());
        assertEquals("01012340000", task.number());
        assertEquals(FollowUpStatus.PENDING, task.status());
        assertEquals("happy-call low score 2 on satisfaction (agent 2101)", task.reason());
        assertTrue(callbacks.markSolved(task.linkedId(), WEDNESDAY_10.plusSeconds(3600)));
        assertEquals(FollowUpStatus.SOLVED, callbacks.find(task.linkedId()).orElseThrow().status());
        assertFalse(callbacks.markSolved(task.linkedId(), WEDNESDAY_10.plusSeconds(7200)), "solved once");
    }

    @Test
    void scoresAboveThresholdOpenNoFollowUpAndAFinishedHappyCallIsNotAskedAgain() throws Exception {
        HappyCall h = happyCalls(TUESDAY).schedule(call("orig-8", "alpha", "fault", CallOutcome.ANSWERED, "01012341111", TUESDAY))
                .orElseThrow();
        HappyCalls at = happyCalls(WEDNESDAY_10);
        new HappyCallFlow(at).run(happyChannel(h)
                .pressDigits("35"));
        assertTrue(callbacks.findRelated("orig-8").isEmpty());
        FakeAgiChannel again = happyChannel(h)
                .pressDigits("11");
        new HappyCallFlow(at).run(again);
        assertFalse(again.answered());
        assertEquals(Map.of("satisfaction", 3, "agent", 5), store.answers(h.id()));
    }

    @Test
    void customerWhoHangsUpWithoutAnsweringIsRefused() throws Exception {
        HappyCall h = happyCalls(TUESDAY).schedule(call("orig-9", "alpha", "fault", CallOutcome.ANSWERED, "01012342222", TUESDAY))
                .orElseThrow();
        new HappyCallFlow(happyCalls(WEDNESDAY_10)).run(happyChannel(h).hangupAfter(2));
        assertEquals(HappyCallStatus.REFUSED, store.find(h.id()).orElseThrow().status());
    }

    @Test
    void answersFromAChannelThatIsNotTheHappyCallsOwnAreRefused() throws Exception {
        HappyCall h = happyCalls(TUESDAY).schedule(call("orig-10", "alpha", "fault", CallOutcome.ANSWERED, "01012343333", TUESDAY))
                .orElseThrow();
        // a crafted session naming the happy-call but on another channel (e.g. an inbound call's unique id)
        FakeAgiChannel spoofed = new FakeAgiChannel(FakeAgiChannel.request("happy-call", "x", "s", Long.toString(h.id())))
                .pressDigits("11");
        new HappyCallFlow(happyCalls(WEDNESDAY_10)).run(spoofed);
        assertFalse(spoofed.answered(), "the call is not even answered");
        assertEquals(Map.of(), store.answers(h.id()));
        assertEquals(HappyCallStatus.SCHEDULED, store.find(h.id()).orElseThrow().status());
        FakeAgiChannel own = happyChannel(h).pressDigits("45");
        new HappyCallFlow(happyCalls(WEDNESDAY_10)).run(own);
        assertEquals(Map.of("satisfaction", 4, "agent", 5), store.answers(h.id()));
    }

    /** The happy-call's own channel: the dialer originates it with the unique id {@code ascc-att-happy-<id>}. */
    private static FakeAgiChannel happyChannel(HappyCall h) {
        String id = Long.toString(h.id());
        return new FakeAgiChannel(AgiRequest.of("happy-call", "PJSIP/trunk-00000001", Channels.attemptChannelId(HappyCalls.requestId(id)),
                "ascc-outbound", "x", "s", id));
    }

    /** Hand-written fake of the dialer port: records requests, completes them when the test says. */
    static final class FakeDialer implements Dialer {
        final List<OutboundRequest> requests = new ArrayList<>();
        final List<CompletableFuture<Outcome>> results = new ArrayList<>();

        @Override
        public CompletableFuture<Outcome> dial(OutboundRequest request) {
            requests.add(request);
            CompletableFuture<Outcome> f = new CompletableFuture<>();
            results.add(f);
            return f;
        }
    }

    @Test
    void dueHappyCallsAreHandedToTheDialerOnceAndNeverBillable() throws Exception {
        HappyCall h = happyCalls(TUESDAY).schedule(call("orig-10", "alpha", "fault", CallOutcome.ANSWERED, "01012343333", TUESDAY))
                .orElseThrow();
        FakeDialer dialer = new FakeDialer();
        assertEquals(0, happyCalls(TUESDAY).dispatchDue(dialer, 10), "not due before Wednesday 10:00");
        HappyCalls at = happyCalls(WEDNESDAY_10);
        assertEquals(1, at.dispatchDue(dialer, 10));
        assertEquals(0, at.dispatchDue(dialer, 10), "claimed once");
        OutboundRequest req = dialer.requests.get(0);
        assertEquals("01012343333", req.phone());
        assertEquals("happy-call", req.script());
        assertEquals(Optional.of(Long.toString(h.id())), Optional.ofNullable(req.variables().get(HappyCallFlow.ID_VARIABLE)));
        assertEquals(WEDNESDAY_10, req.notBefore());
        assertFalse(req.billable());
        assertFalse(req.toString().contains("01012343333"), req.toString());
        assertEquals(HappyCallStatus.QUEUED, store.find(h.id()).orElseThrow().status());
        dialer.results.get(0).complete(new Dialer.Outcome(AttemptResult.NO_ANSWER, "reason 3", 2));
        assertEquals(HappyCallStatus.NO_ANSWER, store.find(h.id()).orElseThrow().status());
        try (var c = db.dataSource().getConnection()) {
            assertEquals(Map.of("alpha", 1L), HappyCallStore.dialedPerCompany(c, WEDNESDAY_10, WEDNESDAY_10.plusSeconds(1)),
                    "counted (free) in the month it was dialed");
            assertEquals(Map.of(), HappyCallStore.dialedPerCompany(c, TUESDAY, WEDNESDAY_10));
        }
    }

    @Test
    void dispatchJobHandsDueHappyCallsToTheDialerAndIsScheduledInQuartz() throws Exception {
        happyCalls(TUESDAY).schedule(call("orig-11", "alpha", "fault", CallOutcome.ANSWERED, "01012344444", TUESDAY)).orElseThrow();
        FakeDialer dialer = new FakeDialer();
        new HappyCallJob(happyCalls(WEDNESDAY_10), dialer, 5).execute(null);
        assertEquals(1, dialer.requests.size());
        ascc.core.sched.Scheduler scheduler = ascc.core.sched.Scheduler.start(db.dataSource(), "happy-test", false);
        try {
            HappyCallJob.register(scheduler, happyCalls(WEDNESDAY_10), dialer, java.time.Duration.ofSeconds(30), 5);
            assertTrue(scheduler.quartz().checkExists(HappyCallJob.JOB));
        } finally {
            scheduler.shutdown(false);
        }
    }

    private int countRows(String table) throws Exception {
        try (var c = db.dataSource().getConnection(); var s = c.createStatement(); var rs = s.executeQuery("SELECT COUNT(*) FROM "
                + table)) {
            rs.next();
            return rs.getInt(1);
        }
    }

    @Test
    void requestTheDialerCouldNotPlaceIsScheduledAgainAndClaimedAgain() throws Exception {
        HappyCall h = happyCalls(TUESDAY).schedule(call("orig-20", "alpha", "fault", CallOutcome.ANSWERED, "01012345555", TUESDAY))
                .orElseThrow();
        FakeDialer dialer = new FakeDialer();
        HappyCalls at = happyCalls(WEDNESDAY_10);
        assertEquals(1, at.dispatchDue(dialer, 10));
        dialer.results.get(0).complete(new Dialer.Outcome(AttemptResult.FAILED, "not placed: paused for 60 s", 0));
        assertEquals(HappyCallStatus.SCHEDULED, store.find(h.id()).orElseThrow().status(), "nobody was called: dialed later");
        assertEquals(1, at.dispatchDue(dialer, 10), "claimed again");
        dialer.results.get(1).complete(new Dialer.Outcome(AttemptResult.FAILED, "cause=38", 1));
        assertEquals(HappyCallStatus.FAILED, store.find(h.id()).orElseThrow().status(), "a placed call that failed is final");
    }

    @Test
    void recoveryClosesHappyCallsALostEngineLeftQueuedOrAnsweredButNotThoseStillUp() throws Exception {
        HappyCalls tue = happyCalls(TUESDAY);
        long queued = tue.schedule(call("q", "alpha", "fault", CallOutcome.ANSWERED, "01011110001", TUESDAY)).orElseThrow().id();
        long answered = tue.schedule(call("a", "alpha", "fault", CallOutcome.ANSWERED, "01011110002", TUESDAY)).orElseThrow().id();
        long partial = tue.schedule(call("p", "alpha", "fault", CallOutcome.ANSWERED, "01011110003", TUESDAY)).orElseThrow().id();
        long held = tue.schedule(call("h", "alpha", "fault", CallOutcome.ANSWERED, "01011110004", TUESDAY)).orElseThrow().id();
        long live = tue.schedule(call("l", "alpha", "fault", CallOutcome.ANSWERED, "01011110005", TUESDAY)).orElseThrow().id();
        assertEquals(5, happyCalls(WEDNESDAY_10).dispatchDue(new FakeDialer(), 10), "claimed by an engine that is then killed");
        store.setStatus(answered, List.of(), HappyCallStatus.ANSWERED, "call-a", WEDNESDAY_10);
        store.setStatus(partial, List.of(), HappyCallStatus.ANSWERED, "call-p", WEDNESDAY_10);
        store.saveAnswer(partial, "satisfaction", 4, WEDNESDAY_10);
        Instant later = WEDNESDAY_10.plusSeconds(600);
        HappyCalls restarted = happyCalls(later);
        assertEquals(0, restarted.recover(WEDNESDAY_10, Set.of(), Set.of(), "ascc-att-"), "nothing older than the cut-off");
        assertEquals(3, restarted.recover(later.minusSeconds(140), Set.of("happy-" + held), Set.of("ascc-att-happy-" + live),
                "ascc-att-"));
        assertEquals(HappyCallStatus.FAILED, store.find(queued).orElseThrow().status(), "queued, never answered: failed, not redialed");
        assertEquals(HappyCallStatus.REFUSED, store.find(answered).orElseThrow().status());
        assertEquals(HappyCallStatus.PARTIAL, store.find(partial).orElseThrow().status(), "1 of 2 questions answered");
        assertEquals(HappyCallStatus.QUEUED, store.find(held).orElseThrow().status(), "held by this engine's dialer");
        assertEquals(HappyCallStatus.QUEUED, store.find(live).orElseThrow().status(), "its channel is up");
        assertEquals(0, restarted.dispatchDue(new FakeDialer(), 10), "nothing is dialed again");
    }
}
