package ascc.core.campaign;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The import's limits, streaming and encodings. */
class TargetCsvLimitsTest {
    private static final String HEADER = "phone,name,consent,consent_date\n";
    private static final TargetCsv.Limits SMALL = new TargetCsv.Limits(10_000, 3, 20, 40);

    private static TargetCsv.Scan scan(String text, TargetCsv.Limits limits, List<TargetCsv.Target> sink) throws IOException {
        return TargetCsv.scan(new StringReader(text), limits, sink::add, n -> { });
    }

    @Test
    void fieldOrRowOverTheLimitIsARejectedRowWithItsLine() throws IOException {
        List<TargetCsv.Target> got = new ArrayList<>();
        TargetCsv.Scan s = scan(HEADER + "01011112222,A,no,\n01022223333," + "x".repeat(5_000) + ",no,\n"
                + "01033334444,\"" + "y,".repeat(30) + "\",no,\n", SMALL, got);
        assertFalse(s.isBroken());
        assertEquals(1, got.size());
        assertEquals("line 3: field 2 longer than 20 characters", s.rejected().get(0).toString());
        assertEquals("line 4: field 2 longer than 20 characters", s.rejected().get(1).toString());
        TargetCsv.Scan row = scan(HEADER + "01011112222,abcdefghijklmnopq,no,2026-03-01" + ",".repeat(30) + "\n", SMALL,
                new ArrayList<>());
        assertEquals("line 2: more than 20 columns", row.rejected().get(0).toString());
    }

    @Test
    void tooManyRowsOrCharactersIsABrokenFile() throws IOException {
        String rows = HEADER + "01011112222,A,no,\n01011112223,A,no,\n01011112224,A,no,\n01011112225,A,no,\n";
        TargetCsv.Scan s = scan(rows, SMALL, new ArrayList<>());
        assertTrue(s.isBroken());
        assertEquals("more than 3 rows (line 5); split the file", s.broken().get());
        TargetCsv.Scan big = scan(rows, new TargetCsv.Limits(60, 10, 20, 40), new ArrayList<>());
        assertTrue(big.isBroken());
        assertTrue(big.broken().get().startsWith("the file is larger than 60 characters"), big.broken().get());
    }

    @Test
    void aHugeFieldIsNeverHeldInMemory() throws IOException {
        // 50 million characters in one quoted field: the reader keeps the first 20 and skips the rest
        Reader endless = new Reader() {
            private long left = 50_000_000;
            private final String head = HEADER + "01011112222,\"";

            private int pos;

            @Override
            public int read(char[] buf, int off, int len) {
                int n = 0;
                while (n < len && pos < head.length()) {
                    buf[off + n++] = head.charAt(pos++);
                }
                while (n < len && left > 0) {
                    buf[off + n++] = 'z';
                    left--;
                }
                return n == 0 ? -1 : n;
            }

            @Override
            public void close() {
            }
        };
        TargetCsv.Scan s = TargetCsv.scan(endless, TargetCsv.Limits.DEFAULT, t -> { }, n -> { });
        assertTrue(s.isBroken());
        assertTrue(s.broken().get().contains("never closed"), s.broken().get());
    }

    @Test
    void rejectionsAreCountedButOnlyTheFirstThousandKept() throws IOException {
        StringBuilder sb = new StringBuilder(HEADER);
        for (int i = 0; i < 1_500; i++) {
            sb.append("bad,A,no,\n");
        }
        TargetCsv.Scan s = scan(sb.toString(), TargetCsv.Limits.DEFAULT, new ArrayList<>());
        assertEquals(1_500, s.rejectedCount());
        assertEquals(TargetCsv.KEEP_REJECTIONS, s.rejected().size());
    }

    @Test
    void tellsUtf8WithAndWithoutBomFromKoreanExcelsCp949() throws IOException {
        String text = HEADER + "010-1111-2222,김민지,yes,2026-03-01\n";
        assertEquals(StandardCharsets.UTF_8, charset(text.getBytes(StandardCharsets.UTF_8)));
        assertEquals(StandardCharsets.UTF_8, charset(("\uFEFF" + text).getBytes(StandardCharsets.UTF_8)));
        byte[] cp949 = text.getBytes(TargetCsv.CP949);
        assertEquals(TargetCsv.CP949, charset(cp949));
        List<TargetCsv.Target> got = new ArrayList<>();
        TargetCsv.Scan s = TargetCsv.scan(TargetCsv.reader(new ByteArrayInputStream(cp949), TargetCsv.CP949),
                TargetCsv.Limits.DEFAULT, got::add, n -> { });
        assertFalse(s.isBroken());
        assertEquals("김민지", got.get(0).name());
        assertEquals("01011112222", got.get(0).phone());
    }

    private static java.nio.charset.Charset charset(byte[] bytes) throws IOException {
        return TargetCsv.charsetOf(new ByteArrayInputStream(bytes));
    }
}
