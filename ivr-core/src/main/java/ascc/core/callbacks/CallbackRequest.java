package ascc.core.callbacks;

import ascc.routing.Phones;
import ascc.routing.callbacks.CallbackKind;
import ascc.routing.callbacks.CallbackStatus;
import java.time.Instant;
import java.util.Objects;

/**
 * A row of {@code callback_request}: an after-hours callback, an overflow callback or a happy-call follow-up task.
 *
 * @param linkedId the call the request was taken on (one request per call)
 * @param companyId the company, or null when unknown
 * @param deskId the desk that will call back
 * @param queueName that desk's queue
 * @param number the confirmed number to call (never logged unmasked)
 * @param requestedAt when the caller confirmed
 * @param dueAt the next opening time of the company and desk
 * @param status where it is in its lifecycle, whose type is the request's kind: an after-hours callback
 *               ({@code AfterHoursCallbackStatus}), an overflow callback ({@code OverflowCallbackStatus},
 *               {@code ascc.core.overflow.OverflowCallbacks}) or a happy-call follow-up task ({@code FollowUpStatus}, with a reason)
 * @param reason why the task exists when it is not an after-hours request (a happy-call follow-up), else null
 * @param relatedLinkedId the original inbound call a follow-up is about, else null
 */
public record CallbackRequest(String linkedId, String companyId, String deskId, String queueName, String number,
        Instant requestedAt, Instant dueAt, CallbackStatus status, String reason, String relatedLinkedId) {

    public CallbackRequest {
        Objects.requireNonNull(status, () -> "status (linkedId=" + linkedId + ")");
        if ((reason != null) != (status.kind() == CallbackKind.FOLLOW_UP)) {
            throw new IllegalArgumentException("a follow-up task, and only one, has a reason (linkedId=" + linkedId + ", kind="
                    + status.kind() + ", reason=" + reason + ")");
        }
    }

    /** A request without reason or related call (an after-hours or an overflow callback). */
    public CallbackRequest(String linkedId, String companyId, String deskId, String queueName, String number,
            Instant requestedAt, Instant dueAt, CallbackStatus status) {
        this(linkedId, companyId, deskId, queueName, number, requestedAt, dueAt, status, null, null);
    }

    @Override
    public String toString() {
        return "CallbackRequest[" + linkedId + ", company=" + companyId + ", desk=" + deskId + ", number=" + Phones.mask(number)
                + ", due=" + dueAt + ", " + status.kind() + " " + status.name() + (reason == null ? "" : ", reason=" + reason)
                + (relatedLinkedId == null ? "" : ", about=" + relatedLinkedId) + "]";
    }
}
