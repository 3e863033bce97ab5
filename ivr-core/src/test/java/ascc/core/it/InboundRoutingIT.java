package ascc.core.it;

import static ascc.core.it.FoundationIT.awaitMemberAvailable;
import static ascc.core.it.FoundationIT.awaitTrue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ascc.core.Engine;
import ascc.core.callbacks.CallbackRequest;
import ascc.core.callbacks.CallbackStore;
import ascc.routing.callbacks.AfterHoursCallbackStatus;
import ascc.testsupport.sip.IncomingCall;
import ascc.testsupport.sip.TestPhone;
import ascc.testsupport.sipp.CustomerCall;
import ascc.testsupport.sipp.Sipp;
import ascc.testsupport.sipp.SippResult;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Inbound routing through the real stack: SIPp customers key RFC 4733 DTMF into the engine's menus on a
 * real Asterisk 22; registered test phones of agents show what the call is about; after-hours calls end in
 * a stored callback request or a voicemail file; a live config reload changes the next call's route.
 */
class InboundRoutingIT {
    private static final Duration WAIT = Duration.ofSeconds(20);
    /** engine.yaml center.menu-timeout-ms of the test whose caller stays silent through every menu. */
    private static final Duration SHORT_MENU_TIMEOUT = Duration.ofSeconds(3);
    private static final AtomicInteger SIPP_PORT = new AtomicInteger(5120);
    /** Customers placed at the same time (their SIPp runs block). */
    private static final java.util.concurrent.ExecutorService CALLERS = java.util.concurrent.Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "inbound-it-caller");
        t.setDaemon(true);
        return t;
    });

    @BeforeAll
    static void stack() throws Exception {
        RealStack.ensureAsterisk();
    }

    static SippResult call(String number, String caller, String digits, Duration hold, CustomerCall.Ending ending) {
        CustomerCall c = CustomerCall.of(digits, Duration.ofMillis(1500), Duration.ofMillis(700), hold).withCaller(caller)
                .withEnding(ending);
        return Sipp.builder().scenarioXml("customer-" + number, c.toXml()).remote("127.0.0.1", 5060).service(number).calls(1)
                .localPort(SIPP_PORT.getAndIncrement()).timeout(Duration.ofSeconds(90)).run();
    }

    static SippResult call(String number, String caller, String digits, Duration hold) {
        return call(number, caller, digits, hold, CustomerCall.Ending.CALLER_HANGS_UP);
    }

    /** A clock running from {@code localTime} in the center's zone (Asia/Seoul), so hours and holidays apply. */
    static Clock clockAt(String isoZoned) {
        Instant target = ZonedDateTime.parse(isoZoned).toInstant();
        return Clock.offset(Clock.systemUTC(), Duration.between(Instant.now(), target));
    }

    static Engine engine(Path conf, Clock clock) throws Exception {
        return Engine.start(new Engine.Options(conf, RealStack.engineEnv(Map.of()), clock, "it-node"));
    }

    static void expect(IncomingCall call, String company, String category, String inquiry, String desk) {
        assertEquals(company, call.header("X-CC-Company").orElse(""), () -> "headers: " + call.headers());
        assertEquals(category, call.header("X-CC-Category").orElse(""), () -> "headers: " + call.headers());
        assertEquals(inquiry, call.header("X-CC-Inquiry").orElse(""), () -> "headers: " + call.headers());
        assertEquals(desk, call.header("X-CC-Desk").orElse(""), () -> "headers: " + call.headers());
    }

    @Test
    void threeCompaniesReachTheRightOfTheirTwoDesksThroughTheProductMenuAndThePhoneShowsWhatItIsAbout() throws Exception {
        try (Engine engine = RealStack.startEngine(Map.of());
             TestPhone appliance = RealStack.phone("2101");
             TestPhone digital = RealStack.phone("2201")) {
            EngineView view = EngineView.of(engine).awaitAmiConnected();
            appliance.setAutoAnswer(Duration.ofMillis(200));
            digital.setAutoAnswer(Duration.ofMillis(200));
            awaitMemberAvailable("desk-appliance", "2101");
            awaitMemberAvailable("desk-digital", "2201");

            // alpha and beta call at once (different desks); gamma once the digital agent has alpha's call, holding longer
            // so that it still waits when the agent is free again
            // alpha: 1 home-appliances (appliance), 2 pcs (digital); inquiry 3 = purchase
            CompletableFuture<SippResult> alpha = async(() -> call("0700000001", "01011110001", "23", Duration.ofSeconds(3)));
            // beta: 1 software (digital), 2 kitchen-appliances (appliance); inquiry 1 = fault
            CompletableFuture<SippResult> beta = async(() -> call("0700000002", "01011110002", "21", Duration.ofSeconds(3)));
            expect(digital.awaitIncoming(WAIT), "alpha", "pcs", "purchase", "digital");
            // gamma: 1 kitchen-appliances (appliance), 2 multimedia (digital); inquiry 2 = how to use
            CompletableFuture<SippResult> gamma = async(() -> call("0700000003", "01011110003", "22", Duration.ofSeconds(8)));
            expect(appliance.awaitIncoming(WAIT), "beta", "kitchen-appliances", "fault", "appliance");
            expect(digital.awaitIncoming(WAIT), "gamma", "multimedia", "howto", "digital");
            assertTrue(alpha.get().allSucceeded(), () -> alpha.join().describe());
            assertTrue(beta.get().allSucceeded(), () -> beta.join().describe());
            assertTrue(gamma.get().allSucceeded(), () -> gamma.join().describe());
            assertEquals(2, digital.receivedRequests("INVITE"));
            assertEquals(1, appliance.receivedRequests("INVITE"));
        }
    }

    @Test
    void sharedNumberTakesTheCompanyCodeThenTheMenusAndThreeInvalidCodesEndOnTheGeneralDesk() throws Exception {
        try (Engine engine = RealStack.startEngine(Map.of());
             TestPhone digital = RealStack.phone("2201");
             TestPhone general = RealStack.phone("2202")) {
            EngineView view = EngineView.of(engine).awaitAmiConnected();
            digital.setAutoAnswer(Duration.ofMillis(200));
            general.setAutoAnswer(Duration.ofMillis(200));
            awaitMemberAvailable("desk-digital", "2201");
            awaitMemberAvailable("desk-general", "2202");

            // both customers call at once: different agents, told apart by their numbers
            Instant since = Instant.now().minusSeconds(1);
            // code 702# (beta), product 1 (software -> digital), inquiry 2 (how to use)
            CompletableFuture<SippResult> coded = async(() -> call("0700000000", "01022220001", "702#,1,2", Duration.ofSeconds(3)));
            // three invalid codes, each keyed when the code prompt listens again (after the 4 s "invalid")
            CompletableFuture<SippResult> invalid = async(() -> call("0700000000", "01022220002", "999#,,,,999#,,,,999#",
                    Duration.ofSeconds(4)));
            expect(digital.awaitIncoming(WAIT), "beta", "software", "howto", "digital");
            assertTrue(coded.get().allSucceeded(), () -> coded.join().describe());

            IncomingCall g = general.awaitIncoming(Duration.ofSeconds(40));
            assertEquals("general", g.header("X-CC-Desk").orElse(""), () -> "headers: " + g.headers());
            assertEquals("", g.header("X-CC-Company").orElse(""), "no company was found");
            assertTrue(invalid.get().allSucceeded(), () -> invalid.join().describe());
            Map<String, Object> row = awaitRecordOf("0700000000", "01022220002", since);
            assertTrue(String.valueOf(row.get("rule")).contains("3 invalid company codes"), "rule: " + row.get("rule"));
            assertEquals("general", row.get("desk_id"));
        }
    }

    /** On the Sunday engine: delta (Mon-Fri 09-18) is closed; its next opening is Monday 09:00. */
    private static void outsideOpeningHoursTheCallerBooksACallbackThatIsStoredForTheNextOpening(Engine engine) throws Exception {
        // closed message (5 s), offer: "1" at ~7 s; the engine says the 8 digits back (~7 s); confirm "1" at ~16 s
        // the engine ends the call after "thank you": SIPp sees a BYE it did not wait for, which it counts as failed
        call("0700000004", "07012345", "1,,,,,1,,,,,,,,1", Duration.ofSeconds(8));

        CallbackStore store = new CallbackStore(dataSource());
        AtomicReference<Optional<CallbackRequest>> found = new AtomicReference<>(Optional.empty());
        awaitTrue("callback request stored", () -> {
            try (Connection c = RealStack.db();
                 PreparedStatement ps = c.prepareStatement(
                         "SELECT linked_id FROM callback_request WHERE callback_number = '07012345' ORDER BY id DESC")) {
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        found.set(store.find(rs.getString(1)));
                    }
                }
                return found.get().isPresent();
            } catch (Exception e) {
                return false;
            }
        });
        CallbackRequest cb = found.get().orElseThrow();
        assertEquals("delta", cb.companyId());
        assertEquals("appliance", cb.deskId());
        assertEquals(ZonedDateTime.parse("2026-11-23T09:00:00+09:00[Asia/Seoul]").toInstant(), cb.dueAt());
        assertEquals(AfterHoursCallbackStatus.PENDING, cb.status());
        awaitTrue("call record of the callback call", () -> outcome(cb.linkedId()) != null);
        assertEquals("CALLBACK_REQUESTED", outcome(cb.linkedId()));
        // the same call counted for Prometheus by desk and outcome, never by the customer's number
        String metrics = RealStack.get(engine.httpPort(), "/metrics", "it-admin-token").body();
        assertTrue(metrics.contains("ascc_calls_ended_total{desk=\"appliance\",outcome=\"CALLBACK_REQUESTED\","), metrics);
        assertFalse(metrics.contains("07012345"), "no customer number in /metrics");
    }

    @Test
    void onAHolidayAVoicemailCompanysCallerLeavesAMessageInItsBox() throws Exception {
        Path box = RealStack.ASTERISK_ROOT.resolve("var/spool/asterisk/voicemail/ascc/703/INBOX");
        long before = countMessages(box);
        Clock christmas = clockAt("2026-12-25T10:00:00+09:00[Asia/Seoul]");
        try (Engine engine = engine(RealStack.IT_CONF, christmas)) {
            EngineView view = EngineView.of(engine).awaitAmiConnected();
            // gamma: product menu "1", then closed (holiday): the closed message (5 s), then the customer speaks 6 s
            CustomerCall c = CustomerCall.of("1", Duration.ofMillis(1500), Duration.ofMillis(700), Duration.ofSeconds(12))
                    .withCaller("01033330001").withSpeech(Duration.ofSeconds(12));
            SippResult r = Sipp.builder().scenarioXml("customer-voicemail", c.toXml()).remote("127.0.0.1", 5060)
                    .service("0700000003").calls(1).localPort(SIPP_PORT.getAndIncrement()).timeout(Duration.ofSeconds(60)).run();
            assertTrue(r.allSucceeded(), r::describe);
            awaitTrue("a new message in gamma's box (703)", () -> countMessages(box) > before);
            // entered_at is on the engine's (Christmas) clock: only this call's record is that recent
            Map<String, Object> row = FoundationIT.awaitRecord("0700000003", christmas.instant().minusSeconds(60));
            assertEquals("VOICEMAIL", row.get("outcome"));
            assertTrue(String.valueOf(row.get("rule")).contains("holiday 2026-12-25"), "rule: " + row.get("rule"));
        }
    }

    @Test
    void aLiveReloadChangesTheNextCallsRouteAndAnInvalidEditChangesNothing(@TempDir Path conf) throws Exception {
        try (Stream<Path> files = Files.list(RealStack.IT_CONF)) {
            for (Path f : files.toList()) {
                Files.copy(f, conf.resolve(f.getFileName()));
            }
        }
        try (Engine engine = engine(conf, Clock.systemUTC());
             TestPhone appliance = RealStack.phone("2101");
             TestPhone digital = RealStack.phone("2201")) {
            EngineView view = EngineView.of(engine).awaitAmiConnected();
            appliance.setAutoAnswer(Duration.ofMillis(200));
            digital.setAutoAnswer(Duration.ofMillis(200));
            awaitMemberAvailable("desk-appliance", "2101");
            awaitMemberAvailable("desk-digital", "2201");

            // before: beta's software goes to the digital desk
            assertTrue(call("0700000002", "01044440001", "11", Duration.ofSeconds(3)).allSucceeded());
            expect(digital.awaitIncoming(WAIT), "beta", "software", "fault", "digital");

            // an invalid edit is refused with its location, and the running rules stay
            Path desks = conf.resolve("desks.yaml");
            String good = Files.readString(desks);
            Files.writeString(desks, good.replace("wrap-up-seconds: 0", "wrap-up-seconds: 9999"));
            HttpResponse<String> refused = reload(engine);
            assertEquals(422, refused.statusCode(), refused.body());
            assertTrue(refused.body().contains("desks.yaml:") && refused.body().contains("wrap-up-seconds"), refused.body());

            // a valid edit: software moves to the appliance desk; the next call follows it
            Files.writeString(desks, good.replace("categories: [home-appliances, kitchen-appliances]",
                    "categories: [home-appliances, kitchen-appliances, software]").replace("categories: [pcs, software, multimedia]",
                    "categories: [pcs, multimedia]"));
            HttpResponse<String> applied = reload(engine);
            assertEquals(200, applied.statusCode(), applied.body());
            assertTrue(call("0700000002", "01044440002", "11", Duration.ofSeconds(3)).allSucceeded());
            expect(appliance.awaitIncoming(WAIT), "beta", "software", "fault", "appliance");
        }
    }

    /**
     * Three scenarios without agents side by side on one engine whose clock is on a Sunday 03:00 in Seoul (different numbers;
     * nobody answers either desk): outside delta's opening hours its caller books a callback; garbage at the company code
     * prompt of an unknown number; and a hang-up during a Read menu of alpha while a caller of beta stays silent through every
     * menu (alpha and beta are open all day).
     */
    @Test
    void onASundayTheClosedCompanysCallerBooksACallbackWhileGarbageHangUpsAndSilenceInTheMenusEndWithTheirOutcomes()
            throws Exception {
        Clock sunday = clockAt("2026-11-22T03:00:00+09:00[Asia/Seoul]");
        // menus listen 3 s instead of 5 s: the silent caller is through its three timed-out menus about 6 s sooner; the
        // callback caller keys each answer within a second or two of its prompt's end
        Map<String, String> env = RealStack.engineEnv(Map.of("ASCC_MENU_TIMEOUT_MS", Long.toString(SHORT_MENU_TIMEOUT.toMillis())));
        try (Engine engine = Engine.start(new Engine.Options(RealStack.IT_CONF, env, sunday, "it-node"))) {
            EngineView.of(engine).awaitAmiConnected();
            Map<String, Together.Scenario> all = new java.util.LinkedHashMap<>();
            all.put("callback after hours", () -> outsideOpeningHoursTheCallerBooksACallbackThatIsStoredForTheNextOpening(engine));
            all.put("garbage input", () -> garbageInputAndHangUpsInTheMenusEndWithTheirRecordedOutcome(engine, sunday));
            all.put("hang-up and silence", () -> aHangUpDuringAReadMenuIsRecordedWithItsStepAndSilenceTakesTheDefaults(sunday));
            Together.run(all);
        }
    }

    private static void garbageInputAndHangUpsInTheMenusEndWithTheirRecordedOutcome(Engine engine, Clock clock) throws Exception {
        // entered_at is on the engine's (Sunday) clock, so the earlier calls of this run are "since" it too: the records are
        // told apart by their callers
        Instant since = clock.instant().minusSeconds(1);
        // unknown number, a *# flood at the company code prompt, then the caller hangs up in the menu
        assertTrue(call("0799999999", "01055550001", "*#*#*#*#", Duration.ofMillis(500)).allSucceeded());
        Map<String, Object> row = awaitRecordOf("0799999999", "01055550001", since);
        assertEquals("ABANDONED_IVR", row.get("outcome"));
        assertTrue(String.valueOf(row.get("rule")).contains("company-code"), "rule names the step: " + row.get("rule"));
        String health = RealStack.get(engine.httpPort(), "/health", null).body();
        assertTrue(health.contains("\"agi\":\"UP\""), health);
    }

    private static void aHangUpDuringAReadMenuIsRecordedWithItsStepAndSilenceTakesTheDefaults(Clock clock) throws Exception {
        Instant since = clock.instant().minusSeconds(1);
        // both customers call at once (different numbers)
        // beta, no key at all: the product menu times out twice (READSTATUS TIMEOUT), the first category is taken,
        // the inquiry menu times out too (other); the call queues on software's desk, then the caller gives up.
        // About 10 s of prompts and three 3 s timeouts: queued by about the 19th second (it was 28 s with 5 s menus)
        CompletableFuture<SippResult> silence = async(() -> call("0700000002", "01066660002", "", Duration.ofSeconds(23)));
        // alpha has two categories: the product menu (digits/1&digits/2) is one Read; the caller hangs up during it
        assertTrue(call("0700000001", "01066660001", "", Duration.ofMillis(1500)).allSucceeded());
        Map<String, Object> hungUp = awaitRecordOf("0700000001", "01066660001", since);
        assertEquals("ABANDONED_IVR", hungUp.get("outcome"));
        assertTrue(String.valueOf(hungUp.get("rule")).contains("category"), "rule names the step: " + hungUp.get("rule"));

        SippResult silent23 = silence.get();
        assertTrue(silent23.allSucceeded(), silent23::describe);
        Map<String, Object> silent = awaitRecordOf("0700000002", "01066660002", since);
        String rule = String.valueOf(silent.get("rule"));
        assertTrue(rule.contains("category menu: no answer, no answer -> first category"), rule);
        assertTrue(rule.contains("inquiry other (no answer)"), rule);
        assertEquals("digital", silent.get("desk_id"));
    }

    /** Runs a blocking SIPp call on its own thread. */
    static CompletableFuture<SippResult> async(java.util.function.Supplier<SippResult> call) {
        return CompletableFuture.supplyAsync(call, CALLERS);
    }

    /** The newest call record of {@code caller} to {@code dialed} since {@code since} (several callers dial one number). */
    static Map<String, Object> awaitRecordOf(String dialed, String caller, Instant since) throws Exception {
        Map<String, Object> found = new java.util.LinkedHashMap<>();
        awaitTrue("call record of " + ascc.routing.Phones.mask(caller) + " to " + dialed + " in MariaDB", () -> {
            try (Connection c = RealStack.db();
                 PreparedStatement ps = c.prepareStatement("SELECT * FROM call_record WHERE dialed_number = ? AND caller_number = ?"
                         + " AND entered_at >= ? ORDER BY id DESC")) {
                ps.setString(1, dialed);
                ps.setString(2, caller);
                ps.setTimestamp(3, java.sql.Timestamp.valueOf(since.atOffset(java.time.ZoneOffset.UTC).toLocalDateTime()));
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return false;
                    }
                    for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                        found.put(rs.getMetaData().getColumnLabel(i).toLowerCase(java.util.Locale.ROOT), rs.getObject(i));
                    }
                    return true;
                }
            } catch (Exception e) {
                return false;
            }
        });
        return found;
    }

    static HttpResponse<String> reload(Engine engine) throws Exception {
        HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + engine.httpPort() + "/api/config/reload"))
                .header("Authorization", "Bearer it-admin-token").POST(HttpRequest.BodyPublishers.noBody()).build();
        return HttpClient.newHttpClient().send(req, HttpResponse.BodyHandlers.ofString());
    }

    static String outcome(String linkedId) {
        try (Connection c = RealStack.db();
             PreparedStatement ps = c.prepareStatement("SELECT outcome FROM call_record WHERE linked_id = ?")) {
            ps.setString(1, linkedId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        } catch (Exception e) {
            return null;
        }
    }

    static long countMessages(Path box) {
        if (!Files.isDirectory(box)) {
            return 0;
        }
        try (Stream<Path> s = Files.list(box)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".txt")).count();
        } catch (Exception e) {
            return 0;
        }
    }

    static javax.sql.DataSource dataSource() {
        org.mariadb.jdbc.MariaDbDataSource ds = new org.mariadb.jdbc.MariaDbDataSource();
        try {
            ds.setUrl(RealStack.DB_URL);
            ds.setUser("ascc");
            ds.setPassword("ascc");
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
        return ds;
    }

}
