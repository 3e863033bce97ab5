package ascc.core.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ivr billing ...} through {@link Main}, on a copy of the shipped conf/ with an embedded database. */
class BillingCommandTest {
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

    String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void closePrintsProgressAndSummaryAndAgainChangesNothing() throws Exception {
        assertEquals(0, ivr("billing", "close", "--month", "2026-10"), err());
        assertTrue(out().contains("closing 2026-10 (ledger main, time zone Asia/Seoul, "), out());
        assertTrue(out().contains("  metering 2026-10"), out());
        assertTrue(out().contains("summary 2026-10: "), out());
        assertTrue(out().contains("total due "), out());
        out.reset();
        assertEquals(0, ivr("billing", "close", "--month", "2026-10"), err());
        assertTrue(out().contains("2026-10 was already closed at"), out());
        assertTrue(out().contains("nothing was changed"), out());
    }

    @Test
    void statementAsTextHtmlAndCsvAfterTheClose() throws Exception {
        assertEquals(0, ivr("billing", "close", "--month", "2026-10"), err());
        out.reset();
        assertEquals(0, ivr("billing", "statement", "--company", "hanbit", "--month", "2026-10"), err());
        assertTrue(out().contains("statement 2026-10 for "), out());
        assertTrue(out().contains("TOTAL DUE"), out());
        assertTrue(out().contains("185,000 KRW"), "T1 company share 135,000 + base fee 50,000: " + out());
        Path html = dir.resolve("hanbit.html");
        assertEquals(0, ivr("billing", "statement", "--company", "hanbit", "--month", "2026-10", "--format", "html", "--out",
                html.toString()), err());
        assertTrue(Files.readString(html).contains("<h1>Monthly statement 2026-10</h1>"));
        out.reset();
        assertEquals(0, ivr("billing", "statement", "--month", "2026-10", "--format", "csv"), err());
        assertTrue(out().startsWith("month,company_id,company_name,tier,"), out());
        assertTrue(out().contains("\r\n2026-10,hanbit,"), out());
    }

    @Test
    void depositOfACompanyWithoutUsageIsTheMinimum() {
        assertEquals(0, ivr("billing", "deposit", "--company", "hanbit"), err());
        assertTrue(out().contains("usage 2025-11..2026-10, 0 month(s) with calls"), out());
        assertTrue(out().contains("deposit: 4 x monthly fee, raised to the minimum = 3,000,000 KRW"), out());
        assertEquals(1, ivr("billing", "deposit", "--company", "nobody"));
        assertTrue(err().contains("unknown company 'nobody'"), err());
    }

    @Test
    void unknownMonthIsAUsageErrorAndNothingIsWritten() {
        assertEquals(2, ivr("billing", "close", "--month", "2026-13"));
        assertTrue(err().contains("option --month: unknown month '2026-13' (expected YYYY-MM with month 01..12, e.g. 2026-10)"), err());
        assertEquals(2, ivr("billing", "close", "--month", "Oct 2026"));
        assertFalse(Files.exists(dir.resolve("db")), "the database was not even opened");
    }

    @Test
    void overlappingBandInBillingYamlIsReportedWithLineAndNothingIsWritten() throws Exception {
        Path billing = conf.resolve("billing.yaml");
        Files.writeString(billing, Files.readString(billing).replace("{ name: T2, from: 200,", "{ name: T2, from: 180,"));
        assertEquals(1, ivr("billing", "close", "--month", "2026-10"));
        assertTrue(err().contains("problem(s) in " + conf + "; nothing was done:"), err());
        assertTrue(err().matches("(?s).*billing\\.yaml:\\d+: tiers\\[1\\]\\.from: band of tier T2 starts at 180 and overlaps tier T1.*"),
                err());
        assertFalse(Files.exists(dir.resolve("db")), "the database was not even opened");
    }

    @Test
    void statementOfAnOpenMonthSaysCloseFirst() {
        assertEquals(1, ivr("billing", "statement", "--company", "hanbit", "--month", "2026-09"));
        assertTrue(err().contains("2026-09 is not closed (ledger main); close it first: ivr billing close --month 2026-09"), err());
    }

    @Test
    void missingSubcommandAndUnknownOptionAreUsageErrors() {
        assertEquals(2, ivr("billing", "reopen"));
        assertTrue(err().contains("unknown billing subcommand 'reopen'"), err());
        assertEquals(2, ivr("billing", "statement", "--month", "2026-10"));
        assertTrue(err().contains("needs --company X"), err());
    }
}
