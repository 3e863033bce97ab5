package ascc.core.calls;

import ascc.routing.Phones;
import ascc.routing.calls.CallOutcome;
import java.time.Instant;
import java.util.Objects;

/**
 * One call, as stored in {@code call_record} (the surrogate {@code id} column is left to the database; {@code linkedId}
 * is the key). Times are instants, stored as UTC. {@link #toString()} masks the caller's number.
 *
 * @param linkedId Asterisk linkedid (unique; writing the same one again updates the row)
 * @param uniqueId Asterisk uniqueid of the inbound channel
 * @param companyId company the call was for, if known
 * @param category product category, if known
 * @param inquiryType inquiry type chosen in the IVR, if any
 * @param deskId desk that took the call, if any
 * @param queueName Asterisk queue, if any
 * @param agentId agent who answered, if any
 * @param dialedNumber the number the caller dialed (the center's)
 * @param callerNumber the caller's full number (needed for callbacks; never log it unmasked)
 * @param enteredAt when the call reached the engine
 * @param answeredAt when an agent answered, if one did
 * @param endedAt when the call ended, if it has
 * @param waitMs time waited before answer or abandon, in ms
 * @param talkMs talk time in ms
 * @param outcome how the call ended
 * @param rule why it was routed where it went
 * @param engineNode which engine handled it
 * @param recordingPath the call's recording as the engine sees it, or null when the call is not recorded
 */
public record CallRecord(
        String linkedId,
        String uniqueId,
        String companyId,
        String category,
        String inquiryType,
        String deskId,
        String queueName,
        String agentId,
        String dialedNumber,
        String callerNumber,
        Instant enteredAt,
        Instant answeredAt,
        Instant endedAt,
        Long waitMs,
        Long talkMs,
        CallOutcome outcome,
        String rule,
        String engineNode,
        String recordingPath) {

    /** A call without recording. */
    public CallRecord(String linkedId, String uniqueId, String companyId, String category, String inquiryType, String deskId,
            String queueName, String agentId, String dialedNumber, String callerNumber, Instant enteredAt, Instant answeredAt,
            Instant endedAt, Long waitMs, Long talkMs, CallOutcome outcome, String rule, String engineNode) {
        this(linkedId, uniqueId, companyId, category, inquiryType, deskId, queueName, agentId, dialedNumber, callerNumber, enteredAt,
                answeredAt, endedAt, waitMs, talkMs, outcome, rule, engineNode, null);
    }

    public CallRecord {
        Objects.requireNonNull(linkedId, "linkedId");
        if (linkedId.isBlank() || linkedId.length() > 64) {
            throw new IllegalArgumentException("linkedId must be 1..64 characters (linkedId=" + linkedId + ")");
        }
        Objects.requireNonNull(enteredAt, () -> "enteredAt (linkedId=" + linkedId + ")");
        Objects.requireNonNull(outcome, () -> "outcome (linkedId=" + linkedId + ")");
    }

    @Override
    public String toString() {
        return "CallRecord[linkedId=" + linkedId + ", uniqueId=" + uniqueId + ", companyId=" + companyId + ", category=" + category
            + ", inquiryType=" + inquiryType + ", deskId=" + deskId + ", queueName=" + queueName + ", agentId=" + agentId
            + ", dialedNumber=" + dialedNumber + ", callerNumber=" + Phones.mask(callerNumber) + ", enteredAt=" + enteredAt
            + ", answeredAt=" + answeredAt + ", endedAt=" + endedAt + ", waitMs=" + waitMs + ", talkMs=" + talkMs
            + ", outcome=" + outcome + ", rule=" + rule + ", engineNode=" + engineNode + ", recordingPath=" + recordingPath + "]";
    }
}
