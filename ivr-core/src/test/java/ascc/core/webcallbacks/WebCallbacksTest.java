package ascc.core.webcallbacks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ascc.core.callbacks.CallbackService;
import ascc.core.callbacks.CallbackStore;
import ascc.core.config.yaml.ConfigLoader;
import ascc.core.db.Database;
import ascc.core.db.DbSettings;
import ascc.core.http.HttpRequestInfo;
import ascc.core.http.HttpResponseSpec;
import ascc.core.metrics.Metrics;
import ascc.core.sched.Scheduler;
import ascc.routing.config.CenterConfig;
import ascc.routing.config.Secret;
import ascc.routing.config.TokenHash;
import ascc.routing.config.WebCallbacks;
import ascc.testsupport.time.ManualClock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Requests from outside a call: validation, normalising, merging, journaling; the API's tokens; the public form's defences. */
class WebCallbacksTest {
    private static final Instant NOW = Instant.parse("2026-03-02T01:00:00Z");
    private static final String SMS_TOKEN = "sms-secret-token";
    private final ManualClock clock = new ManualClock(NOW);
    @TempDir
    Path dir;
    private Database db;
    private Scheduler scheduler;
    private WebCallbackService service;
    private WebCallbackHttp http;
    private CenterConfig center;
    private final WebCallbacks rules = new WebCallbacks(List.of(new WebCallbacks.Integration("sms-gateway", "sms",
            TokenHash.of(SMS_TOKEN))), 3, Duration.ofMinutes(30), Secret.of("form-secret-0123456789abcdef-0123456789"), 2);

    @BeforeEach
    void open() throws Exception {
        center = ConfigLoader.load(Path.of("src/test/resources/it-conf"), Map.of());
        db = Database.open(DbSettings.embedded(dir.resolve("ascc").toString(), 4));
        scheduler = Scheduler.start(db.dataSource(), "ascc-web-callbacks-test", false);
        CallbackService callbacks = new CallbackService(new CallbackStore(db.dataSource()), scheduler, clock);
        service = new WebCallbackService(() -> center, () -> rules, new WebCallbackStore(db.dataSource()), callbacks, dir.resolve("spool"),
                new Metrics(), clock);
        http = new WebCallbackHttp(() -> center, () -> rules, service, clock);
    }

    @AfterEach
    void close() {
        service.close();
        scheduler.shutdown(false);
        db.close();
    }

    private WebCallbackService.Result submit(String number, String category, String start, String end) {
        return service.submit(new WebCallbackService.Submission("sms-gateway", "sms", "alpha", number, category, start, end));
    }

    @Test
    void aRequestIsJournaledStoredAndScheduledForItsDeskWithTheNumberNormalised() throws Exception {
        WebCallbackService.Result r = submit("+82 10-5550-1234", "home-appliances", null, null);
        assertEquals(201, r.status(), r::toString);
        Await.until(() -> service.pending() == 0);
        var stored = new CallbackStore(db.dataSource()).find(r.id()).orElseThrow();
        assertEquals("01055501234", stored.number());
        assertEquals("appliance", stored.deskId());
        assertEquals("desk-appliance", stored.queueName());
        assertEquals(NOW, stored.dueAt());
        assertEquals("PENDING", stored.status().name());
        assertTrue(new WebCallbackStore(db.dataSource()).isWeb(r.id()));
        assertTrue(scheduler.quartz().checkExists(org.quartz.JobKey.jobKey("callback-" + r.id(), "callbacks")), "due job scheduled");
    }

    @Test
    void aRepeatWithinTheMergeWindowMergesAndLaterOnesAreNew() throws Exception {
        WebCallbackService.Result first = submit("010-5550-1234", null, null, null);
        WebCallbackService.Result again = submit("01055501234", null, null, null);
        assertEquals(200, again.status());
        assertTrue(again.merged());
        assertEquals(first.id(), again.id());
        Await.until(() -> service.pending() == 0);
        clock.advance(Duration.ofMinutes(31));
        WebCallbackService.Result later = submit("010 5550 1234", null, null, null);
        assertEquals(201, later.status(), "after the window: a new request");
        Await.until(() -> service.pending() == 0);
        assertEquals(List.of(new WebCallbackStore.ChannelRow("sms", "PENDING", 2, 1)),
                new WebCallbackStore(db.dataSource()).byChannel(NOW, NOW.plus(Duration.ofHours(1))));
    }

    @Test
    void badInputIsRefusedWithoutEchoingTheNumber() {
        WebCallbackService.Result bad = submit("010-555-12", null, null, null);
        assertEquals(400, bad.status());
        assertFalse(bad.error().contains("555"), bad.error());
        assertEquals(400, submit("01055501234", "furniture", null, null).status(), "alpha does not enroll furniture");
        assertEquals(400, submit("01055501234", null, "2026-03-01T09:00", "2026-03-01T10:00").status(), "window over");
        assertEquals(400, submit("01055501234", null, "tomorrow", null).status());
        assertEquals(400, service.submit(new WebCallbackService.Submission("x", "sms", "nobody", "01055501234", null, null, null))
                .status());
    }

    @Test
    void aWindowInTheFutureIsDueAtItsStartInTheCentersZone() throws Exception {
        WebCallbackService.Result r = submit("01055501234", null, "2026-03-02T14:00", "2026-03-02T16:00");
        assertEquals(201, r.status(), r::toString);
        Await.until(() -> service.pending() == 0);
        Instant due = new CallbackStore(db.dataSource()).find(r.id()).orElseThrow().dueAt();
        assertEquals(java.time.LocalDateTime.parse("2026-03-02T14:00").atZone(center.engine().timeZone()).toInstant(), due);
    }

    private static HttpRequestInfo request(String method, String path, Map<String, String> headers, String body) {
        return new HttpRequestInfo(method, path, Map.of(), headers, body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void theApiNeedsAnIntegrationsTokenAndFormEncodedFields() {
        String form = "company=alpha&number=010-5550-7777";
        Map<String, String> ct = Map.of("content-type", "application/x-www-form-urlencoded");
        assertEquals(401, http.api(request("POST", "/api/callbacks", ct, form)).status());
        assertEquals(401, http.api(request("POST", "/api/callbacks", Map.of("content-type", "application/x-www-form-urlencoded",
                "authorization", "Bearer nope"), form)).status());
        HttpResponseSpec ok = http.api(request("POST", "/api/callbacks", Map.of("content-type", "application/x-www-form-urlencoded",
                "authorization", "Bearer " + SMS_TOKEN), form));
        assertEquals(201, ok.status(), () -> new String(ok.body(), StandardCharsets.UTF_8));
        assertTrue(new String(ok.body(), StandardCharsets.UTF_8).contains("\"channel\":\"sms\""));
        assertEquals(415, http.api(request("POST", "/api/callbacks", Map.of("authorization", "Bearer " + SMS_TOKEN), form)).status());
    }

    private String formToken() {
        HttpResponseSpec page = http.form(request("GET", "/callback/alpha", Map.of(), ""));
        assertEquals(200, page.status());
        assertTrue(page.headers().get("Content-Security-Policy").contains("frame-ancestors 'none'"), page.headers()::toString);
        Matcher m = Pattern.compile("name=\"form-token\" value=\"([^\"]+)\"").matcher(new String(page.body(), StandardCharsets.UTF_8));
        assertTrue(m.find());
        return m.group(1);
    }

    @Test
    void theFormNeedsItsOwnOneUseTokenConsentAndTheSameOriginAndIsLimitedPerAddress() {
        Map<String, String> from = Map.of(HttpRequestInfo.REMOTE_ADDRESS, "203.0.113.5", "host", "cc.example:8080");
        String t = formToken();
        assertEquals(400, http.form(request("POST", "/callback/alpha", from, "form-token=" + t + "&number=01055501111")).status(),
                "no consent");
        String t2 = formToken();
        assertEquals(403, http.form(request("POST", "/callback/alpha", Map.of(HttpRequestInfo.REMOTE_ADDRESS, "203.0.113.6",
                "host", "cc.example:8080", "origin", "https://evil.example"), "form-token=" + t2 + "&number=01055501111&consent=yes"))
                .status(), "another site's post");
        assertEquals(201, http.form(request("POST", "/callback/alpha", Map.of(HttpRequestInfo.REMOTE_ADDRESS, "203.0.113.7",
                "host", "cc.example:8080", "origin", "http://cc.example:8080"), "form-token=" + t2 + "&number=01055501111&consent=yes"))
                .status());
        assertEquals(403, http.form(request("POST", "/callback/alpha", Map.of(HttpRequestInfo.REMOTE_ADDRESS, "203.0.113.8"),
                "form-token=" + t2 + "&number=01055502222&consent=yes")).status(), "a token is used once");
        assertEquals(403, http.form(request("POST", "/callback/beta", Map.of(HttpRequestInfo.REMOTE_ADDRESS, "203.0.113.9"),
                "form-token=" + formToken() + "&number=01055502222&consent=yes")).status(), "alpha's token is not beta's");
        assertEquals(201, http.form(request("POST", "/callback/alpha", from, "form-token=" + formToken()
                + "&number=01055503333&consent=yes")).status());
        HttpResponseSpec limited = http.form(request("POST", "/callback/alpha", from, "form-token=" + formToken()
                + "&number=01055503333&consent=yes"));
        assertEquals(429, limited.status(), "a third post within the minute from 203.0.113.5 (2 a minute)");
        assertNotNull(limited.headers().get("Retry-After"));
        assertEquals(404, http.form(request("GET", "/callback/nobody", Map.of(), "")).status());
    }

    @Test
    void pagesEscapeWhatTheyShow() {
        assertEquals("&lt;script&gt;&amp;&quot;&#39;", WebCallbackHttp.esc("<script>&\"'"));
    }

    /** Waits on a condition (the writer thread), never on time. */
    static final class Await {
        static void until(java.util.function.BooleanSupplier c) throws InterruptedException {
            ascc.testsupport.time.Await.until(c, Duration.ofSeconds(10), () -> "the web callback writer stored what it took");
        }
    }
}
