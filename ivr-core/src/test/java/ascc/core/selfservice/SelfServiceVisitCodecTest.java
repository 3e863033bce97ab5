package ascc.core.selfservice;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ascc.routing.selfservice.SelfServiceResult;
import ascc.routing.selfservice.SelfServiceVisit;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class SelfServiceVisitCodecTest {
    @Test
    void everyComponentSurvivesTheJournalLine() {
        assertEquals(SelfServiceVisit.class.getRecordComponents().length, SelfServiceVisitCodec.FIELDS,
                "a component was added to SelfServiceVisit: add it to SelfServiceVisitCodec (a new format tag)");
        for (SelfServiceVisit v : List.of(
                new SelfServiceVisit("1733456789.12", "hanbit", "home-appliances", List.of("case-status", "faq:reset"),
                        SelfServiceResult.RESOLVED, Instant.parse("2026-11-23T01:02:03.456Z")),
                new SelfServiceVisit("1733456789.13", "hanbit", null, List.of(), SelfServiceResult.ABANDONED,
                        Instant.parse("2026-11-23T01:02:04Z")))) {
            assertEquals(v, SelfServiceVisitCodec.INSTANCE.decode(SelfServiceVisitCodec.INSTANCE.encode(v)));
        }
    }
}
