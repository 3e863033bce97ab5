package ascc.core.calls;

import ascc.routing.calls.CallOutcome;
import java.time.Instant;

/** Sample records for tests. */
final class CallRecords {
    static final Instant T0 = Instant.parse("2025-06-02T01:02:03.456Z");

    private CallRecords() {
    }

    static CallRecord answered(String linkedId) {
        return new CallRecord(linkedId, linkedId + ".1", "acme", "kitchen", "repair", "desk-a", "q-desk-a", "1001",
            "15881234", "01012345678", T0, T0.plusSeconds(20), T0.plusSeconds(200), 20_000L, 180_000L, CallOutcome.ANSWERED,
            "company acme -> desk-a (category kitchen)", "node-1");
    }

    static CallRecord entered(String linkedId) {
        return new CallRecord(linkedId, null, null, null, null, null, null, null, null, null, T0, null, null, null, null,
            CallOutcome.ABANDONED_IVR, null, null);
    }

    /** A record with a value longer than its column: company_id is VARCHAR(32); stored cut and flagged. */
    static CallRecord tooLong(String linkedId) {
        return new CallRecord(linkedId, null, "x".repeat(40), null, null, null, null, null, null, null, T0, null, null, null, null,
            CallOutcome.FALLBACK, null, null);
    }
}
