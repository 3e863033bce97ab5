package ascc.core.callbacks;

import ascc.routing.Phones;
import java.time.Instant;

/**
 * A callback a caller asked for after hours.
 *
 * @param linkedId the call the request was taken on (one request per call)
 * @param companyId the company, or null when unknown
 * @param deskId the desk that will call back
 * @param queueName that desk's queue
 * @param number the confirmed number to call (never logged unmasked)
 * @param requestedAt when the caller confirmed
 * @param dueAt the next opening time of the company and desk
 * @param status after hours: PENDING until due, then DUE; overflow callbacks (kind OVERFLOW, {@link OverflowCallbacks}):
 *               QUEUED (place holder waiting in the queue), CALLING (an agent took it, the customer is called), RETRY
 *               (waiting for the next attempt), DONE (customer answered) or FAILED (attempts used up); a happy-call
 *               follow-up task stays open until SOLVED
 * @param reason why the task exists when it is not an after-hours request (a happy-call follow-up), else null
 * @param relatedLinkedId the original inbound call a follow-up is about, else null
 */
public record CallbackRequest(String linkedId, String companyId, String deskId, String queueName, String number,
        Instant requestedAt, Instant dueAt, String status, String reason, String relatedLinkedId) {

    public static final String PENDING = "PENDING";
    public static final String DUE = "DUE";
    public static final String SOLVED = "SOLVED";
    public static final String QUEUED = "QUEUED";
    public static final String CALLING = "CALLING";
    public static final String RETRY = "RETRY";
    public static final String DONE = "DONE";
    public static final String FAILED = "FAILED";

    /** An after-hours request (no reason, no related call). */
    public CallbackRequest(String linkedId, String companyId, String deskId, String queueName, String number,
            Instant requestedAt, Instant dueAt, String status) {
        this(linkedId, companyId, deskId, queueName, number, requestedAt, dueAt, status, null, null);
    }

    @Override
    public String toString() {
        return "CallbackRequest[" + linkedId + ", company=" + companyId + ", desk=" + deskId + ", number=" + Phones.mask(number)
                + ", due=" + dueAt + ", " + status + (reason == null ? "" : ", reason=" + reason)
                + (relatedLinkedId == null ? "" : ", about=" + relatedLinkedId) + "]";
    }
}
