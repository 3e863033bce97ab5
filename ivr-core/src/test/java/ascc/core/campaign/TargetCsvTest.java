package ascc.core.campaign;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TargetCsvTest {
    private static final String HEADER = "phone,name,consent,consent_date\r\n";

    private static TargetCsv.Result read(String text) throws IOException {
        return read(text.getBytes(StandardCharsets.UTF_8));
    }

    private static TargetCsv.Result read(byte[] bytes) throws IOException {
        return TargetCsv.read(new ByteArrayInputStream(bytes), n -> { });
    }

    @Test
    void readsGoodRowsWithQuotingAndNormalizesPhones() throws IOException {
        TargetCsv.Result r = read(HEADER
                + "010-1234-5678,Kim Minji,yes,2026-03-01\r\n"
                + "\"+82 10 2222 3333\",\"Lee, \"\"Jay\"\"\",YES,2026-01-31\n"
                + "0215880001,\"two\nlines\",no,\n");
        assertFalse(r.isBroken());
        assertEquals(List.of(), r.rejected());
        assertEquals(List.of(
                new TargetCsv.Target(2, "01012345678", "Kim Minji", true, Optional.of(LocalDate.of(2026, 3, 1))),
                new TargetCsv.Target(3, "01022223333", "Lee, \"Jay\"", true, Optional.of(LocalDate.of(2026, 1, 31))),
                new TargetCsv.Target(4, "0215880001", "two\nlines", false, Optional.empty())), r.accepted());
    }

    @Test
    void reportsEveryRejectedRowWithLineAndReasonAndImportsTheRest() throws IOException {
        TargetCsv.Result r = read(HEADER
                + "01012345678,A,yes,2026-03-01\n"      // 2 ok
                + "12345,B,yes,2026-03-01\n"            // 3 bad phone
                + "01099998888,C,yes,\n"                // 4 consent yes without date
                + "01012345678,D,no,\n"                 // 5 duplicate of line 2
                + "01077776666,E,yes\n"                 // 6 wrong column count
                + "01055554444,F,maybe,\n"              // 7 consent not yes/no
                + "01033332222,G,yes,2026-02-30\n"      // 8 impossible date
                + "\"01011110000\"x,H,no,\n"            // 9 stray character after closing quote
                + "\n"                                  // 10 blank: skipped
                + "0311234567,I,no,\n");                // 11 ok
        assertFalse(r.isBroken());
        assertEquals(List.of(2, 11), r.accepted().stream().map(TargetCsv.Target::line).toList());
        List<String> got = r.rejected().stream().map(TargetCsv.Rejection::toString).toList();
        assertEquals(7, got.size(), got.toString());
        assertTrue(got.get(0).startsWith("line 3: bad phone '***45'"), got.get(0));
        assertTrue(got.get(1).startsWith("line 4: missing consent date"), got.get(1));
        assertEquals("line 5: duplicate phone 010******78 (first at line 2)", got.get(2));
        assertTrue(got.get(3).startsWith("line 6: expected 4 columns"), got.get(3));
        assertEquals("line 7: consent must be yes or no, found 'maybe'", got.get(4));
        assertTrue(got.get(5).startsWith("line 8: bad consent date '2026-02-30'"), got.get(5));
        assertTrue(got.get(6).startsWith("line 9: character 'x' after a closing quote"), got.get(6));
    }

    @Test
    void wrongHeaderIsABrokenFileThatImportsNothing() throws IOException {
        TargetCsv.Result r = read("tel,name,consent,date\n01012345678,A,yes,2026-03-01\n");
        assertTrue(r.isBroken());
        assertEquals(List.of(), r.accepted());
        assertEquals(1, r.rejected().get(0).line());
    }

    @Test
    void nonUtf8FileImportsNothingAndReportsEveryBadLine() throws IOException {
        byte[] bytes = (HEADER + "01012345678,김민지,yes,2026-03-01\n01022223333,Lee,yes,2026-03-01\n01044445555,박,no,\n")
                .getBytes(Charset.forName("EUC-KR"));
        TargetCsv.Result r = read(bytes);
        assertTrue(r.isBroken());
        assertEquals(List.of(), r.accepted());
        assertEquals(List.of(2, 4), r.rejected().stream().map(TargetCsv.Rejection::line).toList());
        assertTrue(r.rejected().get(0).reason().contains("not UTF-8"));
    }

    @Test
    void unterminatedQuoteIsABrokenFile() throws IOException {
        TargetCsv.Result r = read(HEADER + "01012345678,A,yes,2026-03-01\n01022223333,\"Lee,yes,2026-03-01\n01033334444,B,no,\n");
        assertTrue(r.isBroken());
        assertEquals(List.of(), r.accepted());
        assertEquals(3, r.rejected().get(0).line());
    }

    @Test
    void skipsExcelByteOrderMarkAndAcceptsKoreanNames() throws IOException {
        TargetCsv.Result r = read("\uFEFF" + HEADER + "01012345678,김민지,yes,2026-03-01");
        assertFalse(r.isBroken());
        assertEquals("김민지", r.accepted().get(0).name());
    }

    @Test
    void emptyFileIsBroken() throws IOException {
        assertTrue(read("").isBroken());
    }

    @Test
    void parsesHundredThousandRowsAndReportsProgress() throws IOException {
        byte[] file = CampaignImportBenchmark.csv(100_000);
        List<Integer> progress = new ArrayList<>();
        TargetCsv.Result r = TargetCsv.read(new ByteArrayInputStream(file), progress::add);
        assertEquals(100_000, r.accepted().size());
        assertEquals(List.of(), r.rejected());
        assertEquals(10, progress.size());
        assertEquals(100_000, progress.get(9));
    }

    @Test
    void normalizesOnlyKoreanNumbers() {
        assertEquals(Optional.of("01012345678"), TargetCsv.normalizePhone("(010) 1234.5678"));
        assertEquals(Optional.of("0212345678"), TargetCsv.normalizePhone("82-2-1234-5678"));
        assertEquals(Optional.empty(), TargetCsv.normalizePhone("001-1-555-0100"));
        assertEquals(Optional.empty(), TargetCsv.normalizePhone("010-CALL-NOW"));
    }
}
