package ascc.core.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ascc.core.Engine;
import ascc.routing.Phones;
import ascc.testsupport.sip.IncomingCall;
import ascc.testsupport.sip.TestPhone;
import ascc.testsupport.sipp.CustomerCall;
import ascc.testsupport.sipp.Sipp;
import ascc.testsupport.sipp.SippResult;
import ascc.testsupport.time.Await;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;

/**
 * The supervisor wallboard in a real browser (headless Chromium) against the engine, the sandbox Asterisk, SIPp callers and
 * jain-sip phones, one engine: caller A (speaking: a tone) talks to agent 2101; caller B waits on the appliance desk and the
 * page shows them within 1 s of the engine receiving Asterisk's QueueCallerJoin (measured from that event, as the page
 * records it). The supervisor clicks listen on 2101: their own phone (web.yaml phone: 2301) is called, auto-answers and
 * receives the call's audio (RTP packets counted at its media port); ChanSpy runs with qE, then qwE and qBE for whisper and
 * barge; each action is in web_audit. Then B is moved to desk digital from the waiting list and agent 2201 answers it there
 * (the call record says desk-digital). Another role and a POST without the CSRF token are refused. Saves
 * docs/screenshots/wallboard.png.
 */
class WallboardIT {
    private static final Path SCREENSHOTS = Path.of("..", "docs", "screenshots");
    private static final Pattern INPUT_CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");
    private static final Duration WAIT = Duration.ofSeconds(15);
    /** web.yaml {@code phone:} of it-supervisor: the SIP phone a listen rings. */
    private static final String SUPERVISOR_PHONE = "2301";

    @BeforeAll
    static void stack() throws Exception {
        RealStack.ensureAsterisk();
    }

    @Test
    void aCallerEnteringADeskShowsWithinASecondASupervisorListensInAndMovesAWaitingCallerToAnotherDesk() throws Exception {
        try (Engine engine = RealStack.startEngine(Map.of());
             TestPhone agent = RealStack.phone("2101");
             TestPhone digital = RealStack.phone("2201");
             TestPhone supervisorPhone = RealStack.phone(SUPERVISOR_PHONE)) {
            EngineView view = EngineView.of(engine).awaitAmiConnected();
            String base = "http://127.0.0.1:" + engine.httpPort();
            refusals(base);
            agent.setAutoAnswer(Duration.ofMillis(200));
            digital.setAutoAnswer(Duration.ofMillis(200));
            supervisorPhone.setAutoAnswer(Duration.ofMillis(200));
            FoundationIT.awaitMemberAvailable("desk-appliance", "2101");
            FoundationIT.awaitMemberAvailable("desk-digital", "2201");
            view.pause("2102", 1, "break"); // only 2101 answers appliance, only 2201 digital
            view.pause("2202", 1, "break");
            Instant start = Instant.now().minusSeconds(1);
            try (Browser b = Browser.start(SCREENSHOTS); var pool = Executors.newVirtualThreadPerTaskExecutor()) {
                WebDriver d = b.driver();
                b.login(base, "it-supervisor", "it-supervisor-pw");
                assertTrue(d.getCurrentUrl().endsWith("/wallboard"), d.getCurrentUrl());
                FoundationIT.awaitTrue("the wallboard's stream is live and shows desk appliance with nobody waiting",
                        () -> "0".equals(text(d, "waiting-appliance")));

                // caller A talks to agent 2101 (a 440 Hz tone: the customer speaking)
                CompletableFuture<SippResult> talking = CompletableFuture.supplyAsync(() -> call("01055507771", 5292, 16200,
                        Duration.ofSeconds(40)), pool);
                IncomingCall agentLeg = agent.awaitIncoming(WAIT);
                agentLeg.awaitConfirmed(WAIT);

                // caller B waits on appliance (2101 busy): on the page within 1 s of QueueCallerJoin
                CompletableFuture<SippResult> waiting = CompletableFuture.supplyAsync(() -> call("01055507777", 5293, 16220,
                        Duration.ofSeconds(40)), pool);
                AtomicReference<Map<String, Object>> seen = new AtomicReference<>();
                FoundationIT.awaitTrue("the caller shows waiting on desk appliance", () -> {
                    seen.set(waitingRow(d, Phones.mask("01055507777"))); // read once: the stream redraws the table
                    return seen.get() != null && "1".equals(text(d, "waiting-appliance"));
                });
                Map<String, Object> row = seen.get();
                long joinEvent = Long.parseLong((String) row.get("join"));
                long shown = Long.parseLong((String) row.get("shown"));
                long latency = shown - joinEvent;
                System.out.println("wallboard: QueueCallerJoin received -> caller shown on the page: " + latency + " ms");
                assertTrue(latency >= 0 && latency <= 1000, "shown " + latency + " ms after the AMI event (at most 1000)");
                String rowText = (String) row.get("text");
                assertTrue(rowText.contains("alpha") && rowText.contains(Phones.mask("01055507777")) && !rowText.contains("01055507777"),
                        "company and the masked number: " + rowText);
                String waitingCaller = (String) row.get("caller");

                // listen: the supervisor's own phone is called and hears the call (RTP counted at its media port)
                click(d, "button.act[data-action='listen'][data-agent='2101']");
                IncomingCall spy = supervisorPhone.awaitIncoming(WAIT);
                spy.awaitConfirmed(WAIT);
                long before = spy.rtpPacketsReceived();
                Instant from = Instant.now();
                Await.until(() -> spy.rtpPacketsReceived() - before > 50, Duration.ofSeconds(2),
                        () -> "more than 50 RTP packets at the supervisor's phone within 2 s, got " + (spy.rtpPacketsReceived() - before));
                System.out.println("listen: " + (spy.rtpPacketsReceived() - before) + " RTP packets at the supervisor's phone in "
                        + Duration.between(from, Instant.now()).toMillis() + " ms");
                assertTrue(chanSpy().contains("ChanSpy!PJSIP/2101-,qE!"), "ChanSpy listening (qE): " + chanSpy());
                b.screenshot("wallboard.png");
                supervisorPhone.hangup(spy);
                for (String[] mode : new String[][] {{"whisper", "qwE"}, {"barge", "qBE"}}) {
                    click(d, "button.act[data-action='" + mode[0] + "'][data-agent='2101']");
                    IncomingCall leg = supervisorPhone.awaitIncoming(WAIT);
                    leg.awaitConfirmed(WAIT);
                    FoundationIT.awaitTrue("ChanSpy " + mode[0] + " (" + mode[1] + ")", () -> chanSpy().contains("ChanSpy!PJSIP/2101-,"
                            + mode[1] + "!"));
                    supervisorPhone.hangup(leg);
                }
                for (String action : List.of("listen", "whisper", "barge")) {
                    assertEquals(List.of("requested", "ok"), audit(action, "agent 2101", start), action + " audited");
                }

                // move caller B to desk digital (alpha's pcs desk): agent 2201's phone answers it
                FoundationIT.awaitTrue("the move button of the waiting caller", () -> !d.findElements(By.cssSelector(
                        "button.wact[data-action='move'][data-caller='" + waitingCaller + "']")).isEmpty());
                // choose the desk and click in one script: the stream redraws the table between two WebDriver calls
                ((JavascriptExecutor) d).executeScript("var s = document.querySelector(arguments[0]); s.value = 'digital';"
                        + " s.dispatchEvent(new Event('change', {bubbles: true})); document.querySelector(arguments[1]).click();",
                        "select.move-desk[data-caller='" + waitingCaller + "']",
                        "button.wact[data-action='move'][data-caller='" + waitingCaller + "']");
                IncomingCall moved = digital.awaitIncoming(WAIT);
                assertEquals("digital", moved.header("X-CC-Desk").orElse(""), "the agent's phone is told the desk it answers for");
                moved.awaitConfirmed(WAIT);
                assertEquals(List.of("requested", "ok"), audit("move", "caller " + waitingCaller, start), "move audited");
                digital.hangup(moved);
                agent.hangup(agentLeg);
                for (CompletableFuture<SippResult> c : List.of(talking, waiting)) {
                    SippResult r = c.get();
                    assertTrue(r.allSucceeded(), () -> "customer call failed: " + r.describe());
                }
                FoundationIT.awaitTrue("the moved call's record: answered on desk-digital by 2201",
                        () -> "desk-digital 2201 ANSWERED".equals(record(waitingCaller)));
                FoundationIT.awaitTrue("nobody waiting after the calls", () -> "0".equals(text(d, "waiting-appliance")));
                FoundationIT.awaitTrue("today's figures count the calls", () -> !"-".equals(text(d, "sl-appliance")));
            } finally {
                view.unpause("2102");
                view.unpause("2202");
            }
        }
    }

    /** A customer of alpha (product 1, inquiry 1: desk appliance) who speaks and waits for the far end's BYE. */
    private static SippResult call(String caller, int sipPort, int mediaPort, Duration hold) {
        CustomerCall c = CustomerCall.of("11", Duration.ofMillis(1500), Duration.ofMillis(700), hold).withCaller(caller)
                .withSpeech(hold).withEnding(CustomerCall.Ending.WAIT_FOR_BYE);
        return Sipp.builder().scenarioXml("customer-wallboard-" + sipPort, c.toXml()).remote("127.0.0.1", 5060).service("0700000001")
                .calls(1).localPort(sipPort).mediaPort(mediaPort).timeout(Duration.ofSeconds(60)).run();
    }

    /** The text of the element {@code id} (read in the page: the stream redraws it at any time), or null. */
    private static String text(WebDriver d, String id) {
        return (String) ((JavascriptExecutor) d).executeScript("var e = document.getElementById(arguments[0]);"
                + " return e ? e.textContent : null;", id);
    }

    /** The waiting caller's row showing {@code masked}: caller (unique id), join and shown (epoch ms), text; null when none. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> waitingRow(WebDriver d, String masked) {
        return (Map<String, Object>) ((JavascriptExecutor) d).executeScript("var m = arguments[0]; var r = Array.from(document"
                + ".querySelectorAll('#waiting tbody tr[data-caller]')).find(function (x) { return x.textContent.indexOf(m) >= 0; });"
                + " return r ? {caller: r.getAttribute('data-caller'), join: r.getAttribute('data-join-event-at'),"
                + " shown: r.getAttribute('data-first-shown-at'), text: r.textContent} : null;", masked);
    }

    /** Clicks the element {@code css} once it is there (in the page's script: the stream redraws rows at any time). */
    private static void click(WebDriver d, String css) throws InterruptedException {
        FoundationIT.awaitTrue("a button " + css, () -> !d.findElements(By.cssSelector(css)).isEmpty());
        ((JavascriptExecutor) d).executeScript("document.querySelector(arguments[0]).click();", css);
    }

    /** Asterisk's live channels, concise ({@code channel!context!exten!prio!state!application!data!...}). */
    private static String chanSpy() {
        try {
            return RealStack.asteriskCli("core show channels concise");
        } catch (Exception e) {
            return e.toString();
        }
    }

    /** The outcomes of web_audit rows of {@code action} on {@code target} since {@code since}, in order. */
    private static List<String> audit(String action, String target, Instant since) throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = RealStack.db(); PreparedStatement ps = c.prepareStatement("SELECT outcome FROM web_audit WHERE login ="
                + " 'it-supervisor' AND action = ? AND target = ? AND at >= ? ORDER BY id")) {
            ps.setString(1, action);
            ps.setString(2, target);
            ps.setObject(3, LocalDateTime.ofInstant(since, ZoneOffset.UTC));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        }
        return out;
    }

    /** {@code queue_name agent_id outcome} of the call whose unique id is {@code uniqueId}, or "" before it is written. */
    private static String record(String uniqueId) {
        try (Connection c = RealStack.db(); PreparedStatement ps = c.prepareStatement(
                "SELECT queue_name, agent_id, outcome FROM call_record WHERE unique_id = ?")) {
            ps.setString(1, uniqueId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) + " " + rs.getString(2) + " " + rs.getString(3) : "";
            }
        } catch (Exception e) {
            return e.toString();
        }
    }

    /** No session, another role, a POST without the session's CSRF token: refused server-side. */
    private static void refusals(String base) throws Exception {
        HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
        HttpResponse<String> anonymous = http.send(HttpRequest.newBuilder(URI.create(base + "/wallboard")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(303, anonymous.statusCode());
        assertEquals(401, http.send(HttpRequest.newBuilder(URI.create(base + "/wallboard/events")).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode());
        String company = login(http, base, "it-alpha", "it-company-pw");
        assertEquals(403, http.send(HttpRequest.newBuilder(URI.create(base + "/wallboard")).header("Cookie", company).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode(), "a company login may not open the wallboard");
        assertEquals(403, http.send(HttpRequest.newBuilder(URI.create(base + "/wallboard/events")).header("Cookie", company).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode());
        String supervisor = login(http, base, "it-supervisor", "it-supervisor-pw");
        HttpResponse<String> forged = http.send(HttpRequest.newBuilder(URI.create(base + "/logout")).header("Cookie", supervisor)
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString("csrf=forged"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(403, forged.statusCode(), "a POST without the session's CSRF token");
        assertEquals(200, http.send(HttpRequest.newBuilder(URI.create(base + "/wallboard")).header("Cookie", supervisor).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode(), "the forged logout did not end the session");
        assertEquals(401, status(http, base, "it-supervisor", "wrong-password"), "a wrong password");
    }

    /** The session cookie ({@code ascc_session=...}) of a login through the form. */
    private static String login(HttpClient http, String base, String login, String password) throws Exception {
        HttpResponse<String> form = http.send(HttpRequest.newBuilder(URI.create(base + "/login")).build(),
                HttpResponse.BodyHandlers.ofString());
        Matcher m = INPUT_CSRF.matcher(form.body());
        assertTrue(m.find(), form.body());
        String loginCookie = form.headers().firstValue("set-cookie").orElseThrow().split(";")[0];
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/login")).header("Cookie", loginCookie)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("csrf=" + m.group(1) + "&login=" + login + "&password=" + password)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(303, r.statusCode(), r.body());
        String cookie = r.headers().firstValue("set-cookie").orElseThrow();
        assertTrue(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"), cookie);
        return cookie.split(";")[0];
    }

    private static int status(HttpClient http, String base, String login, String password) throws Exception {
        HttpResponse<String> form = http.send(HttpRequest.newBuilder(URI.create(base + "/login")).build(),
                HttpResponse.BodyHandlers.ofString());
        Matcher m = INPUT_CSRF.matcher(form.body());
        assertTrue(m.find(), form.body());
        String loginCookie = form.headers().firstValue("set-cookie").orElseThrow().split(";")[0];
        return http.send(HttpRequest.newBuilder(URI.create(base + "/login")).header("Cookie", loginCookie)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("csrf=" + m.group(1) + "&login=" + login + "&password=" + password)).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode();
    }
}
