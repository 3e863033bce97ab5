package ascc.core.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ascc.core.Engine;
import ascc.core.ami.AmiEvent;
import ascc.routing.asterisk.Contexts;
import ascc.routing.asterisk.UserEvents;
import ascc.testsupport.sip.IncomingCall;
import ascc.testsupport.sip.TestPhone;
import ascc.testsupport.sipp.CustomerCall;
import ascc.testsupport.sipp.Sipp;
import ascc.testsupport.sipp.SippResult;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Waiting callers through the real stack (issue #15): the appliance desk's one staffed agent is busy, the next caller
 * waits and hears their position and the engine's estimated wait at entry and every 3 s (seen from Asterisk's side: the
 * announcement's ChanSpy on the caller's channel and its played sounds), presses 1 (RFC 4733), hears "booked" and hangs
 * up; the callback keeps their place and, once the agent is free, connects the agent first, then calls the customer. Then a
 * text message's callback request (the SMS gateway's {@code POST /api/callbacks}, the number written {@code +82 10-...})
 * reaches the free agent and then the customer; the same customer on the public form within the merge window is merged.
 */
class WaitingCallbackIT {
    private static final Duration WAIT = Duration.ofSeconds(20);
    /** The waiting caller's own phone behind the "trunk" (overflow.yaml trunk-dial points here). */
    private static final int CUSTOMER_PORT = 5293;
    private static final String CALLER = "01055508888";
    private static final String SMS_TOKEN = "it-sms-gateway-token";
    /** The number a text message asked to be called back at, as the customer wrote it. */
    private static final String SMS_NUMBER = "+82 10-5550-9999";
    private final ExecutorService callers = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "waiting-it-caller");
        t.setDaemon(true);
        return t;
    });

    @BeforeAll
    static void stack() throws Exception {
        RealStack.ensureAsterisk();
    }

    @AfterEach
    void stopCallers() throws Exception {
        RealStack.asteriskCli("channel request hangup all");
        callers.shutdownNow();
        callers.awaitTermination(5, TimeUnit.SECONDS);
    }

    private CompletableFuture<SippResult> call(String caller, CustomerCall call, int localPort) {
        return CompletableFuture.supplyAsync(() -> Sipp.builder().scenarioXml("waiting-" + caller, call.toXml())
                .remote("127.0.0.1", 5060).service("0700000001").calls(1).localPort(localPort)
                .timeout(Duration.ofSeconds(60)).run(), callers);
    }

    private static IncomingCall awaitCall(TestPhone phone, int index) throws InterruptedException {
        FoundationIT.awaitTrue("phone " + phone.user() + " call " + index + " up", () -> phone.calls().size() > index
                && phone.calls().get(index).state() == IncomingCall.State.CONFIRMED);
        return phone.calls().get(index);
    }

    private static HttpResponse<String> post(int port, String path, String token, String form) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(5))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** "status merged_count" of the web request for {@code number} (channel sms), or "". */
    private static String webRow(String number) {
        try (java.sql.Connection c = RealStack.db(); java.sql.PreparedStatement ps = c.prepareStatement("SELECT status, merged_count"
                + " FROM callback_request WHERE callback_number = ? AND channel = 'sms'")) {
            ps.setString(1, number);
            try (java.sql.ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) + " " + rs.getInt(2) : "";
            }
        } catch (Exception e) {
            return "";
        }
    }

    @Test
    void aWaitingCallerHearsPositionAndEstimateThenPressesOneAndIsCalledBackKeepingThePlace() throws Exception {
        Path conf = OverflowIT.confWith("it-conf-waitingit", "trunk-dial: PJSIP/customer-trunk/sip:{number}@127.0.0.1:"
                + CUSTOMER_PORT + "\n"
                + "callback: {attempts: 1, ring-seconds: 15, max-wait-seconds: 120}\n"
                + "waiting: {announce-every-seconds: 4, default-handle-seconds: 60}\n"
                + "web-callbacks:\n  priority: 3\n  form-secret: it-form-secret-0123456789abcdef-0123\n"
                + "  integrations:\n    - {name: sms-gateway, channel: sms, token-sha256: "
                + ascc.routing.config.TokenHash.of(SMS_TOKEN).hex() + "}\n");
        Instant start = Instant.now().minusSeconds(1);
        List<AmiEvent> events = new CopyOnWriteArrayList<>();
        CompletableFuture<SippResult> held = null;
        try (Engine engine = Engine.start(new Engine.Options(conf, RealStack.engineEnv(Map.of()), Clock.systemUTC(), "it-node"));
             TestPhone expert = RealStack.phone("2101");
             TestPhone customer = TestPhone.start("customer", "unused", "127.0.0.1", 5060, CUSTOMER_PORT)) {
            expert.setAutoAnswer(Duration.ofMillis(300));
            customer.setAutoAnswer(Duration.ofMillis(500));
            EngineView view = EngineView.of(engine).awaitAmiConnected();
            Runnable unsubscribe = view.ami().subscribe("waiting-it", events::add);
            try {
                FoundationIT.awaitMemberAvailable("desk-appliance", "2101");
                FoundationIT.awaitTrue("2102 logged in", () -> view.isLoggedIn("2102"));
                view.pause("2102", 1, "break"); // one staffed agent: 2101

                // 2101 busy with a first caller
                held = call("01055508001", CustomerCall.of("11", Duration.ofMillis(1500), Duration.ofMillis(700), Duration.ofSeconds(60))
                        .withCaller("01055508001").withEnding(CustomerCall.Ending.WAIT_FOR_BYE), 5311);
                FoundationIT.awaitTrue("2101 on a call", () -> expert.calls().size() == 1
                        && expert.calls().get(0).state() == IncomingCall.State.CONFIRMED);

                // the next caller waits ~8 s (announcements at entry and every 3 s), presses 1, hears "booked", is hung up
                CustomerCall waiting = CustomerCall.of("11,,,,,,,,,,,,,,1", Duration.ofMillis(1500), Duration.ofMillis(700),
                        Duration.ofSeconds(30)).withCaller(CALLER).withEnding(CustomerCall.Ending.WAIT_FOR_BYE);
                SippResult second = call(CALLER, waiting, 5312).get(60, TimeUnit.SECONDS);
                assertTrue(second.allSucceeded(), () -> "the waiting caller's call failed: " + second.describe());

                AmiEvent join = events.stream().filter(e -> e.is("QueueCallerJoin") && CALLER.equals(e.get("CallerIDNum")))
                        .findFirst().orElseThrow(() -> new AssertionError("no QueueCallerJoin of the waiting caller"));
                List<AmiEvent> said = events.stream().filter(e -> e.is(UserEvents.AMI_EVENT)
                        && UserEvents.WAIT_ANNOUNCE.equals(e.get(UserEvents.AMI_EVENT))
                        && join.uniqueId().equals(e.get(UserEvents.CALLER))).toList();
                // the one at entry played whole; the next one (4 s after the first started, once it ended) was whispered too, and
                // cut when the caller pressed 1 (or played whole, at low load)
                long whispered = events.stream().filter(e -> e.is("ChanSpyStart") && join.channel().equals(e.get("SpyeeChannel"))).count();
                assertTrue(!said.isEmpty() && whispered >= 2, () -> "announcements played " + said + ", whispered " + whispered
                        + "; events about them: " + events.stream().filter(e -> e.fields().toString().contains("wait-say")
                        || e.is("ChanSpyStart") || e.is("ChanSpyStop") || e.is(UserEvents.AMI_EVENT)).toList());
                List<java.time.Instant> starts = events.stream().filter(e -> e.is("ChanSpyStart")
                        && join.channel().equals(e.get("SpyeeChannel"))).map(AmiEvent::received).toList();
                assertTrue(!starts.get(1).isBefore(said.get(0).received()), () -> "never two at once: " + starts + ", first ended "
                        + said.get(0).received());
                for (AmiEvent e : said) {
                    String files = e.get(UserEvents.FILES, "");
                    assertTrue(files.startsWith("queue-youarenext&queue-holdtime&digits/1&queue-minute"),
                            () -> "first in line, about one minute (60 s default handle / 1 staffed, half a call): " + files);
                    assertEquals("SUCCESS", e.get(UserEvents.STATUS), () -> "played: " + e);
                }

                // booked (journaled before "booked" was played), its place held in the queue
                FoundationIT.awaitTrue("callback QUEUED", () -> "QUEUED".equals(OverflowIT.callbackStatus(CALLER, start)[0]));
                String queue = RealStack.asteriskCli("queue show desk-appliance");
                assertEquals(1, queue.lines().filter(l -> l.contains("@" + Contexts.CALLBACK_WAIT)).count(),
                        () -> "one place holder waiting: " + queue);
                assertEquals(0, customer.receivedRequests("INVITE"), "no agent free yet: the customer is not called");

                // the agent becomes free: the place holder reaches them first, then the customer is called
                expert.hangup(expert.calls().get(0));
                FoundationIT.awaitTrue("2101 takes the place holder", () -> expert.calls().size() == 2
                        && expert.calls().get(1).state() == IncomingCall.State.CONFIRMED);
                IncomingCall customerLeg = customer.awaitIncoming(WAIT);
                customerLeg.awaitConfirmed(WAIT);
                assertTrue(customerLeg.requestUri().contains(CALLER), customerLeg.requestUri());
                customer.hangup(customerLeg);
                FoundationIT.awaitTrue("callback DONE", () -> "DONE".equals(OverflowIT.callbackStatus(CALLER, start)[0]));

                // a text message asks for a callback: the SMS gateway posts it; it reaches the free agent, then the customer
                HttpResponse<String> posted = post(engine.httpPort(), "/api/callbacks", SMS_TOKEN, "company=alpha&category=home-appliances"
                        + "&number=" + URLEncoder.encode(SMS_NUMBER, StandardCharsets.UTF_8));
                assertEquals(201, posted.statusCode(), posted::body);
                assertTrue(posted.body().contains("\"channel\":\"sms\""), posted.body());
                IncomingCall smsAgentLeg = awaitCall(expert, 2);
                IncomingCall smsCustomer = customer.awaitIncoming(WAIT);
                smsCustomer.awaitConfirmed(WAIT);
                assertTrue(smsCustomer.requestUri().contains("01055509999"), () -> "normalised number dialed: " + smsCustomer.requestUri());
                assertTrue(!smsCustomer.receivedAt().isBefore(smsAgentLeg.answeredAt().orElseThrow()), "the agent first");
                // the same customer on the public form within the merge window: one callback, the later request noted
                HttpResponse<String> page = RealStack.get(engine.httpPort(), "/callback/alpha", null);
                assertEquals(200, page.statusCode(), page::body);
                java.util.regex.Matcher m = java.util.regex.Pattern.compile("name=\"form-token\" value=\"([^\"]+)\"").matcher(page.body());
                assertTrue(m.find(), page::body);
                HttpResponse<String> form = post(engine.httpPort(), "/callback/alpha", null, "form-token=" + m.group(1)
                        + "&number=010-5550-9999&consent=yes");
                assertEquals(200, form.statusCode(), () -> "merged into the SMS request: " + form.body());
                HttpResponse<String> noToken = post(engine.httpPort(), "/api/callbacks", "wrong-token", "company=alpha&number=01055509999");
                assertEquals(401, noToken.statusCode());
                customer.hangup(smsCustomer);
                FoundationIT.awaitTrue("SMS callback DONE, counted under its channel with the merge",
                        () -> "DONE 1".equals(webRow("01055509999")));
            } finally {
                unsubscribe.run();
                view.unpause("2102");
                if (held != null) {
                    held.cancel(true);
                }
            }
        }
    }
}
