package ascc.routing.report;

import ascc.routing.calls.CallOutcome;
import java.time.Instant;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * One call as the traffic report sees it (a row of {@code call_record} plus its overflow steps).
 *
 * @param companyId company, or null when the caller never reached one
 * @param deskId desk, or null when the call never reached one (e.g. hung up in the IVR before the menus ended)
 * @param enteredAt when the call reached the engine (the report's hour and day are this instant's, in the center's zone)
 * @param outcome how the call ended ({@code call_record.outcome})
 * @param waitMs queue wait until answer or hang-up (from entering the engine when never queued); null counts as 0
 * @param talkMs talk time of an answered call; null counts as 0
 * @param overflowSteps numbers of the overflow steps taken on the call (call_overflow_step.step_no)
 */
public record ReportCall(String companyId, String deskId, Instant enteredAt, CallOutcome outcome, Long waitMs, Long talkMs,
                         Set<Integer> overflowSteps) {
    public ReportCall {
        Objects.requireNonNull(enteredAt, "enteredAt");
        Objects.requireNonNull(outcome, "outcome");
        overflowSteps = Set.copyOf(new TreeSet<>(overflowSteps));
    }

    boolean answered() {
        return outcome == CallOutcome.ANSWERED;
    }

    boolean abandonedInIvr() {
        return outcome == CallOutcome.ABANDONED_IVR;
    }

    boolean abandonedInQueue() {
        return outcome == CallOutcome.ABANDONED_QUEUE;
    }

    boolean transferredToPartner() {
        return outcome == CallOutcome.OVERFLOW_PARTNER;
    }

    long waitMillis() {
        return waitMs == null ? 0 : Math.max(0, waitMs);
    }

    long talkMillis() {
        return talkMs == null ? 0 : Math.max(0, talkMs);
    }
}
