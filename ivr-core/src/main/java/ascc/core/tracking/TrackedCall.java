package ascc.core.tracking;

import ascc.routing.calls.CallOutcome;

import java.time.Duration;
import java.time.Instant;

/**
 * What the engine knows about one call when it ends: routing facts from the AGI flow plus queue and agent
 * facts from AMI events. Immutable; the tracker builds a new one per change.
 *
 * @param linkedId Asterisk linkedid of the call (one per call, shared by all its channels)
 * @param uniqueId unique id of the customer's channel
 * @param dialedNumber what the customer dialed
 * @param callerNumber the customer's number (full; mask it before logging)
 * @param companyId company or null when unknown
 * @param category product category id or null
 * @param inquiryType inquiry type id or null
 * @param deskId desk or null
 * @param queueName Asterisk queue the call joined, or null
 * @param agentId agent who answered, or null
 * @param enteredAt when the call reached the engine (or the queue, for fallback calls)
 * @param queuedAt when it joined a queue, or null
 * @param answeredAt when an agent answered, or null
 * @param endedAt when the customer's channel hung up, or null while the call is up
 * @param plannedOutcome the outcome the flow decided (CLOSED, VOICEMAIL...), null when the queue decides
 * @param rule why the call went where it went
 * @param recordingPath the recording the policy asked for (engine's view of the file), or null
 */
public record TrackedCall(
        String linkedId,
        String uniqueId,
        String dialedNumber,
        String callerNumber,
        String companyId,
        String category,
        String inquiryType,
        String deskId,
        String queueName,
        String agentId,
        Instant enteredAt,
        Instant queuedAt,
        Instant answeredAt,
        Instant endedAt,
        CallOutcome plannedOutcome,
        String rule,
        String recordingPath) {

    /** A call without recording. */
    public TrackedCall(String linkedId, String uniqueId, String dialedNumber, String callerNumber, String companyId, String category,
            String inquiryType, String deskId, String queueName, String agentId, Instant enteredAt, Instant queuedAt,
            Instant answeredAt, Instant endedAt, CallOutcome plannedOutcome, String rule) {
        this(linkedId, uniqueId, dialedNumber, callerNumber, companyId, category, inquiryType, deskId, queueName, agentId, enteredAt,
                queuedAt, answeredAt, endedAt, plannedOutcome, rule, null);
    }

    /** The final outcome, from what happened. */
    public CallOutcome outcome() {
        if (answeredAt != null) {
            return CallOutcome.ANSWERED;
        }
        if (plannedOutcome != null) {
            return plannedOutcome;
        }
        if (queuedAt != null) {
            return CallOutcome.ABANDONED_QUEUE;
        }
        return CallOutcome.ABANDONED_IVR;
    }

    /** Milliseconds from entering the queue (or the engine) until answer or end. */
    public long waitMillis() {
        Instant from = queuedAt != null ? queuedAt : enteredAt;
        Instant to = answeredAt != null ? answeredAt : endedAt;
        return from == null || to == null ? 0 : Math.max(0, Duration.between(from, to).toMillis());
    }

    /** Milliseconds from answer to end; 0 when not answered. */
    public long talkMillis() {
        return answeredAt == null || endedAt == null ? 0 : Math.max(0, Duration.between(answeredAt, endedAt).toMillis());
    }

    TrackedCall withQueue(String queue, Instant at) {
        return new TrackedCall(linkedId, uniqueId, dialedNumber, callerNumber, companyId, category, inquiryType, deskId,
                queue, agentId, enteredAt, queuedAt == null ? at : queuedAt, answeredAt, endedAt, plannedOutcome, rule, recordingPath);
    }

    TrackedCall withAnswer(String agent, Instant at) {
        return new TrackedCall(linkedId, uniqueId, dialedNumber, callerNumber, companyId, category, inquiryType, deskId,
                queueName, agent, enteredAt, queuedAt, answeredAt == null ? at : answeredAt, endedAt, plannedOutcome, rule, recordingPath);
    }

    TrackedCall withPlanned(CallOutcome planned) {
        return new TrackedCall(linkedId, uniqueId, dialedNumber, callerNumber, companyId, category, inquiryType, deskId,
                queueName, agentId, enteredAt, queuedAt, answeredAt, endedAt, planned, rule, recordingPath);
    }

    TrackedCall withEnd(Instant at) {
        return new TrackedCall(linkedId, uniqueId, dialedNumber, callerNumber, companyId, category, inquiryType, deskId,
                queueName, agentId, enteredAt, queuedAt, answeredAt, endedAt == null ? at : endedAt, plannedOutcome, rule, recordingPath);
    }

    /**
     * The call ended as Asterisk recorded it: its end from the CDR. An answer the engine heard (AgentConnect) is kept: its
     * talk ends at the CDR's end. An answer the engine did not hear (it came in a gap) is the CDR's: {@code talkMs} (billsec)
     * before the end, but never before the queue join (Asterisk 22's billsec counts from the IVR's answer, so it can be
     * longer than the agent's talk), and the agent is the CDR's {@code dstchannel}. So the talk time is never longer than
     * Asterisk's billsec.
     */
    TrackedCall withTruth(CallEnd truth) {
        Instant end = truth.endedAt();
        Instant answer = answeredAt;
        if (truth.answered() && answer == null) {
            answer = end.minusMillis(truth.talkMs());
            if (queuedAt != null && answer.isBefore(queuedAt)) {
                answer = queuedAt; // Asterisk 22's billsec counts from the IVR's answer: the agent answered after the queue join
            }
        }
        if (answer != null && answer.isAfter(end)) {
            answer = end;
        }
        String agent = agentId == null && truth.answered() ? truth.agentId() : agentId;
        return new TrackedCall(linkedId, uniqueId, dialedNumber, callerNumber, companyId, category, inquiryType, deskId,
                queueName, agent, enteredAt, queuedAt, answer, end, plannedOutcome, rule, recordingPath);
    }
}
