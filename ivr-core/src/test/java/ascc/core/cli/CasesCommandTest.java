package ascc.core.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ascc.core.campaign.TargetCsv;
import ascc.core.db.Database;
import ascc.core.db.DbSettings;
import ascc.core.selfservice.RepairCaseStore;
import ascc.core.selfservice.SelfServiceStore;
import ascc.routing.selfservice.CaseStatus;
import ascc.routing.selfservice.RepairCase;
import ascc.routing.selfservice.SelfServiceResult;
import ascc.routing.selfservice.SelfServiceVisit;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ivr cases import} and the containment in {@code ivr report}, through {@link Main} on an embedded database. */
class CasesCommandTest {
    private static final String HEADER = "case_id,company,phone,product,status,expected_date,partner\n";

    @TempDir
    Path dir;
    Path conf;
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeEach
    void copyConf() throws IOException {
        conf = SampleConf.copyTo(dir);
    }

    int ivr(String... args) {
        return SampleConf.ivr(conf, out, err, Clock.fixed(Instant.parse("2026-11-15T00:00:00Z"), ZoneOffset.UTC), args);
    }

    Path csv(String name, String text, Charset cs) throws IOException {
        Path f = dir.resolve(name);
        Files.writeString(f, text, cs);
        return f;
    }

    String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    private <T> T withDb(SqlWork<T> work) throws SQLException {
        try (Database db = Database.open(DbSettings.embedded(dir.resolve("db/ascc").toString(), 2))) {
            return work.run(db);
        }
    }

    @FunctionalInterface
    interface SqlWork<T> {
        T run(Database db) throws SQLException;
    }

    @Test
    void importsGoodRowsListsBadOnesByLineWithNumbersMaskedAndIsIdempotentByCaseId() throws Exception {
        Path f = csv("cases.csv", HEADER
                + "4821,hanbit,010-5550-1111,humidifier,in-repair,2026-12-24,fixit\n"
                + "4822,hanbit,010-5550-2222,fan,waiting-parts,,fixit\n"
                + "12,hanbit,010-5550-3333,fan,received,,\n"
                + "4823,ghost,010-5550-4444,fan,received,,\n"
                + "4824,hanbit,010-999,fan,received,,\n"
                + "4825,hanbit,010-5550-5555,fan,fixed,,\n"
                + "4826,hanbit,010-5550-6666,fan,received,24.12.2026,\n"
                + "4821,hanbit,010-5550-1111,humidifier,shipped,,\n", StandardCharsets.UTF_8);
        assertEquals(0, ivr("cases", "import", f.toString()), err());
        // the temp dir's random digits may contain "5550": look at the output without the file's path
        String o = out().replace(f.toString(), "<file>");
        assertTrue(o.contains("imported 2 cases from"), o);
        assertTrue(o.contains("rejected 6 rows"), o);
        assertTrue(o.contains("line 4: bad case_id '12' (allowed: 4 to 20 digits)"), o);
        assertTrue(o.contains("line 5: company 'ghost' not allowed"), o);
        assertTrue(o.contains("line 6: bad phone"), o);
        assertFalse(o.contains("010-999") || o.contains("5550"), "customers' numbers are masked: " + o);
        assertTrue(o.contains("line 7: bad status 'fixed' (allowed: received, in-repair, waiting-parts, shipped, done, cancelled)"), o);
        assertTrue(o.contains("line 8: bad expected_date '24.12.2026'"), o);
        assertTrue(o.contains("line 9: duplicate case_id 4821 (first at line 2)"), o);

        List<RepairCase> open = withDb(db -> new RepairCaseStore(db.dataSource(), Clock.systemUTC()).openCases("hanbit", "01055501111"));
        assertEquals(List.of(new RepairCase("4821", "hanbit", "01055501111", "humidifier", CaseStatus.IN_REPAIR,
                Optional.of(LocalDate.parse("2026-12-24")), "fixit")), open);

        out.reset();
        assertEquals(0, ivr("cases", "import", f.toString()), err());
        assertTrue(out().contains("already imported to its end; nothing to do"), out());

        // a later file with the same case id replaces it: idempotent by case id; a done case is no longer "open"
        Path later = csv("later.csv", HEADER + "4821,hanbit,01055501111,humidifier,done,,fixit\n", StandardCharsets.UTF_8);
        assertEquals(0, ivr("cases", "import", later.toString()), err());
        assertEquals(List.of(), withDb(db -> new RepairCaseStore(db.dataSource(), Clock.systemUTC()).openCases("hanbit", "01055501111")));
        assertEquals(CaseStatus.DONE, withDb(db -> new RepairCaseStore(db.dataSource(), Clock.systemUTC()).byId("hanbit", "4821"))
                .orElseThrow().status());
    }

    @Test
    void koreanExcelCp949WithBomlessKoreanTextImports() throws Exception {
        Path f = csv("cp949.csv", HEADER + "5001,hanbit,+82 10-5550-7777,가습기,received,2026-12-01,부산센터\n", TargetCsv.CP949);
        assertEquals(0, ivr("cases", "import", f.toString()), err());
        assertTrue(out().contains("imported 1 cases"), out());
        assertEquals("가습기", withDb(db -> new RepairCaseStore(db.dataSource(), Clock.systemUTC()).byId("hanbit", "5001"))
                .orElseThrow().product());
    }

    @Test
    void aBrokenFileImportsNothing() throws Exception {
        Path f = csv("broken.csv", "case,company\n4821,hanbit\n", StandardCharsets.UTF_8);
        assertEquals(1, ivr("cases", "import", f.toString()));
        assertTrue(err().contains("is not importable: wrong header"), err());
    }

    @Test
    void reportShowsTheContainmentPerCompany() throws Exception {
        assertEquals(0, ivr("cases", "import", csv("empty.csv", HEADER, StandardCharsets.UTF_8).toString()), err());
        Instant at = Instant.parse("2026-11-23T02:00:00Z");
        withDb(db -> {
            new SelfServiceStore(db.dataSource()).upsert(List.of(
                    new SelfServiceVisit("c1", "hanbit", "home-appliances", List.of("faq:reset"), SelfServiceResult.RESOLVED, at),
                    new SelfServiceVisit("c2", "hanbit", "home-appliances", List.of("case-status"), SelfServiceResult.TO_AGENT, at),
                    new SelfServiceVisit("c3", "hanbit", "home-appliances", List.of("hours"), SelfServiceResult.RESOLVED, at),
                    new SelfServiceVisit("c3", "hanbit", "home-appliances", List.of("hours"), SelfServiceResult.RESOLVED, at)));
            return null;
        });
        out.reset();
        assertEquals(0, ivr("report", "--day", "2026-11-23"), err());
        assertTrue(out().contains("self-service"), out());
        assertTrue(out().matches("(?s).*hanbit\\s+3\\s+2\\s+1\\s+0\\s+66\\.7\\n.*"), out());
    }
}
