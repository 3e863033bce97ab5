package ascc.routing.campaign;

import java.util.EnumSet;
import java.util.Set;

/**
 * The lifecycle of one campaign target through its attempts, as {@code campaign_target.status} stores it ({@link #id()}).
 * <pre>
 * (import) -&gt; PENDING or NO_CONSENT        a re-import may swap these two (consent given or withdrawn)
 * PENDING, RETRY -&gt; DIALING               an attempt is claimed
 * PENDING, RETRY -&gt; DO_NOT_CALL           found on the do-not-call list when claimed; never dialed
 * DIALING -&gt; RETRY                        the attempt failed and {@link RetryPolicy} allows another
 * DIALING -&gt; COMPLETED ... INVALID_NUMBER the target's final outcome ({@link TargetOutcome})
 * </pre>
 * DO_NOT_CALL and the final outcomes end the lifecycle: nothing more is dialed.
 */
public enum TargetStatus {
    /** Imported with consent, never dialed yet. */
    PENDING("pending"),
    /** Imported without consent: never claimed. */
    NO_CONSENT("no-consent"),
    /** An attempt was claimed and is being dialed (or was, by an engine that died: recovery closes it). */
    DIALING("dialing"),
    /** The last attempt failed; the next one is due at {@code next_attempt_at}. */
    RETRY("retry"),
    /** On the company's or the global do-not-call list. */
    DO_NOT_CALL("do-not-call"),
    COMPLETED(TargetOutcome.COMPLETED),
    PARTIAL(TargetOutcome.PARTIAL),
    REFUSED(TargetOutcome.REFUSED),
    NO_ANSWER(TargetOutcome.NO_ANSWER),
    BUSY(TargetOutcome.BUSY),
    FAILED(TargetOutcome.FAILED),
    INVALID_NUMBER(TargetOutcome.INVALID_NUMBER);

    private final String id;
    private final TargetOutcome outcome;

    TargetStatus(String id) {
        this.id = id;
        this.outcome = null;
    }

    TargetStatus(TargetOutcome outcome) {
        this.id = outcome.id();
        this.outcome = outcome;
    }

    /** The value stored in {@code campaign_target.status}. */
    public String id() {
        return id;
    }

    /** The status of a target that ended with {@code outcome}. */
    public static TargetStatus of(TargetOutcome outcome) {
        for (TargetStatus s : values()) {
            if (s.outcome == outcome) {
                return s;
            }
        }
        throw new IllegalArgumentException("no target status for outcome " + outcome);
    }

    /** The status stored as {@code id}. */
    public static TargetStatus ofId(String id) {
        for (TargetStatus s : values()) {
            if (s.id.equals(id)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown campaign target status '" + id + "'");
    }

    /** The stored values of the statuses that may move to {@code next}, quoted for SQL ({@code 'pending', 'retry'}). */
    public static String sqlFrom(TargetStatus next) {
        StringBuilder out = new StringBuilder();
        for (TargetStatus s : values()) {
            if (s.canMoveTo(next)) {
                out.append(out.isEmpty() ? "" : ", ").append('\'').append(s.id).append('\'');
            }
        }
        return out.toString();
    }

    /** Whether the target may be claimed for an attempt (when due). */
    public boolean claimable() {
        return canMoveTo(DIALING);
    }

    /** Whether nothing more happens to the target. */
    public boolean terminal() {
        return allowed().isEmpty();
    }

    /** Whether the lifecycle allows going from this status to {@code next}. */
    public boolean canMoveTo(TargetStatus next) {
        return allowed().contains(next);
    }

    private Set<TargetStatus> allowed() {
        return switch (this) {
            case PENDING -> EnumSet.of(PENDING, NO_CONSENT, DIALING, DO_NOT_CALL);
            case NO_CONSENT -> EnumSet.of(PENDING, NO_CONSENT);
            case RETRY -> EnumSet.of(DIALING, DO_NOT_CALL);
            case DIALING -> {
                EnumSet<TargetStatus> s = EnumSet.of(RETRY);
                for (TargetOutcome o : TargetOutcome.values()) {
                    s.add(of(o));
                }
                yield s;
            }
            case DO_NOT_CALL, COMPLETED, PARTIAL, REFUSED, NO_ANSWER, BUSY, FAILED, INVALID_NUMBER -> EnumSet.noneOf(TargetStatus.class);
        };
    }
}
