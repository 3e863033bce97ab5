package ascc.core.campaign;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DialabilityTest {
    private final Dialability.DoNotCallList dnc = new Dialability.DoNotCallList(Set.of("01000000001"),
            Map.of("hanbit", Set.of("01000000002")));

    @Test
    void consentingTargetNotOnAnyListIsDialable() {
        assertEquals(Dialability.DIALABLE, Dialability.of("hanbit", "01012345678", true, dnc));
    }

    @Test
    void withoutConsentNobodyIsDialed() {
        assertEquals(Dialability.NO_CONSENT, Dialability.of("hanbit", "01012345678", false, dnc));
    }

    @Test
    void globalDoNotCallWinsOverConsent() {
        assertEquals(Dialability.DO_NOT_CALL, Dialability.of("hanbit", "01000000001", true, dnc));
        assertEquals(Dialability.DO_NOT_CALL, Dialability.of("sori-audio", "01000000001", true, dnc));
    }

    @Test
    void companyDoNotCallBindsOnlyThatCompany() {
        assertEquals(Dialability.DO_NOT_CALL, Dialability.of("hanbit", "01000000002", true, dnc));
        assertEquals(Dialability.DIALABLE, Dialability.of("sori-audio", "01000000002", true, dnc));
    }
}
