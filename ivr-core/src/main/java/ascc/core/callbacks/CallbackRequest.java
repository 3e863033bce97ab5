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
 *               (waiting for the next attempt), DONE (customer answered) or FAILED (attempts used up)
 */
public record CallbackRequest(String linkedId, String companyId, String deskId, String queueName, String number,
        Instant requestedAt, Instant dueAt, String status) {

    public static final String PENDING = "PENDING";
    public static final String DUE = "DUE";
    public static final String QUEUED = "QUEUED";
    public static final String CALLING = "CALLING";
    public static final String RETRY = "RETRY";
    public static final String DONE = "DONE";
    public static final String FAILED = "FAILED";

    @Override
    public String toString() {
        return "CallbackRequest[" + linkedId + ", company=" + companyId + ", desk=" + deskId + ", number=" + Phones.mask(number)
                + ", due=" + dueAt + ", " + status + "]";
    }
}
