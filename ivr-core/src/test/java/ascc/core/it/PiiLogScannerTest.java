package ascc.core.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import ascc.routing.Phones;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PiiLogScannerTest {
    private final PiiLogScanner scanner = new PiiLogScanner(Set.of("01055501234", "0105553000"));

    @Test
    void collectsCustomersNumbersInAnyFormatButNotCompanyNumbers() {
        assertEquals(Set.of("01055501234", "01011112222", "01033334444"),
                PiiLogScanner.numbersIn("call(\"0700000001\", \"01055501234\") +82 10-1111-2222 \"010 3333 4444\" 0215550000"));
    }

    @Test
    void findsANumberInEveryFormat() {
        for (String leak : new String[] {"from 01055501234", "from 010-5550-1234", "to +82 10 5550 1234",
            "Local/01055501234@ascc-outbound-00000001;1", "PJSIP/trunk-01055501234", "n=+821055501234", "x 01055530007 y"}) {
            String masked = scanner.leakMasked(leak);
            assertEquals(Phones.maskText(masked), masked, leak);
            assertEquals(-1, masked.indexOf("5550"), masked);
        }
    }

    @Test
    void maskedNumbersAndOtherDigitsAreNoLeak() {
        assertNull(scanner.leakMasked("from 010******34 and 010-****-**34, uniqueid 1733456789.12 at 2026-12-06 07:10:00"));
        assertNull(scanner.leakMasked("company 0700000001 partner 0215550000"));
    }
}
