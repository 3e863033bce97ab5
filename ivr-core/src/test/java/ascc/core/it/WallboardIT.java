package ascc.core.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ascc.core.Engine;
import ascc.routing.Phones;
import ascc.testsupport.sipp.SippResult;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * The supervisor wallboard in a real browser (headless Chromium) against the engine, the sandbox Asterisk and a SIPp
 * caller: the supervisor logs in, a caller enters the appliance desk and the page shows them waiting within 1 s of the
 * engine receiving Asterisk's QueueCallerJoin (measured from that event, as the page records it), then not waiting after
 * the hang-up; another role and a POST without the CSRF token are refused. Saves docs/screenshots/wallboard.png.
 */
class WallboardIT {
    private static final Path SCREENSHOTS = Path.of("..", "docs", "screenshots");
    private static final Pattern INPUT_CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");

    @BeforeAll
    static void stack() throws Exception {
        RealStack.ensureAsterisk();
    }

    @Test
    void aCallerEnteringADeskShowsOnTheSupervisorsWallboardWithinASecondAndOtherRolesAndForgedPostsAreRefused() throws Exception {
        try (Engine engine = RealStack.startEngine(Map.of())) {
            EngineView.of(engine).awaitAmiConnected();
            String base = "http://127.0.0.1:" + engine.httpPort();
            refusals(base);
            try (Browser b = Browser.start(SCREENSHOTS); var pool = Executors.newVirtualThreadPerTaskExecutor()) {
                b.login(base, "it-supervisor", "it-supervisor-pw");
                assertTrue(b.driver().getCurrentUrl().endsWith("/wallboard"), b.driver().getCurrentUrl());
                FoundationIT.awaitTrue("the wallboard's stream is live and shows desk appliance with nobody waiting",
                        () -> "0".equals(b.text("waiting-appliance")));

                CompletableFuture<SippResult> call = CompletableFuture.supplyAsync(() -> FoundationIT.customerCall("0700000001",
                        "01055507777", "11", Duration.ofSeconds(8), 5291), pool);
                FoundationIT.awaitTrue("the caller shows waiting on desk appliance", () -> "1".equals(b.text("waiting-appliance"))
                        && !b.driver().findElements(By.cssSelector("#waiting tbody tr[data-caller]")).isEmpty());
                WebElement row = b.driver().findElement(By.cssSelector("#waiting tbody tr[data-caller]"));
                long joinEvent = Long.parseLong(row.getAttribute("data-join-event-at"));
                long shown = Long.parseLong(row.getAttribute("data-first-shown-at"));
                long latency = shown - joinEvent;
                System.out.println("wallboard: QueueCallerJoin received -> caller shown on the page: " + latency + " ms");
                assertTrue(latency >= 0 && latency <= 1000, "shown " + latency + " ms after the AMI event (at most 1000)");
                assertTrue(row.getText().contains("alpha") && row.getText().contains(Phones.mask("01055507777"))
                        && !row.getText().contains("01055507777"), "company and the masked number: " + row.getText());
                b.screenshot("wallboard.png");

                SippResult r = call.get();
                assertTrue(r.allSucceeded(), () -> "customer call failed: " + r.describe());
                FoundationIT.awaitTrue("nobody waiting after the caller hung up", () -> "0".equals(b.text("waiting-appliance")));
                FoundationIT.awaitTrue("the abandon is in today's figures", () -> !"-".equals(b.text("abandon-appliance")));
            }
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
