package ascc.core.selfservice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ascc.core.db.Database;
import ascc.core.db.DbSettings;
import ascc.core.http.HttpRequestInfo;
import ascc.core.http.HttpResponseSpec;
import ascc.routing.config.TokenHash;
import ascc.routing.selfservice.CaseStatus;
import ascc.routing.selfservice.RepairPartner;
import ascc.routing.selfservice.SelfServiceConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** POST /api/cases: a partner's token, only its companies, every row checked like a file, idempotent by case id. */
class CasesHandlerTest {
    private static final String TOKEN = "fixit-partner-token-0123456789";
    private static final String HEADER = "case_id,company,phone,product,status,expected_date,partner\n";

    @TempDir
    Path dir;
    private Database db;
    private RepairCaseStore store;
    private CasesHandler handler;

    @BeforeEach
    void open() {
        db = Database.open(DbSettings.embedded(dir.resolve("ascc").toString(), 2));
        store = new RepairCaseStore(db.dataSource(), Clock.fixed(Instant.parse("2026-11-23T01:00:00Z"), ZoneOffset.UTC));
        SelfServiceConfig cfg = new SelfServiceConfig(Map.of(), Map.of("fixit",
                new RepairPartner("fixit", Optional.of(TokenHash.of(TOKEN)), Set.of("hanbit"))));
        handler = new CasesHandler(() -> cfg, store);
    }

    @AfterEach
    void close() {
        db.close();
    }

    private HttpResponseSpec post(String token, String body) throws Exception {
        return handler.handle(new HttpRequestInfo("POST", "/api/cases", Map.of(),
                token == null ? Map.of() : Map.of("authorization", "Bearer " + token), body.getBytes(StandardCharsets.UTF_8)));
    }

    private static String body(HttpResponseSpec r) {
        return new String(r.body(), StandardCharsets.UTF_8);
    }

    @Test
    void aPartnerStoresItsCompaniesCasesAndIsToldWhichRowsWereRejected() throws Exception {
        HttpResponseSpec r = post(TOKEN, HEADER + "4821,hanbit,010-5550-1111,humidifier,in-repair,2026-12-24,\n"
                + "4822,sori-audio,010-5550-2222,speaker,received,,\n"
                + "4823,hanbit,010-5550-3333,fan,received,,another-partner\n");
        assertEquals(200, r.status(), body(r));
        String b = body(r);
        assertTrue(b.startsWith("{\"stored\":1,\"rejectedCount\":2,"), b);
        assertTrue(b.contains("{\"line\":3,\"reason\":\"company 'sori-audio' not allowed (allowed: hanbit)\"}"), b);
        assertTrue(b.contains("\"line\":4,\"reason\":\"partner 'another-partner' is not the partner posting (fixit"), b);
        assertFalse(b.contains("5550"), "no customer number in the answer: " + b);
        assertEquals("fixit", store.byId("hanbit", "4821").orElseThrow().partner(), "the posting partner is recorded");

        assertEquals(200, post(TOKEN, HEADER + "4821,hanbit,010-5550-1111,humidifier,shipped,,\n").status());
        assertEquals(CaseStatus.SHIPPED, store.byId("hanbit", "4821").orElseThrow().status(), "the same case id replaces the row");
    }

    @Test
    void noTokenOrAnotherTokenIsUnauthorizedAndTheAdminTokenIsNotAPartner() throws Exception {
        assertEquals(401, post(null, HEADER).status());
        assertEquals(401, post("fixit-partner-token-012345678", HEADER).status());
        assertEquals(401, post("it-admin-token", HEADER).status());
    }

    @Test
    void aBrokenBodyStoresNothing() throws Exception {
        HttpResponseSpec r = post(TOKEN, "case,company\n4821,hanbit\n");
        assertEquals(400, r.status());
        assertTrue(body(r).contains("wrong header"), body(r));
    }

    @Test
    void theDatabaseAwayIsA503TheSenderRetries() throws Exception {
        db.close();
        HttpResponseSpec r = post(TOKEN, HEADER + "4821,hanbit,010-5550-1111,humidifier,in-repair,,\n");
        assertEquals(503, r.status(), body(r));
        db = Database.open(DbSettings.embedded(dir.resolve("ascc").toString(), 2));
    }
}
