package ascc.routing.campaign;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class TargetStatusTest {

    @Test
    void storedValuesStayTheOnesInTheDatabase() {
        assertEquals(List.of("pending", "no-consent", "dialing", "retry", "do-not-call", "completed", "partial", "refused",
                "no-answer", "busy", "failed", "invalid-number"),
                EnumSet.allOf(TargetStatus.class).stream().map(TargetStatus::id).toList());
        for (TargetStatus s : TargetStatus.values()) {
            assertEquals(s, TargetStatus.ofId(s.id()));
        }
        assertThrows(IllegalArgumentException.class, () -> TargetStatus.ofId("PENDING"));
    }

    @Test
    void everyFinalOutcomeIsAStatusOfItsOwn() {
        for (TargetOutcome o : TargetOutcome.values()) {
            assertEquals(o.id(), TargetStatus.of(o).id());
            assertTrue(TargetStatus.DIALING.canMoveTo(TargetStatus.of(o)), o.name());
            assertTrue(TargetStatus.of(o).terminal(), o.name());
        }
    }

    @Test
    void aTargetIsDialedFromPendingOrRetryOnly() {
        assertEquals(EnumSet.of(TargetStatus.PENDING, TargetStatus.RETRY),
                EnumSet.copyOf(EnumSet.allOf(TargetStatus.class).stream().filter(TargetStatus::claimable).toList()));
        assertEquals("'pending', 'retry'", TargetStatus.sqlFrom(TargetStatus.DIALING));
        assertFalse(TargetStatus.NO_CONSENT.canMoveTo(TargetStatus.DIALING), "never dialed without consent");
        assertFalse(TargetStatus.DIALING.canMoveTo(TargetStatus.DIALING), "one attempt at a time");
    }

    @Test
    void anAttemptEndsInRetryOrAFinalOutcome() {
        assertTrue(TargetStatus.DIALING.canMoveTo(TargetStatus.RETRY));
        assertTrue(TargetStatus.RETRY.canMoveTo(TargetStatus.DIALING));
        assertFalse(TargetStatus.DIALING.canMoveTo(TargetStatus.PENDING), "an attempt never makes a target new again");
        assertFalse(TargetStatus.PENDING.canMoveTo(TargetStatus.COMPLETED), "no outcome without an attempt");
    }

    @Test
    void reImportSwapsOnlyConsentOfTargetsNotDialedYet() {
        assertEquals("'pending', 'no-consent'", TargetStatus.sqlFrom(TargetStatus.PENDING));
        assertEquals("'pending', 'no-consent'", TargetStatus.sqlFrom(TargetStatus.NO_CONSENT));
        assertTrue(TargetStatus.NO_CONSENT.canMoveTo(TargetStatus.PENDING));
        assertTrue(TargetStatus.PENDING.canMoveTo(TargetStatus.NO_CONSENT));
        assertFalse(TargetStatus.RETRY.canMoveTo(TargetStatus.NO_CONSENT), "a target being dialed stays so");
    }

    @Test
    void doNotCallIsFoundWhenClaimedAndEndsTheTarget() {
        assertEquals("'pending', 'retry'", TargetStatus.sqlFrom(TargetStatus.DO_NOT_CALL));
        assertTrue(TargetStatus.DO_NOT_CALL.terminal());
        assertFalse(TargetStatus.DO_NOT_CALL.claimable());
    }
}
