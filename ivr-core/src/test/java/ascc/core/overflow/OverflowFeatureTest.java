package ascc.core.overflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import ascc.routing.calls.CallOutcome;
import ascc.routing.config.OverflowConfig;
import org.junit.jupiter.api.Test;

class OverflowFeatureTest {
    @Test
    void aCallerMovedOutOfTheQueueIsRecordedWithWhatTheStepOffered() {
        assertEquals(CallOutcome.CALLBACK_REQUESTED, OverflowFeature.plannedOutcome(new OverflowConfig.OfferCallback()));
        assertEquals(CallOutcome.VOICEMAIL, OverflowFeature.plannedOutcome(new OverflowConfig.Voicemail()));
        assertEquals(CallOutcome.OVERFLOW_PARTNER, OverflowFeature.plannedOutcome(new OverflowConfig.Partner("0215880000")));
    }

    @Test
    void stepsThatKeepTheCallerInTheQueuePlanNothing() {
        assertNull(OverflowFeature.plannedOutcome(new OverflowConfig.AddAgentsOf("digital")));
        assertNull(OverflowFeature.plannedOutcome(new OverflowConfig.Widen(3)));
    }
}
