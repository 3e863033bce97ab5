package ascc.core.billing;

import static ascc.core.billing.BillingFixture.GUIDE;
import static ascc.core.billing.BillingFixture.SEOUL;
import static ascc.core.billing.BillingFixture.calls;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ascc.routing.calls.CallOutcome;
import ascc.core.calls.CallRecordStore;
import ascc.core.db.Database;
import ascc.core.db.DbSettings;
import ascc.routing.billing.BillingRules;
import ascc.routing.billing.Tier;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The monthly close on the embedded database (H2 in MariaDB mode, the real migrations). */
class MonthlyCloseTest {
    static final YearMonth OCT = YearMonth.of(2026, 10);
    static final Instant OCT_5 = Instant.parse("2026-10-05T01:00:00Z");
    static final Map<String, String> COMPANIES = Map.of("acme", "Acme Electric", "bravo", "Bravo Audio");

    @TempDir
    Path dir;
    Database db;
    CallRecordStore calls;
    List<String> progress = new ArrayList<>();

    @BeforeEach
    void open() {
        db = Database.open(DbSettings.embedded(dir.resolve("ascc").toString(), 4));
        calls = new CallRecordStore(db.dataSource());
    }

    @AfterEach
    void close() {
        db.close();
    }

    MonthlyClose closer(BillingRules rules, Instant now) {
        return new MonthlyClose(db.dataSource(), rules, SEOUL, SurveyUsageSource.NONE, Clock.fixed(now, ZoneOffset.UTC));
    }

    CloseResult close(YearMonth month) throws Exception {
        return closer(GUIDE, BillingMonth.end(month, SEOUL).plusSeconds(7_200)).close("main", month, COMPANIES, Optional.empty(),
                progress::add);
    }

    /** 2,200 answered + 30 abandoned + 5 after-hours for acme; 150 answered + 3 callbacks + 2 voicemails for bravo. */
    void seedOctober() throws Exception {
        calls.upsert(calls("a-ans", "acme", CallOutcome.ANSWERED, 2_200, OCT_5));
        calls.upsert(calls("a-ivr", "acme", CallOutcome.ABANDONED_IVR, 20, OCT_5));
        calls.upsert(calls("a-q", "acme", CallOutcome.ABANDONED_QUEUE, 10, OCT_5));
        calls.upsert(calls("a-cl", "acme", CallOutcome.CLOSED, 5, OCT_5));
        calls.upsert(calls("b-ans", "bravo", CallOutcome.ANSWERED, 150, OCT_5));
        calls.upsert(calls("b-cb", "bravo", CallOutcome.CALLBACK_REQUESTED, 3, OCT_5));
        calls.upsert(calls("b-vm", "bravo", CallOutcome.VOICEMAIL, 2, OCT_5));
        calls.upsert(calls("anon", null, CallOutcome.ABANDONED_IVR, 4, OCT_5));
    }

    @Test
    void seededMonthGivesHandComputedStatementsAndProgramSummary() throws Exception {
        seedOctober();
        CloseResult r = close(OCT);
        assertFalse(r.alreadyClosed());

        Statement acme = new BillingStore(db.dataSource()).statement("main", "acme", OCT).orElseThrow();
        assertEquals("T5", acme.tier());
        assertEquals(2_235, acme.usage("offered"));
        assertEquals(2_200, acme.usage("answered"));
        assertEquals(30, acme.usage("abandoned"));
        assertEquals(5, acme.usage("after-hours"));
        assertEquals(2_200, acme.usage("talk"), "2,200 x 60 s");
        assertEquals(3_825_000, acme.laborBasis());
        assertEquals(1_147_500, acme.companyShare());
        assertEquals(2_677_500, acme.governmentShare());
        assertEquals(50_000, acme.baseFee());
        assertEquals(1_197_500, acme.totalDue(), "the guide's worked example");
        assertEquals(0, acme.usage("happy"), "no campaign data yet: zero, not invented");
        assertEquals(0, acme.usage("survey responses"));

        Statement bravo = new BillingStore(db.dataSource()).statement("main", "bravo", OCT).orElseThrow();
        assertEquals("T1", bravo.tier());
        assertEquals(155, bravo.usage("offered"));
        assertEquals(3, bravo.usage("callbacks"));
        assertEquals(2, bravo.usage("voicemails"));
        assertEquals(135_000, bravo.companyShare(), "30% x 27M x 0.2 / 12");
        assertEquals(185_000, bravo.totalDue());

        ProgramSummary s = r.summary();
        assertEquals(2, s.companies());
        assertEquals(2_390, s.offered());
        assertEquals(2_350, s.answered());
        assertEquals(4, s.unattributed());
        assertEquals(3_825_000 + 450_000, s.laborBasis(), "T5 + T1 bases");
        assertEquals(1_147_500 + 135_000, s.companyTotal());
        assertEquals(s.laborBasis() - s.companyTotal(), s.subsidyTotal());
        assertEquals(1_197_500 + 185_000, s.totalDue());
        assertTrue(progress.stream().anyMatch(p -> p.startsWith("writing 2 statements")), progress.toString());
    }

    @Test
    void replayingTheSameCallRecordsTwiceChangesNothing() throws Exception {
        seedOctober();
        seedOctober();
        assertEquals(2_394, calls.count(), "upsert by linked_id: one row per call");
        CloseResult r = close(OCT);
        assertEquals(2_390, r.summary().offered());
        assertEquals(1_197_500 + 185_000, r.summary().totalDue());
    }

    @Test
    void closingAgainIsIdempotentAndRewritesNothing() throws Exception {
        seedOctober();
        CloseResult first = close(OCT);
        calls.upsert(calls("late", "acme", CallOutcome.ANSWERED, 7, OCT_5));
        CloseResult again = closer(GUIDE, Instant.parse("2027-01-01T00:00:00Z")).close("main", OCT, COMPANIES, Optional.empty(),
                progress::add);
        assertTrue(again.alreadyClosed());
        assertEquals(first.summary(), again.summary());
        assertEquals(2_200, new BillingStore(db.dataSource()).statement("main", "acme", OCT).orElseThrow().usage("answered"),
                "the closed statement is not edited");
    }

    @Test
    void lateCallAfterTheCloseLandsAsAdjustmentOnTheNextMonth() throws Exception {
        seedOctober();
        close(OCT);
        // 60 answered calls of October reach the database in November: bravo moves from T1 (150) to T2 (210)
        calls.upsert(calls("b-late", "bravo", CallOutcome.ANSWERED, 60, OCT_5.plusSeconds(86_400)));
        calls.upsert(calls("b-nov", "bravo", CallOutcome.ANSWERED, 10, Instant.parse("2026-11-03T02:00:00Z")));
        CloseResult nov = close(OCT.plusMonths(1));
        assertEquals(1, nov.adjustedCompanies());

        BillingStore store = new BillingStore(db.dataSource());
        Statement bravo = store.statement("main", "bravo", OCT.plusMonths(1)).orElseThrow();
        assertEquals(10, bravo.usage("answered"), "November's own usage");
        List<StatementLine> adj = bravo.adjustmentLines();
        assertEquals(1, adj.size(), bravo.lines().toString());
        assertEquals(60, adj.get(0).quantity());
        assertEquals(337_500 - 135_000, adj.get(0).amount(), "T2 (0.5 FTE) share minus the T1 share billed in October");
        assertTrue(adj.get(0).description().contains("late usage of 2026-10: +60 offered, +60 answered"), adj.get(0).description());
        assertTrue(adj.get(0).description().contains("tier T1 -> T2"), adj.get(0).description());
        assertEquals(185_000 + 202_500, bravo.totalDue());
        assertEquals(150, store.statement("main", "bravo", OCT).orElseThrow().usage("answered"), "October is not edited");
        assertEquals(0, store.statement("main", "acme", OCT.plusMonths(1)).orElseThrow().adjustments());

        // billed once: December finds nothing more to adjust for October
        Statement dec = closeAndGet(OCT.plusMonths(2), "bravo");
        assertTrue(dec.adjustmentLines().isEmpty(), dec.lines().toString());
    }

    Statement closeAndGet(YearMonth m, String company) throws Exception {
        close(m);
        return new BillingStore(db.dataSource()).statement("main", company, m).orElseThrow();
    }

    @Test
    void callCountsInTheMonthItStartedInSeoulTime() throws Exception {
        // 2026-10-31T15:30Z is 2026-11-01 00:30 in Seoul; 2026-09-30T15:30Z is 2026-10-01 00:30 in Seoul
        calls.upsert(calls("edge-nov", "acme", CallOutcome.ANSWERED, 1, Instant.parse("2026-10-31T15:30:00Z")));
        calls.upsert(calls("edge-oct", "acme", CallOutcome.ANSWERED, 1, Instant.parse("2026-09-30T15:30:00Z")));
        calls.upsert(calls("edge-sep", "acme", CallOutcome.ANSWERED, 1, Instant.parse("2026-09-30T14:59:59Z")));
        close(OCT);
        assertEquals(1, new BillingStore(db.dataSource()).statement("main", "acme", OCT).orElseThrow().usage("answered"));
    }

    @Test
    void companyWithCallsButNoTierFailsTheCloseAndWritesNothing() throws Exception {
        seedOctober();
        calls.upsert(calls("z", "zulu", CallOutcome.ANSWERED, 3, OCT_5));
        BillingException e = assertThrows(BillingException.class, () -> close(OCT));
        assertTrue(e.getMessage().contains("company 'zulu' has 3 call(s) in 2026-10 but no tier"), e.getMessage());
        assertTrue(e.getMessage().contains("nothing was written"), e.getMessage());
        assertNothingWritten();
    }

    @Test
    void answeredCallsAboveAClosedLastBandFailTheCloseAndWriteNothing() throws Exception {
        seedOctober();
        BillingRules capped = new BillingRules(27_000_000, 3000, 600_000, 3_000, 200, 4, 3_000_000, 3,
                List.of(new Tier("S", 0, 999, 500), new Tier("M", 1000, 1999, 1000)));
        BillingException e = assertThrows(BillingException.class, () -> closer(capped, Instant.parse("2026-11-01T00:00:00Z"))
                .close("main", OCT, COMPANIES, Optional.empty(), progress::add));
        assertTrue(e.problems().get(0).contains("company 'acme' has no tier in 2026-10: 2200 answered calls are above the last band"
                + " (M 1000..1999)"), e.getMessage());
        assertNothingWritten();
    }

    @Test
    void monthsCloseInOrderAndClosedMonthsAreFinal() throws Exception {
        seedOctober();
        close(OCT);
        BillingException gap = assertThrows(BillingException.class, () -> close(OCT.plusMonths(2)));
        assertTrue(gap.getMessage().contains("2026-11 is not closed yet"), gap.getMessage());
        BillingException before = assertThrows(BillingException.class, () -> close(OCT.minusMonths(1)));
        assertTrue(before.getMessage().contains("2026-10 is closed already and closed months are final"), before.getMessage());
    }

    @Test
    void scopeMetersOnlyTheGivenCompaniesAndLedgersAreSeparateBooks() throws Exception {
        seedOctober();
        calls.upsert(calls("z", "zulu", CallOutcome.ANSWERED, 3, OCT_5));
        CloseResult r = closer(GUIDE, Instant.parse("2026-11-01T00:00:00Z")).close("test-ledger", OCT, Map.of("bravo", "Bravo"),
                Optional.of(Set.of("bravo")), progress::add);
        assertEquals(1, r.summary().companies());
        assertEquals(155, r.summary().offered());
        assertTrue(new BillingStore(db.dataSource()).summary("main", OCT).isEmpty());
    }

    @Test
    void csvAndHtmlExportsCarryTheStatement() throws Exception {
        seedOctober();
        close(OCT);
        List<Statement> all = new BillingStore(db.dataSource()).statements("main", OCT);
        String csv = BillingExport.csv(all);
        String[] rows = csv.split("\r\n");
        assertEquals(BillingExport.CSV_HEADER, rows[0]);
        assertEquals(3, rows.length);
        assertTrue(rows[1].startsWith("2026-10,acme,Acme Electric,T5,1.700,2235,2200,30,5,0,0,2200,0,0,3825000,2677500,1147500,50000,0,0,"
                + "1197500,"), rows[1]);
        String html = BillingExport.html(all.get(0), SEOUL);
        assertTrue(html.contains("<h1>Monthly statement 2026-10</h1>"), html);
        assertTrue(html.contains("Total due</td><td class=\"n\">1,197,500</td>"), html);
        assertTrue(html.contains("Closed 2026-11-01T02:00:00 Asia/Seoul"), html);
        assertEquals("\"a,b\"", BillingExport.quote("a,b"));
        assertEquals("\"say \"\"hi\"\"\"", BillingExport.quote("say \"hi\""));
    }

    @Test
    void depositUsesTheLastTwelveMonthsAverage() throws Exception {
        seedOctober();
        DepositEstimator est = new DepositEstimator(db.dataSource(), GUIDE, SEOUL, Clock.fixed(Instant.parse("2026-11-15T00:00:00Z"),
                ZoneOffset.UTC));
        DepositEstimator.Estimate acme = est.estimate("acme");
        assertEquals(YearMonth.of(2025, 11), acme.from());
        assertEquals(OCT, acme.to());
        assertEquals(1, acme.deposit().monthsOfUsage(), "only October had calls");
        assertEquals(2_200, acme.deposit().averageAnswered());
        assertEquals(4 * 1_197_500, acme.deposit().amount());
        assertEquals(3_000_000, est.estimate("bravo").deposit().amount(), "the minimum");
        assertEquals(3_000_000, est.estimate("nobody").deposit().amount());
    }

    void assertNothingWritten() throws Exception {
        for (String t : List.of("billing_close", "billing_statement", "billing_line", "billing_usage")) {
            assertEquals(0, BillingFixture.count(db.dataSource(), "SELECT COUNT(*) FROM " + t + " WHERE ledger = ?", "main"), t);
        }
    }
}
