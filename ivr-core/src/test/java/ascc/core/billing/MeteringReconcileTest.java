package ascc.core.billing;

import static ascc.core.billing.BillingFixture.SEOUL;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ascc.routing.calls.CallOutcome;
import ascc.core.calls.CallRecord;
import ascc.core.calls.CallRecordStore;
import ascc.core.cdr.AsteriskCallStore;
import ascc.routing.cdr.CdrLeg;
import ascc.core.db.Database;
import ascc.core.db.DbSettings;
import ascc.routing.billing.Usage;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Metering joins the engine's call records with Asterisk's view (asterisk_call) so that every linkedid counts once. */
class MeteringReconcileTest {
    static final YearMonth OCT = YearMonth.of(2026, 10);
    static final Instant OCT_5 = Instant.parse("2026-10-05T01:00:00Z");

    @TempDir
    Path dir;
    Database db;
    CallRecordStore engine;
    AsteriskCallStore asterisk;

    @BeforeEach
    void open() {
        db = Database.open(DbSettings.embedded(dir.resolve("ascc").toString(), 4));
        engine = new CallRecordStore(db.dataSource());
        asterisk = new AsteriskCallStore(db.dataSource());
    }

    @AfterEach
    void close() {
        db.close();
    }

    static CdrLeg leg(String linked, Instant start, boolean agentAnswered, String dialed) {
        return new CdrLeg(linked, linked, "PJSIP/trunk-1", agentAnswered ? "PJSIP/2101-1" : "", "01012345678", dialed,
                agentAnswered ? "ANSWERED" : "NO ANSWER", start, agentAnswered ? start.plusSeconds(10) : null, start.plusSeconds(70),
                agentAnswered ? 60 : 0);
    }

    void asteriskSaw(String linked, Instant start, boolean agentAnswered, String company) throws SQLException {
        asterisk.merge(List.of(leg(linked, start, agentAnswered, "0700000001")), number -> Optional.ofNullable(company), "n1");
    }

    Map<String, Usage> october() throws SQLException {
        try (Connection c = db.dataSource().getConnection()) {
            return Metering.usage(c, BillingMonth.start(OCT, SEOUL), BillingMonth.end(OCT, SEOUL), Optional.empty());
        }
    }

    @Test
    void aCallSeenByTheEngineAndByAsteriskCountsOnce() throws SQLException {
        List<CallRecord> calls = BillingFixture.calls("both", "acme", CallOutcome.ANSWERED, 3, OCT_5);
        engine.upsert(calls);
        for (CallRecord r : calls) {
            asteriskSaw(r.linkedId(), r.enteredAt(), true, "acme");
        }
        Usage u = october().get("acme");
        assertEquals(3, u.offered());
        assertEquals(3, u.answered());
        assertEquals(3 * 60_000, u.talkMs(), "the engine's talk time, not added to Asterisk's");
    }

    @Test
    void callsOnlyAsteriskSawCountAnsweredOrAbandonedFromTheirDisposition() throws SQLException {
        engine.upsert(BillingFixture.calls("eng", "acme", CallOutcome.ANSWERED, 2, OCT_5));
        asteriskSaw("ast-1", OCT_5, true, "acme");
        asteriskSaw("ast-2", OCT_5, false, "acme");
        asteriskSaw("ast-3", OCT_5, true, null); // shared number with the engine down: nobody knows the company
        Map<String, Usage> m = october();
        assertEquals(new Usage(4, 3, 1, 0, 0, 0, 2 * 60_000 + 60_000, 0, 0, 0), m.get("acme"));
        assertEquals(1, m.get(Metering.UNATTRIBUTED).offered());
    }

    @Test
    void anEngineRecordWithoutCompanyTakesTheCompanyAndAFallbackTheAnswerFromAsterisk() throws SQLException {
        List<CallRecord> fallback = new ArrayList<>(BillingFixture.calls("fb", null, CallOutcome.FALLBACK, 2, OCT_5));
        engine.upsert(fallback);
        asteriskSaw("fb-0", OCT_5, true, "acme");
        asteriskSaw("fb-1", OCT_5, false, "acme");
        engine.upsert(BillingFixture.calls("nc", null, CallOutcome.ANSWERED, 1, OCT_5)); // followed over AMI, no company
        asteriskSaw("nc-0", OCT_5, true, "bravo");
        Map<String, Usage> m = october();
        assertEquals(2, m.get("acme").offered());
        assertEquals(1, m.get("acme").answered(), "answered as Asterisk saw it");
        assertEquals(1, m.get("acme").abandoned());
        assertEquals(1, m.get("bravo").answered(), "the engine's outcome, Asterisk's company");
        assertEquals(null, m.get(Metering.UNATTRIBUTED), "nothing left unattributed: " + m);
    }

    @Test
    void anAsteriskOnlyCallCountsInTheMonthItStartedInTheProgramZone() throws SQLException {
        asteriskSaw("late-oct", Instant.parse("2026-10-31T14:59:59Z"), true, "acme"); // 23:59:59 Oct 31 in Seoul
        asteriskSaw("early-nov", Instant.parse("2026-10-31T15:00:00Z"), true, "acme"); // 00:00 Nov 1 in Seoul
        asteriskSaw("early-oct", Instant.parse("2026-09-30T15:00:00Z"), true, "acme"); // 00:00 Oct 1 in Seoul
        assertEquals(2, october().get("acme").offered());
    }

    @Test
    void aCompanyScopeCountsItsAsteriskOnlyCallsAndIgnoresOthers() throws SQLException {
        asteriskSaw("s-1", OCT_5, true, "acme");
        asteriskSaw("s-2", OCT_5, true, "bravo");
        engine.upsert(BillingFixture.calls("s-nc", null, CallOutcome.ANSWERED, 1, OCT_5));
        asteriskSaw("s-nc-0", OCT_5, true, "acme");
        try (Connection c = db.dataSource().getConnection()) {
            Map<String, Usage> m = Metering.usage(c, BillingMonth.start(OCT, SEOUL), BillingMonth.end(OCT, SEOUL),
                    Optional.of(Set.of("acme")));
            assertEquals(Set.of("acme"), m.keySet());
            assertEquals(2, m.get("acme").offered());
        }
    }
}
