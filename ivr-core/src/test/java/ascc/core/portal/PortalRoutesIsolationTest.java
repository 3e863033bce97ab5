package ascc.core.portal;

import static ascc.core.portal.PortalFixture.A;
import static ascc.core.portal.PortalFixture.A_CALL;
import static ascc.core.portal.PortalFixture.B;
import static ascc.core.portal.PortalFixture.B_CALL;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ascc.core.db.Database;
import ascc.core.db.DbSettings;
import ascc.core.http.HttpRequestInfo;
import ascc.core.http.HttpResponseSpec;
import ascc.core.web.Principal;
import ascc.core.web.Sessions;
import ascc.core.web.WebSession;
import ascc.routing.config.WebConfig;
import ascc.testsupport.time.ManualClock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Walks every portal route ({@link PortalPages#routes()}, the same list the feature registers) with company A's session
 * and every id of company B a guesser could try (B's call ids, B's statement month, B's names): no answer carries any of B's
 * data, and B's recording answers 404 like an unknown id. A's own ids answer with A's data, so the walk is not vacuous.
 */
class PortalRoutesIsolationTest {
    /** What of B's must never appear on A's pages: its id, name, call ids, amounts, survey and follow-up text. */
    private static final List<String> B_MARKERS = List.of(B, "Sori", B_CALL, "b-2", "b-3", "2,222,222", "2222222", "b-survey",
            "low score of " + B, "22220000");

    @TempDir
    Path dir;
    private Database db;
    private PortalPages pages;
    private WebSession sessionOfA;

    @BeforeEach
    void seed() throws Exception {
        db = Database.open(DbSettings.embedded(dir.resolve("db/ascc").toString(), 4));
        Path recordings = Files.createDirectories(dir.resolve("recordings"));
        PortalFixture.seed(db.dataSource(), recordings);
        ManualClock clock = new ManualClock(PortalFixture.DAY_10H);
        pages = new PortalPages(new PortalData(db.dataSource(), () -> PortalFixture.SEOUL, () -> 20, () -> recordings), clock,
                id -> id.equals(A) ? "Hanbit Electric" : "Sori Audio");
        sessionOfA = new Sessions(clock, () -> WebConfig.NONE).create(new Principal("a-login", WebConfig.Role.COMPANY, "Hanbit", A, null,
                null));
    }

    @AfterEach
    void close() {
        db.close();
    }

    private static HttpRequestInfo get(String path, Map<String, String> query) {
        Map<String, List<String>> q = new LinkedHashMap<>();
        query.forEach((k, v) -> q.put(k, List.of(v)));
        return new HttpRequestInfo("GET", path, q, Map.of(), new byte[0]);
    }

    private static String text(HttpResponseSpec r) throws Exception {
        return r.file() != null ? Files.readString(r.file()) : new String(r.body(), StandardCharsets.UTF_8);
    }

    @Test
    void everyRouteWithBsIdsShowsNothingOfB() throws Exception {
        List<Map<String, String>> guesses = new ArrayList<>();
        for (String call : List.of(B_CALL, "b-2", "b-3", "../" + B + "/" + B_CALL)) {
            guesses.add(Map.of("call", call, "month", "2026-09", "day", "2026-11-23"));
            guesses.add(Map.of("call", call, "download", "1", "company", B));
        }
        guesses.add(Map.of("company", B, "day", "2026-11-23"));
        guesses.add(Map.of());
        int walked = 0;
        for (PortalPages.Route route : pages.routes()) {
            for (Map<String, String> q : guesses) {
                HttpResponseSpec r = route.handler().handle(get(route.path(), q), sessionOfA);
                String body = text(r).replace(sessionOfA.csrfToken(), "<csrf>"); // a random token may hold any letters
                for (String marker : B_MARKERS) {
                    assertFalse(body.contains(marker), () -> route.path() + "?" + q + " answered " + r.status() + " with B's '" + marker
                            + "':\n" + body);
                }
                if (route.path().equals("/portal/recording")) {
                    assertNull(r.file(), route.path() + "?" + q + " served a file");
                    assertEquals(404, r.status(), route.path() + "?" + q);
                }
                if (route.path().equals("/portal/statement") && "2026-09".equals(q.get("month"))) {
                    assertEquals(404, r.status(), "B's statement month");
                }
                walked++;
            }
        }
        assertEquals(4 * guesses.size(), walked, "every route walked with every guess");
    }

    @Test
    void theSameRoutesWithAsOwnIdsAnswerWithAsData() throws Exception {
        HttpResponseSpec page = pages.routes().get(0).handler().handle(get("/portal", Map.of("day", "2026-11-23")), sessionOfA);
        assertEquals(200, page.status());
        assertTrue(text(page).contains("data-call=\"" + A_CALL + "\""), text(page));
        assertTrue(text(page).contains("Hanbit Electric"));
        HttpResponseSpec json = pages.callsJson(get("/portal/calls.json", Map.of("day", "2026-11-23")), sessionOfA);
        assertTrue(text(json).contains("\"offered\":2"), text(json));
        HttpResponseSpec rec = pages.recording(get("/portal/recording", Map.of("call", A_CALL)), sessionOfA);
        assertNotNull(rec.file());
        assertTrue(text(rec).contains("RIFF-" + A), "A's own file");
        HttpResponseSpec st = pages.statement(get("/portal/statement", Map.of("month", "2026-10")), sessionOfA);
        assertEquals(200, st.status());
        assertTrue(text(st).contains("1,111,111"), text(st));
        assertTrue(text(st).contains("/web/portal.css"), "the print stylesheet");
    }
}
