package ascc.core.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ascc.core.Engine;
import ascc.testsupport.sip.IncomingCall;
import ascc.testsupport.sip.TestPhone;
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
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * The agent desktop and the company portal in a real browser (headless Chromium) against the real stack, one engine:
 * a SIPp customer of company alpha is routed to agent 2101's jain-sip phone; the agent's desktop pops alpha's call within
 * 1 s of the phone's INVITE; after the call the agent saves a disposition, stored on the call. Then alpha's portal login
 * shows that call, and nothing of company beta's (a beta call and statement are in the database): not on the page, and not
 * over HTTP with beta's ids guessed. Screenshots to docs/screenshots/.
 */
class AgentDesktopPortalIT {
    private static final Path SCREENSHOTS = Path.of("../docs/screenshots");
    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final String CALLER = "01055507788";
    private static final String BETA_CALL = "it-beta-desktop-1";

    @BeforeAll
    static void stack() throws Exception {
        RealStack.ensureAsterisk();
    }

    @Test
    void agentDesktopPopsTheRingingCallsCompanyAndTheCompanyPortalShowsOnlyItsOwnCalls() throws Exception {
        try (Engine engine = RealStack.startEngine(Map.of());
             TestPhone phone = RealStack.phone("2101");
             Browser browser = Browser.start(SCREENSHOTS)) {
            EngineView view = EngineView.of(engine).awaitAmiConnected();
            betaData(); // after the engine's start: Flyway made the tables of the IT's fresh database
            String base = "http://127.0.0.1:" + engine.httpPort();
            try {
                FoundationIT.awaitMemberAvailable("desk-appliance", "2101");
                view.pause("2102", 1, "break"); // only 2101's phone rings
                WebDriver d = browser.driver();
                browser.login(base, "it-agent", "it-agent-pw");
                d.get(base + "/agent");
                FoundationIT.awaitTrue("agent desktop's event stream open",
                        () -> "open".equals(d.findElement(By.id("pop")).getAttribute("data-stream")));

                CompletableFuture<SippResult> customer = CompletableFuture.supplyAsync(
                        () -> FoundationIT.customerCall("0700000001", CALLER, "11", Duration.ofSeconds(6), 5231));
                IncomingCall ring = phone.awaitIncoming(WAIT);
                FoundationIT.awaitTrue("pop of alpha's call on the desktop", () -> popText(d, "pop-company").contains("Alpha Humidifiers"));
                WebElement pop = d.findElement(By.id("pop"));
                long drawnAt = Long.parseLong(pop.getAttribute("data-drawn-at"));
                Duration late = Duration.between(ring.receivedAt(), Instant.ofEpochMilli(drawnAt));
                System.out.println("agent desktop: pop drawn " + late.toMillis() + " ms after the phone's INVITE");
                assertTrue(late.toMillis() < 1000, "pop drawn " + late.toMillis() + " ms after the INVITE (must be < 1000)");
                assertEquals("home-appliances", popText(d, "pop-category"));
                String shown = popText(d, "pop-number");
                assertFalse(shown.contains("55507788"), "the number is masked: " + shown);
                assertFalse(d.getPageSource().contains(CALLER), "the full number is nowhere in the page");
                String linkedId = pop.getAttribute("data-call");

                phone.answer(ring);
                FoundationIT.awaitTrue("pop CONNECTED", () -> "CONNECTED".equals(d.findElement(By.id("pop")).getAttribute("data-state")));
                browser.screenshot("agent-desktop.png");
                SippResult r = customer.get();
                assertTrue(r.allSucceeded(), () -> "customer call failed: " + r.describe());
                FoundationIT.awaitTrue("pop ENDED", () -> "ENDED".equals(d.findElement(By.id("pop")).getAttribute("data-state")));
                new Select(d.findElement(By.id("disposition-code"))).selectByValue("repair");
                d.findElement(By.id("disposition-note")).sendKeys("humidifier fan noise, sent to partner");
                d.findElement(By.id("disposition-save")).click();
                FoundationIT.awaitTrue("disposition saved", () -> popText(d, "disposition-result").equals("Saved."));
                FoundationIT.awaitTrue("disposition stored on the call", () -> "repair".equals(disposition(linkedId)));
                browser.screenshot("agent-desktop-disposition.png");

                // the company portal: alpha's login, alpha's call, nothing of beta's
                d.findElement(By.cssSelector("form.logout button")).click();
                browser.login(base, "it-alpha", "it-company-pw");
                FoundationIT.awaitTrue("alpha's call record written", () -> callRecorded(linkedId));
                d.get(base + "/portal");
                FoundationIT.awaitTrue("alpha's call in the portal",
                        () -> !d.findElements(By.cssSelector("tr[data-call='" + linkedId + "']")).isEmpty());
                String page = d.getPageSource();
                assertFalse(page.contains(BETA_CALL) || page.contains("Beta Computers") || page.contains("beta"),
                        "beta's data on alpha's page");
                browser.screenshot("portal.png");

                Cookie session = d.manage().getCookieNamed("ascc_session");
                HttpClient http = HttpClient.newHttpClient();
                for (String guess : List.of("/portal/recording?call=" + BETA_CALL, "/portal/recording?call=" + BETA_CALL + "&download=1",
                        "/portal/statement?month=2026-09")) {
                    HttpResponse<String> g = http.send(HttpRequest.newBuilder(URI.create(base + guess))
                            .header("Cookie", "ascc_session=" + session.getValue()).build(), HttpResponse.BodyHandlers.ofString());
                    assertEquals(404, g.statusCode(), guess + " -> " + g.body());
                }
                HttpResponse<String> json = http.send(HttpRequest.newBuilder(URI.create(base + "/portal/calls.json?company=beta"))
                        .header("Cookie", "ascc_session=" + session.getValue()).build(), HttpResponse.BodyHandlers.ofString());
                assertEquals(200, json.statusCode());
                assertTrue(json.body().contains(linkedId), json.body());
                assertFalse(json.body().contains(BETA_CALL), json.body());
                assertEquals(401, http.send(HttpRequest.newBuilder(URI.create(base + "/portal/calls.json")).build(),
                        HttpResponse.BodyHandlers.ofString()).statusCode(), "no session, no data");
            } finally {
                view.unpause("2102");
            }
        }
    }

    private static String popText(WebDriver d, String id) {
        List<WebElement> e = d.findElements(By.id(id));
        return e.isEmpty() ? "" : e.get(0).getText();
    }

    /** A call of company beta today (with a recording path) and beta's statement of 2026-09, straight into the IT database. */
    private static void betaData() throws Exception {
        Files.createDirectories(SCREENSHOTS);
        try (Connection c = RealStack.db()) {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM call_record WHERE linked_id = ?")) {
                ps.setString(1, BETA_CALL);
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO call_record (linked_id, unique_id, company_id, desk_id,"
                    + " caller_number, entered_at, outcome, wait_ms, talk_ms, recording_path) VALUES (?, ?, 'beta', 'digital',"
                    + " '01099990000', ?, 'ANSWERED', 1000, 60000, '/x/beta/2026/11/23/it-beta-desktop-1.wav')")) {
                ps.setString(1, BETA_CALL);
                ps.setString(2, BETA_CALL);
                ps.setObject(3, LocalDateTime.ofInstant(Instant.now().minusSeconds(10), ZoneOffset.UTC)); // today, like alpha's call
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM billing_statement WHERE ledger = 'main' AND company_id = 'beta'"
                    + " AND bill_month = '2026-09'")) {
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO billing_statement (ledger, company_id, company_name, bill_month,"
                    + " tier, fte_milli, labor_basis, government_share, company_share, base_fee, survey_charge, adjustments, total_due,"
                    + " closed_at) VALUES ('main', 'beta', 'Beta Computers', '2026-09', 'T1', 1000, 0, 0, 0, 50000, 0, 0, 50000,"
                    + " '2026-10-01 00:00:00')")) {
                ps.executeUpdate();
            }
        }
    }

    private static String disposition(String linkedId) {
        try (Connection c = RealStack.db();
             PreparedStatement ps = c.prepareStatement("SELECT code FROM call_disposition WHERE linked_id = ?")) {
            ps.setString(1, linkedId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        } catch (Exception e) {
            return null;
        }
    }

    private static boolean callRecorded(String linkedId) {
        try (Connection c = RealStack.db();
             PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM call_record WHERE linked_id = ? AND company_id = 'alpha'")) {
            ps.setString(1, linkedId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getInt(1) == 1;
            }
        } catch (Exception e) {
            return false;
        }
    }
}
