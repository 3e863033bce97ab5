package ascc.routing.callbacks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CallbackLifecyclesTest {

    @Test
    void afterHoursCallbackGoesFromPendingThroughDialingToDone() {
        CallbackStatus s = AfterHoursCallbackStatus.PENDING;
        s = s.on(CallbackEvent.DUE_TIME);
        assertEquals(AfterHoursCallbackStatus.DUE, s);
        s = s.on(CallbackEvent.PLACE);
        assertEquals(AfterHoursCallbackStatus.QUEUED, s);
        s = s.on(CallbackEvent.AGENT_TOOK);
        assertEquals(AfterHoursCallbackStatus.CALLING, s);
        s = s.on(CallbackEvent.ANSWERED);
        assertEquals(AfterHoursCallbackStatus.DONE, s);
        assertTrue(s.terminal());
    }

    @Test
    void failedAttemptsRetryThenGiveUp() {
        for (CallbackStatus queued : new CallbackStatus[] {AfterHoursCallbackStatus.QUEUED, OverflowCallbackStatus.QUEUED,
            FollowUpStatus.QUEUED}) {
            CallbackStatus retry = queued.on(CallbackEvent.ATTEMPT_FAILED);
            assertEquals("RETRY", retry.name());
            assertEquals(queued, retry.on(CallbackEvent.PLACE), "the next attempt places it again");
            CallbackStatus calling = queued.on(CallbackEvent.AGENT_TOOK);
            assertEquals("RETRY", calling.on(CallbackEvent.ATTEMPT_FAILED).name());
            assertEquals("FAILED", calling.on(CallbackEvent.GAVE_UP).name());
            assertEquals("FAILED", retry.on(CallbackEvent.GAVE_UP).name(), "expired while waiting for the next attempt");
            assertEquals(queued.kind(), retry.kind(), "a lifecycle stays in its own type");
        }
    }

    @Test
    void pendingCannotBeDialedBeforeItIsDue() {
        assertEquals(Optional.empty(), AfterHoursCallbackStatus.PENDING.next(CallbackEvent.PLACE));
        assertEquals(Optional.empty(), FollowUpStatus.PENDING.next(CallbackEvent.AGENT_TOOK));
        assertThrows(IllegalStateException.class, () -> AfterHoursCallbackStatus.PENDING.on(CallbackEvent.ANSWERED));
    }

    @Test
    void onlyACallBeingMadeCanBeAnswered() {
        assertEquals(Optional.empty(), OverflowCallbackStatus.QUEUED.next(CallbackEvent.ANSWERED));
        assertEquals(Optional.empty(), OverflowCallbackStatus.RETRY.next(CallbackEvent.AGENT_TOOK));
        assertEquals(Optional.of(OverflowCallbackStatus.DONE), OverflowCallbackStatus.CALLING.next(CallbackEvent.ANSWERED));
    }

    @Test
    void overflowCallbacksHaveNoPendingOrDueStep() {
        assertEquals(EnumSet.allOf(OverflowCallbackStatus.class), EnumSet.of(OverflowCallbackStatus.QUEUED,
                OverflowCallbackStatus.CALLING, OverflowCallbackStatus.RETRY, OverflowCallbackStatus.DONE, OverflowCallbackStatus.FAILED));
        for (OverflowCallbackStatus s : OverflowCallbackStatus.values()) {
            assertEquals(Optional.empty(), s.next(CallbackEvent.DUE_TIME), s.name());
            assertEquals(Optional.empty(), s.next(CallbackEvent.SOLVED), s.name());
        }
    }

    @Test
    void onlyFollowUpsAreSolvedAndNotWhileBeingCalled() {
        assertEquals(EnumSet.of(FollowUpStatus.PENDING, FollowUpStatus.DUE, FollowUpStatus.DONE, FollowUpStatus.FAILED),
                FollowUpStatus.solvableFrom());
        assertEquals(Optional.empty(), FollowUpStatus.CALLING.next(CallbackEvent.SOLVED));
        assertEquals(Optional.empty(), FollowUpStatus.SOLVED.next(CallbackEvent.SOLVED), "solved once");
        assertTrue(FollowUpStatus.SOLVED.terminal());
        assertFalse(FollowUpStatus.DONE.terminal(), "a follow-up called back is still to be solved");
        for (AfterHoursCallbackStatus s : AfterHoursCallbackStatus.values()) {
            assertEquals(Optional.empty(), s.next(CallbackEvent.SOLVED), s.name());
        }
    }

    @Test
    void lifecyclesNeverMoveIntoEachOther() {
        assertFalse(AfterHoursCallbackStatus.DUE.canMoveTo(FollowUpStatus.QUEUED));
        assertFalse(OverflowCallbackStatus.CALLING.canMoveTo(AfterHoursCallbackStatus.DONE));
        assertFalse(FollowUpStatus.DONE.canMoveTo(AfterHoursCallbackStatus.DONE));
    }

    @Test
    void doneAndFailedEndTheCallbacks() {
        for (CallbackStatus s : new CallbackStatus[] {AfterHoursCallbackStatus.DONE, AfterHoursCallbackStatus.FAILED,
            OverflowCallbackStatus.DONE, OverflowCallbackStatus.FAILED}) {
            assertTrue(s.terminal(), s.kind() + " " + s.name());
            assertFalse(s.beingDialed());
        }
        assertTrue(OverflowCallbackStatus.RETRY.beingDialed());
        assertFalse(AfterHoursCallbackStatus.DUE.beingDialed());
    }

    @Test
    void storedRowsAreReadIntoTheirOwnLifecycle() {
        assertEquals(AfterHoursCallbackStatus.PENDING, CallbackKind.of(null, false).status("PENDING"));
        assertEquals(AfterHoursCallbackStatus.DUE, CallbackKind.of("AFTER_HOURS", false).status("DUE"));
        assertEquals(FollowUpStatus.SOLVED, CallbackKind.of("AFTER_HOURS", true).status("SOLVED"));
        assertEquals(OverflowCallbackStatus.CALLING, CallbackKind.of("OVERFLOW", false).status("CALLING"));
        assertThrows(IllegalArgumentException.class, () -> CallbackKind.OVERFLOW.status("PENDING"));
        assertThrows(IllegalArgumentException.class, () -> CallbackKind.AFTER_HOURS.status("SOLVED"));
        assertThrows(IllegalArgumentException.class, () -> CallbackKind.of("LATER", false));
        assertEquals("AFTER_HOURS", CallbackKind.FOLLOW_UP.column(), "follow-ups keep the column's default");
        assertEquals("OVERFLOW", CallbackKind.OVERFLOW.column());
    }
}
