package ascc.core.billing;

import static ascc.core.billing.BillingFixture.GUIDE;
import static ascc.core.billing.BillingFixture.SEOUL;
import static ascc.core.billing.BillingFixture.calls;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ascc.routing.calls.CallOutcome;
import ascc.core.calls.CallRecord;
import ascc.core.calls.CallRecordStore;
import ascc.core.cdr.AsteriskCallStore;
import ascc.core.db.Database;
import ascc.core.db.DbSettings;
import ascc.routing.cdr.CdrLeg;
import ascc.routing.config.Secret;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Reconciliation against MariaDB: Asterisk's CDR legs merged into asterisk_call (twice, reordered) next to the engine's
 * records; the closed month counts each linkedid once, and a call only Asterisk saw that arrives after the close becomes next
 * month's adjustment. Own ledger and linked-id prefix ({@code bic-}), cleaned before and after.
 */
class CdrReconcileMariaDbIT {
    static final String LEDGER = "it-billing-cdr";
    static final String PREFIX = "bic-";
    static final YearMonth MAY = YearMonth.of(2031, 5);
    static final Instant MAY_10 = Instant.parse("2031-05-10T03:00:00Z");
    static final Map<String, String> COMPANIES = Map.of("bic-a", "CDR IT A");
    static final Optional<Set<String>> SCOPE = Optional.of(Set.of("bic-a"));

    Database db;
    CallRecordStore engine;
    AsteriskCallStore asterisk;

    @BeforeEach
    void open() throws Exception {
        db = Database.open(DbSettings.mariaDb(BillingMariaDbIT.URL, "ascc", Secret.of("ascc"), 4));
        engine = new CallRecordStore(db.dataSource());
        asterisk = new AsteriskCallStore(db.dataSource());
        cleanup();
    }

    @AfterEach
    void close() throws Exception {
        cleanup();
        db.close();
    }

    void cleanup() throws Exception {
        BillingFixture.cleanup(db.dataSource(), LEDGER, PREFIX);
        try (Connection c = db.dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("DELETE FROM asterisk_call WHERE linked_id LIKE ?")) {
            ps.setString(1, PREFIX + "%");
            ps.executeUpdate();
        }
    }

    CloseResult close(YearMonth m) throws Exception {
        return new MonthlyClose(db.dataSource(), GUIDE, SEOUL, SurveyUsageSource.NONE,
                Clock.fixed(Instant.parse("2031-08-01T00:00:00Z"), ZoneOffset.UTC)).close(LEDGER, m, COMPANIES, SCOPE, msg -> { });
    }

    /** Asterisk's legs of a call: the IVR part, the agent rung without answer, the agent who answered (if any). */
    static List<CdrLeg> legs(String linked, Instant start, boolean answered) {
        List<CdrLeg> out = new ArrayList<>();
        out.add(new CdrLeg(linked, linked, "PJSIP/trunk-1", "", "01012345678", "0700000009", "ANSWERED", start,
                start, start.plusSeconds(20), 20));
        out.add(new CdrLeg(linked, linked, "PJSIP/trunk-1", "PJSIP/2102-1", "01012345678", "0700000009", "NO ANSWER",
                start.plusSeconds(20), null, start.plusSeconds(25), 0));
        if (answered) {
            out.add(new CdrLeg(linked, linked, "PJSIP/trunk-1", "PJSIP/2101-1", "01012345678", "0700000009",
                    "ANSWERED", start.plusSeconds(20), start.plusSeconds(25), start.plusSeconds(85), 60));
        }
        return out;
    }

    /** Merges legs as the engine does, 0700000009 being company bic-a's number. */
    void merge(List<CdrLeg> legs) throws Exception {
        asterisk.merge(legs, number -> Optional.of("bic-a").filter(c -> "0700000009".equals(number)), "it");
    }

    @Test
    void cdrsMergedTwiceInAnyOrderCountEachLinkedIdOnceOnTheClosedMonth() throws Exception {
        List<CallRecord> records = calls(PREFIX + "e", "bic-a", CallOutcome.ANSWERED, 40, MAY_10);
        engine.upsert(records);
        List<CdrLeg> all = new ArrayList<>();
        for (CallRecord r : records) {
            all.addAll(legs(r.linkedId(), r.enteredAt(), true)); // the same calls as Asterisk saw them
        }
        for (int i = 0; i < 7; i++) {
            all.addAll(legs(PREFIX + "fb-" + i, MAY_10.plusSeconds(i), i < 5)); // engine down: fallback queue
        }
        engine.upsert(calls(PREFIX + "nc", null, CallOutcome.ANSWERED, 3, MAY_10)); // followed over AMI without a company
        for (int i = 0; i < 3; i++) {
            all.addAll(legs(PREFIX + "nc-" + i, MAY_10, true));
        }
        merge(all);
        AsteriskCallStore.AsteriskCall sample = asterisk.find(PREFIX + "fb-0").orElseThrow();
        List<CdrLeg> again = new ArrayList<>(all);
        Collections.reverse(again);
        merge(again); // replayed, in reverse order
        assertEquals(sample, asterisk.find(PREFIX + "fb-0").orElseThrow(), "replay changed nothing");
        assertEquals(new AsteriskCallStore.AsteriskCall(PREFIX + "fb-0", "bic-a", "0700000009", "01012345678", MAY_10, true, 60_000,
                "ANSWERED"), sample);

        close(MAY);
        Statement s = new BillingStore(db.dataSource()).statement(LEDGER, "bic-a", MAY).orElseThrow();
        assertEquals(40 + 7 + 3, s.usage("offered"), s.lines().toString());
        assertEquals(40 + 5 + 3, s.usage("answered"), s.lines().toString());
        assertEquals(2, s.usage("abandoned"), s.lines().toString());
    }

    @Test
    void aCallOnlyAsteriskSawArrivingAfterTheCloseIsNextMonthsAdjustment() throws Exception {
        engine.upsert(calls(PREFIX + "e", "bic-a", CallOutcome.ANSWERED, 10, MAY_10));
        close(MAY);
        // the database was away: Asterisk's CDRs of two May fallback calls arrive (from the spool) in June
        merge(legs(PREFIX + "late-1", MAY_10.plusSeconds(60), true));
        merge(legs(PREFIX + "late-2", MAY_10.plusSeconds(90), true));
        close(MAY.plusMonths(1));
        Statement june = new BillingStore(db.dataSource()).statement(LEDGER, "bic-a", MAY.plusMonths(1)).orElseThrow();
        assertEquals(1, june.adjustmentLines().size(), june.lines().toString());
        assertEquals(2, june.adjustmentLines().get(0).quantity(), "2 more answered calls of May");
        assertTrue(june.adjustmentLines().get(0).description().contains("late usage of " + MAY), june.lines().toString());
        assertEquals(10, new BillingStore(db.dataSource()).statement(LEDGER, "bic-a", MAY).orElseThrow().usage("answered"),
                "May is not edited");
    }
}
