package ascc.core.billing;

import static ascc.core.billing.BillingFixture.GUIDE;
import static ascc.core.billing.BillingFixture.SEOUL;
import static ascc.core.billing.BillingFixture.calls;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ascc.routing.calls.CallOutcome;
import ascc.core.calls.CallRecord;
import ascc.core.calls.CallRecordStore;
import ascc.core.db.Database;
import ascc.core.db.DbSettings;
import ascc.routing.config.Secret;
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

/**
 * The close against the real MariaDB ({@code ASCC_IT_DB_URL}, default {@code jdbc:mariadb://127.0.0.1:3306/ascc_it}).
 * Shares the database with other tests: works in its own ledger {@code it-billing}, on its own companies ({@code bit-*})
 * and call records (linked ids {@code bit-*}) in 2031, and deletes only those rows.
 */
class BillingMariaDbIT {
    static final String URL = System.getenv().getOrDefault("ASCC_IT_DB_URL", "jdbc:mariadb://127.0.0.1:3306/ascc_it");
    static final String LEDGER = "it-billing";
    static final YearMonth MARCH = YearMonth.of(2031, 3);
    static final Instant MARCH_10 = Instant.parse("2031-03-10T03:00:00Z");
    static final Map<String, String> COMPANIES = Map.of("bit-a", "Billing IT A", "bit-b", "Billing IT B");
    static final Optional<Set<String>> SCOPE = Optional.of(Set.of("bit-a", "bit-b", "bit-zz"));

    Database db;
    CallRecordStore store;

    @BeforeEach
    void open() throws Exception {
        db = Database.open(DbSettings.mariaDb(URL, "ascc", Secret.of("ascc"), 4));
        store = new CallRecordStore(db.dataSource());
        BillingFixture.cleanup(db.dataSource(), LEDGER, "bit-");
    }

    @AfterEach
    void cleanUp() throws Exception {
        BillingFixture.cleanup(db.dataSource(), LEDGER, "bit-");
        db.close();
    }

    MonthlyClose closer() {
        return new MonthlyClose(db.dataSource(), GUIDE, SEOUL, SurveyUsageSource.NONE,
                Clock.fixed(Instant.parse("2031-06-01T00:00:00Z"), ZoneOffset.UTC));
    }

    CloseResult close(YearMonth m) throws Exception {
        return closer().close(LEDGER, m, COMPANIES, SCOPE, msg -> { });
    }

    List<CallRecord> march() {
        List<CallRecord> all = new ArrayList<>();
        all.addAll(calls("bit-a-ans", "bit-a", CallOutcome.ANSWERED, 2_200, MARCH_10));
        all.addAll(calls("bit-a-abq", "bit-a", CallOutcome.ABANDONED_QUEUE, 12, MARCH_10));
        all.addAll(calls("bit-a-cl", "bit-a", CallOutcome.CLOSED, 4, MARCH_10));
        all.addAll(calls("bit-b-ans", "bit-b", CallOutcome.ANSWERED, 150, MARCH_10));
        all.addAll(calls("bit-b-cb", "bit-b", CallOutcome.CALLBACK_REQUESTED, 6, MARCH_10));
        return all;
    }

    @Test
    void replayingTheSameEventsTwiceChangesNothingAndTheMonthMatchesHandComputedTotals() throws Exception {
        store.upsert(march());
        store.upsert(march()); // the writer replays: same linked ids, same rows
        assertEquals(2_372, BillingFixture.count(db.dataSource(), "SELECT COUNT(*) FROM call_record WHERE linked_id LIKE ?", "bit-%"));

        CloseResult r = close(MARCH);
        BillingStore bs = new BillingStore(db.dataSource());
        Statement a = bs.statement(LEDGER, "bit-a", MARCH).orElseThrow();
        assertEquals(2_216, a.usage("offered"));
        assertEquals(2_200, a.usage("answered"));
        assertEquals(12, a.usage("abandoned"));
        assertEquals(4, a.usage("after-hours"));
        assertEquals("T5", a.tier());
        assertEquals(3_825_000, a.laborBasis());
        assertEquals(1_147_500, a.companyShare());
        assertEquals(2_677_500, a.governmentShare());
        assertEquals(1_197_500, a.totalDue());
        Statement b = bs.statement(LEDGER, "bit-b", MARCH).orElseThrow();
        assertEquals(6, b.usage("callbacks"));
        assertEquals(185_000, b.totalDue());
        assertEquals(1_382_500, r.summary().totalDue());
        assertEquals(2_372, r.summary().offered());

        // and closing again rewrites nothing
        CloseResult again = close(MARCH);
        assertTrue(again.alreadyClosed());
        assertEquals(r.summary(), again.summary());
        assertEquals(2, BillingFixture.count(db.dataSource(), "SELECT COUNT(*) FROM billing_statement WHERE ledger = ?", LEDGER));
    }

    @Test
    void aLateCallAfterTheCloseLandsAsNextMonthsAdjustment() throws Exception {
        store.upsert(march());
        close(MARCH);
        // the database was away: 60 answered calls of March arrive in April (and a replay of March on top)
        store.upsert(calls("bit-b-late", "bit-b", CallOutcome.ANSWERED, 60, MARCH_10.plusSeconds(3_600)));
        store.upsert(march());
        close(MARCH.plusMonths(1));
        Statement april = new BillingStore(db.dataSource()).statement(LEDGER, "bit-b", MARCH.plusMonths(1)).orElseThrow();
        assertEquals(1, april.adjustmentLines().size(), april.lines().toString());
        StatementLine adj = april.adjustmentLines().get(0);
        assertEquals(60, adj.quantity());
        assertEquals(202_500, adj.amount(), "T2 share 337,500 - T1 share 135,000 billed in March");
        assertEquals(185_000 + 202_500, april.totalDue());
        assertEquals(150, new BillingStore(db.dataSource()).statement(LEDGER, "bit-b", MARCH).orElseThrow().usage("answered"),
                "March is not edited");
        assertTrue(new BillingStore(db.dataSource()).statement(LEDGER, "bit-a", MARCH.plusMonths(1)).orElseThrow()
                .adjustmentLines().isEmpty(), "the replay added nothing");
    }

    @Test
    void aCompanyWithoutATierFailsTheCloseAndNothingIsWritten() throws Exception {
        store.upsert(march());
        store.upsert(calls("bit-zz", "bit-zz", CallOutcome.ANSWERED, 2, MARCH_10));
        BillingException e = assertThrows(BillingException.class, () -> close(MARCH));
        assertTrue(e.getMessage().contains("company 'bit-zz' has 2 call(s) in 2031-03 but no tier"), e.getMessage());
        for (String t : List.of("billing_close", "billing_statement", "billing_line", "billing_usage")) {
            assertEquals(0, BillingFixture.count(db.dataSource(), "SELECT COUNT(*) FROM " + t + " WHERE ledger = ?", LEDGER), t);
        }
    }
}
