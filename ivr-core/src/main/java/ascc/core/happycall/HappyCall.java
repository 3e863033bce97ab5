package ascc.core.happycall;

import ascc.routing.Phones;
import ascc.routing.happycall.HappyCallStatus;
import java.time.Instant;
import java.util.Objects;

/**
 * One happy-call, as stored in {@code happy_call}. {@link #toString()} masks the number.
 *
 * @param id surrogate id (0 before it is stored)
 * @param originalLinkedId the inbound call it follows (call_record.linked_id; one happy-call per call)
 * @param companyId the company of the inbound call
 * @param campaignId the happy-call campaign (campaigns.yaml)
 * @param agentId the agent who served the inbound call, if known
 * @param deskId the desk that served it
 * @param inquiryType the inbound call's inquiry type
 * @param dialNumber the customer's full number, only for dialing
 * @param callEndedAt when the inbound call ended
 * @param dueAt when the happy-call may be placed
 * @param status where it is in its lifecycle
 * @param callLinkedId the happy-call's own call, once answered
 */
public record HappyCall(long id, String originalLinkedId, String companyId, String campaignId, String agentId, String deskId,
        String inquiryType, String dialNumber, Instant callEndedAt, Instant dueAt, HappyCallStatus status, String callLinkedId) {

    public HappyCall {
        Objects.requireNonNull(originalLinkedId, "originalLinkedId");
        Objects.requireNonNull(companyId, "companyId");
        Objects.requireNonNull(campaignId, "campaignId");
        Objects.requireNonNull(dialNumber, "dialNumber");
        Objects.requireNonNull(callEndedAt, "callEndedAt");
        Objects.requireNonNull(dueAt, "dueAt");
        Objects.requireNonNull(status, "status");
    }

    @Override
    public String toString() {
        return "HappyCall[" + id + ", after=" + originalLinkedId + ", company=" + companyId + ", agent=" + agentId + ", desk=" + deskId
                + ", number=" + Phones.mask(dialNumber) + ", due=" + dueAt + ", " + status.id() + "]";
    }
}
