package ascc.core.billing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.YearMonth;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class BillingExportCsvTest {
    private static Statement statement(String id, String name) {
        return new Statement("main", id, name, YearMonth.of(2026, 10), "T1", 1_000, 100, 70, 30, 50_000, 0, -5_000, 75_030,
                Instant.parse("2026-11-01T00:00:00Z"), List.of());
    }

    @Test
    void cellsASpreadsheetWouldRunAsAFormulaAreWrittenAsText() {
        String csv = BillingExport.csv(List.of(statement("acme", "=HYPERLINK(\"http://x\",\"pay\")"),
                statement("b", "+1"), statement("c", "-2+3"), statement("d", "@SUM(A1)"), statement("e", "\tx")));
        String[] rows = csv.split("\r\n");
        assertTrue(rows[1].startsWith("2026-10,acme,\"'=HYPERLINK(\"\"http://x\"\",\"\"pay\"\")\",T1,"), rows[1]);
        assertTrue(rows[2].startsWith("2026-10,b,'+1,T1,"), rows[2]);
        assertTrue(rows[3].startsWith("2026-10,c,'-2+3,T1,"), rows[3]);
        assertTrue(rows[4].startsWith("2026-10,d,'@SUM(A1),T1,"), rows[4]);
        assertTrue(rows[5].startsWith("2026-10,e,'\tx,T1,"), rows[5]);
        assertTrue(rows[1].contains(",-5000,75030,"), "our own negative amounts stay numbers: " + rows[1]);
        assertEquals("Hanbit-Electric", BillingExport.cell("Hanbit-Electric"));
    }

    @Test
    void writesUtf8WithOrWithoutBomAndCp949() throws BillingException {
        List<Statement> s = List.of(statement("hanbit", "한빛전자"));
        String csv = BillingExport.csv(s);
        assertArrayEquals(csv.getBytes(StandardCharsets.UTF_8), BillingExport.csvBytes(s, BillingExport.Encoding.UTF_8));
        byte[] bom = BillingExport.csvBytes(s, BillingExport.Encoding.UTF_8_BOM);
        assertArrayEquals(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, Arrays.copyOf(bom, 3));
        byte[] cp949 = BillingExport.csvBytes(s, BillingExport.Encoding.CP949);
        assertEquals(csv, new String(cp949, Charset.forName("x-windows-949")));
        BillingException e = assertThrows(BillingException.class,
                () -> BillingExport.csvBytes(List.of(statement("emoji", "Smile \uD83D\uDE00")), BillingExport.Encoding.CP949));
        assertTrue(e.getMessage().contains("company emoji's name cannot be written in CP949"), e.getMessage());
    }
}
