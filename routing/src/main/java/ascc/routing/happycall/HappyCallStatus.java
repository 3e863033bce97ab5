package ascc.routing.happycall;

import java.util.EnumSet;
import java.util.Set;

/**
 * The lifecycle of one happy-call (the satisfaction call after an inbound call), as {@code happy_call.status} stores it
 * ({@link #id()}).
 * <pre>
 * (scheduled after the call) -&gt; SCHEDULED
 * SCHEDULED -&gt; QUEUED                       claimed for the dialer when due
 * QUEUED -&gt; SCHEDULED                       the dialer could not place it (AMI down, window closed): dialed later
 * QUEUED -&gt; NO_ANSWER, FAILED               the placed call was not answered, or failed
 * SCHEDULED, QUEUED -&gt; ANSWERED             the customer answered: the AGI flow asks the questions
 * ANSWERED -&gt; COMPLETED, PARTIAL, REFUSED   all, some or none of the questions answered
 * QUEUED -&gt; COMPLETED, PARTIAL              recovery after a lost engine finds answers stored
 * </pre>
 * COMPLETED, PARTIAL, REFUSED, NO_ANSWER and FAILED end the lifecycle: a happy-call is never dialed again.
 */
public enum HappyCallStatus {
    /** Waiting for its due time. */
    SCHEDULED("scheduled"),
    /** Claimed by an engine and handed to its dialer. */
    QUEUED("queued"),
    /** The customer answered; the questions are being asked. */
    ANSWERED("answered"),
    /** Every question answered. */
    COMPLETED("completed"),
    /** Some questions answered. */
    PARTIAL("partial"),
    /** Answered, but no question answered. */
    REFUSED("refused"),
    /** Placed, nobody answered (or busy). */
    NO_ANSWER("no-answer"),
    /** Could not be placed or failed for good. */
    FAILED("failed");

    private final String id;

    HappyCallStatus(String id) {
        this.id = id;
    }

    /** The value stored in {@code happy_call.status}. */
    public String id() {
        return id;
    }

    /** The status stored as {@code id}. */
    public static HappyCallStatus ofId(String id) {
        for (HappyCallStatus s : values()) {
            if (s.id.equals(id)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown happy-call status '" + id + "'");
    }

    /** Whether nothing more happens to the happy-call. */
    public boolean terminal() {
        return allowed().isEmpty();
    }

    /** Whether the lifecycle allows going from this status to {@code next}. */
    public boolean canMoveTo(HappyCallStatus next) {
        return allowed().contains(next);
    }

    private Set<HappyCallStatus> allowed() {
        return switch (this) {
            case SCHEDULED -> EnumSet.of(QUEUED, ANSWERED);
            case QUEUED -> EnumSet.of(SCHEDULED, ANSWERED, NO_ANSWER, FAILED, COMPLETED, PARTIAL);
            case ANSWERED -> EnumSet.of(COMPLETED, PARTIAL, REFUSED);
            case COMPLETED, PARTIAL, REFUSED, NO_ANSWER, FAILED -> EnumSet.noneOf(HappyCallStatus.class);
        };
    }
}
